"""The logbook: self-management models, activities, covenants and their evidence files."""
