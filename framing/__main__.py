"""``python -m framing``."""

from framing.cli import app

app(prog_name="framing")
