"""Reporters turn a `RunResult` into bytes, one module per format, chosen from `REPORTERS`."""

from __future__ import annotations

from typing import Callable

from ..check import RunResult
from . import json_report, text

__all__ = ["REPORTERS", "Reporter"]

Reporter = Callable[[RunResult], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
}
