"""Mergers and renames of units: preview, apply, undo. No models: its rows are unit history in wards."""
