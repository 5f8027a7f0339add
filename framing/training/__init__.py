"""Training recipes for the shipped artifacts (imported by the CLI only)."""
