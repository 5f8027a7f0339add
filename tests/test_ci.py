"""CI runs exactly the README's two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"<!-- ci:command -->\n```bash\n(.+)\n```", text)


def test_ci_runs_the_readme_commands_in_order():
    readme = _readme_commands()
    assert len(readme) == 2
    ci = [line for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    assert ci == readme
    assert "pytest" in readme[1] and "framing run" in readme[0]
