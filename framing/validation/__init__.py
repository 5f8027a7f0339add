"""Metrics and validation runs that compare the package's scores with human labels."""
