"""Validation runs: the package's scores held against human labels (imported by the CLI only)."""

from framing.validation.suite import run_validations

__all__ = ["run_validations"]
