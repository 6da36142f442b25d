"""Reporters turn a `RunResult` into text or bytes, one module per format, described in `formats.FORMATS`."""

from __future__ import annotations

from .formats import FORMATS, Format, format_for

__all__ = ["FORMATS", "Format", "as_bytes", "format_for"]


def as_bytes(report: str | bytes) -> bytes:
    """What is written to a file: text reports as UTF-8, exactly as rendered (no newline translation)."""
    return report if isinstance(report, bytes) else report.encode("utf-8")
