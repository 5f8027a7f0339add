"""Headless Chromium for the HTML report: the DOM after its scripts ran, and screenshots.

Debian's ``chromium`` (or ``chromium-browser``/Chrome on the PATH, or ``$FRAMING_CHROMIUM``)
runs with a throwaway profile, no sandbox (containers) and no background networking.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from framing.errors import OutputError
from framing.outputs import write_atomic

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Browser executables looked for on the PATH, in order."""


def find_browser() -> str | None:
    """The headless browser: ``$FRAMING_CHROMIUM``, else chromium/chrome on the PATH."""
    env = os.environ.get("FRAMING_CHROMIUM")
    if env:
        return shutil.which(env) or (env if Path(env).is_file() else None)
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def run_browser(args: Sequence[str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the headless browser with a throwaway profile.

    Raises:
        OutputError: No browser, or it failed or timed out.
    """
    browser = find_browser()
    if browser is None:
        raise OutputError("no headless browser: install Debian's chromium (apt-get install "
                          "chromium) or set FRAMING_CHROMIUM")
    with tempfile.TemporaryDirectory(prefix="framing-chromium-",
                                     ignore_cleanup_errors=True) as profile:
        cmd = [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
               "--disable-background-networking", "--disable-component-update",
               f"--user-data-dir={profile}", *args]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  env={**os.environ, "HOME": profile})
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"{browser}: {type(exc).__name__}: {exc}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise OutputError(f"{browser} failed (exit {done.returncode}): {' '.join(tail)}")
    return done


def dump_dom(html_path: str | Path, fragment: str = "", budget_ms: int = 3000) -> str:
    """The page's DOM after its scripts ran, as headless Chromium serialises it.

    Args:
        html_path: The report file.
        fragment: URL fragment without ``#`` (e.g. ``voice=quoted``) for the filters.
        budget_ms: Virtual time the page gets to run its scripts.
    """
    url = Path(html_path).resolve().as_uri() + (f"#{fragment}" if fragment else "")
    done = run_browser([f"--virtual-time-budget={budget_ms}", "--dump-dom", url])
    return done.stdout.decode("utf-8", "replace")


def screenshot(html_path: str | Path, png_path: str | Path, width: int = 1280,
               height: int = 2400, fragment: str = "") -> Path:
    """A PNG screenshot of the report's first ``height`` pixels, written atomically.

    Raises:
        OutputError: No browser, or it failed.
    """
    target = Path(png_path)
    with tempfile.TemporaryDirectory(prefix="framing-shot-") as tmp:
        shot = Path(tmp) / "shot.png"
        url = Path(html_path).resolve().as_uri() + (f"#{fragment}" if fragment else "")
        run_browser([f"--window-size={width},{height}", "--virtual-time-budget=3000",
                     f"--screenshot={shot}", url])
        if not shot.is_file():
            raise OutputError(f"{target}: the browser wrote no screenshot")
        data = shot.read_bytes()
    return write_atomic(target, lambda p: p.write_bytes(data))
