"""Labelled reference data used to train and validate the scorers (never shipped in the repo)."""
