"""The programme and its content areas, pilots and their evaluation, criteria and self-assessment."""
