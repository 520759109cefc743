"""Demo data (idempotent), seeded by `manage.py seed_demo`: it spans every app, so it lives at the top."""
