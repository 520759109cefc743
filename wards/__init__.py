"""Units (dated), residential areas, member organisations, users; wards/history.py and wards/logbook/."""
