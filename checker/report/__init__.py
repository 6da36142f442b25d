"""Reporters turn a `RunResult` into text or bytes, one module per format, chosen from `REPORTERS`."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..check import RunResult
from ..diff import RunDiff
from . import csv_report, html, json_report, junit, markdown, sarif, text, xlsx

__all__ = ["REPORTERS", "DIFF_REPORTERS", "Reporter", "EXTENSIONS", "format_for", "as_bytes"]

Reporter = Callable[[RunResult], "str | bytes"]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "markdown": markdown.render,
    "html": html.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "csv": csv_report.render,
    "xlsx": xlsx.render,
}

DIFF_REPORTERS: dict[str, Callable[[RunDiff], str]] = {
    "text": text.render_diff,
    "json": json_report.render_diff,
    "markdown": markdown.render_diff,
    "html": html.render_diff,
}
"""Formats `dhr-check diff` can write."""

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".json": "json", ".md": "markdown", ".html": "html", ".htm": "html",
    ".sarif": "sarif", ".sarif.json": "sarif", ".xml": "junit", ".csv": "csv", ".xlsx": "xlsx",
}
"""Report format by file name ending; the longest matching ending wins (`.sarif.json` is SARIF)."""


def format_for(path: Path) -> str | None:
    """The format a file name asks for, or None when its extension is not one of `EXTENSIONS`."""
    name = path.name.lower()
    endings = sorted((e for e in EXTENSIONS if name.endswith(e)), key=len, reverse=True)
    return EXTENSIONS[endings[0]] if endings else None


def as_bytes(report: str | bytes) -> bytes:
    """What is written to a file: text reports as UTF-8, exactly as rendered (no newline translation)."""
    return report if isinstance(report, bytes) else report.encode("utf-8")
