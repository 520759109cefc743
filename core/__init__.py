"""Shared by every app and importing none: scope, audit, uploads, exports, formats, charts, health, backup."""
