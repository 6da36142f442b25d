"""Headless Chromium for the HTML report: the DOM as a browser builds it, and screenshots.

Also the command that refreshes the README's screenshot of the report:

    python -m tests.browser docs/html-report.png
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")
TIMEOUT = 120


def _chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *options, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)


def dump_dom(page: Path, profile: Path) -> str:
    """The document after the browser has parsed it (and run any script it would run)."""
    return _chromium(page, profile, "--dump-dom").stdout


def screenshot(page: Path, png: Path, profile: Path, size: str = "1280,2000") -> None:
    _chromium(page, profile, f"--screenshot={png.resolve()}", f"--window-size={size}", "--hide-scrollbars")


def main(target: str) -> None:
    """Render the report on the bundled plans and save its top as a PNG for the README."""
    from checker.cli import main as dhr_check

    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(repo):
        page = Path(folder) / "report.html"
        with contextlib.suppress(SystemExit):
            dhr_check(["check", "plans", "--as-of", "2026-03-31", "--output", str(page)])
        screenshot(page, Path(target), Path(folder) / "profile", "1280,1500")


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/html-report.png")
