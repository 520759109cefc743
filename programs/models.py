"""Programme, content areas, pilots, evaluations and criteria."""
