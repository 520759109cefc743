"""Home pages per role, the ward page, and the summary table they read."""
