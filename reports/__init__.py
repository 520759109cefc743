"""Periods, unit reports and their review, notifications, compiled city reports (PDF, XLSX)."""
