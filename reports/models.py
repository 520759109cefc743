"""Reporting periods, unit reports, compiled reports."""
