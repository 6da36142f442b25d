"""Headless Chromium for the HTML report: the DOM as a browser builds it, and screenshots.

Also the command that refreshes the README's screenshot of the report:

    python -m tests.browser docs/html-report.png
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")   # Debian's chromium-driver, the WebDriver of that same Chromium
REQUIRED = os.environ.get("DHR_REQUIRE_CHROMIUM") == "1"   # CI: a browser test must run, never be skipped
MISSING = ("Chromium is not installed, so the HTML report cannot be rendered in a browser. Install Debian's "
           "package ('apt-get install chromium', as .ci/run does) so that 'chromium' is on the PATH")
MISSING_DRIVER = ("Chromium or its WebDriver is not installed, so the self-check page cannot be driven in a browser. "
                  "Install Debian's packages ('apt-get install chromium chromium-driver', as .ci/run does) so "
                  "that 'chromium' and 'chromedriver' are on the PATH")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")
TIMEOUT = 120
PAGE_TIMEOUT = 300   # seconds a page may take to load under Selenium: a hang guard, not a timing


def _chromium(page: Path, profile: Path, *options: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *options, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)


def dump_dom(page: Path, profile: Path) -> str:
    """The document after the browser has parsed it (and run any script it would run)."""
    return _chromium(page, profile, "--dump-dom").stdout


def screenshot(page: Path, png: Path, profile: Path, size: str = "1280,2000") -> None:
    _chromium(page, profile, f"--screenshot={png.resolve()}", f"--window-size={size}", "--hide-scrollbars")


def selenium_chromium(downloads: Path, width: int = 1280, height: int = 1000):
    """Headless Chromium driven through Debian's chromedriver (named, so Selenium Manager never looks for or
    downloads a driver), saving downloads into `downloads`, keeping its console and network logs."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


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
