"""Reporters turn a `RunResult` into text or bytes, one module per format, chosen from `REPORTERS`."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..results import RunResult
    from ..diff import RunDiff

__all__ = ["REPORTERS", "DIFF_REPORTERS", "Reporter", "EXTENSIONS", "BINARY_FORMATS", "format_for", "as_bytes"]

Reporter = Callable[["RunResult"], "str | bytes"]


def _lazy(module: str, function: str) -> Callable:
    """The reporter `module.function`, imported on first use: Jinja2 and openpyxl cost every run start-up time."""
    def reporter(run):
        return getattr(import_module(f"{__name__}.{module}"), function)(run)
    reporter.__name__ = reporter.__qualname__ = f"{module}.{function}"
    return reporter


REPORTERS: dict[str, Reporter] = {
    "text": _lazy("text", "render"),
    "json": _lazy("json_report", "render"),
    "markdown": _lazy("markdown", "render"),
    "html": _lazy("html", "render"),
    "sarif": _lazy("sarif", "render"),
    "junit": _lazy("junit", "render"),
    "csv": _lazy("csv_report", "render"),
    "xlsx": _lazy("xlsx", "render"),
    "pdf": _lazy("pdf", "render"),
}

DIFF_REPORTERS: dict[str, Callable[["RunDiff"], str]] = {
    "text": _lazy("text", "render_diff"),
    "json": _lazy("json_report", "render_diff"),
    "markdown": _lazy("markdown", "render_diff"),
    "html": _lazy("html", "render_diff"),
}
"""Formats `dhr-check diff` can write."""

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".json": "json", ".md": "markdown", ".html": "html", ".htm": "html",
    ".sarif": "sarif", ".sarif.json": "sarif", ".xml": "junit", ".csv": "csv", ".xlsx": "xlsx",
    ".pdf": "pdf",
}
"""Report format by file name ending; the longest matching ending wins (`.sarif.json` is SARIF)."""

BINARY_FORMATS = ("xlsx", "pdf")
"""Formats a terminal cannot show: written to a file (or a pipe), never to a terminal."""


def format_for(path: Path) -> str | None:
    """The format a file name asks for, or None when its extension is not one of `EXTENSIONS`."""
    name = path.name.lower()
    endings = sorted((e for e in EXTENSIONS if name.endswith(e)), key=len, reverse=True)
    return EXTENSIONS[endings[0]] if endings else None


def as_bytes(report: str | bytes) -> bytes:
    """What is written to a file: text reports as UTF-8, exactly as rendered (no newline translation)."""
    return report if isinstance(report, bytes) else report.encode("utf-8")
