"""Shared helpers for the report tests: run the CLI from the repository root, compare with golden files."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main

from .common import REPO

GOLDEN = REPO / "tests" / "golden"
REGENERATE = os.environ.get("DHR_REGENERATE_GOLDEN") == "1"
AS_OF = "2026-03-31"
LAST_QUARTER = "2025-12-31"


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """Run `dhr-check` with click's runner; (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


def golden_bytes(name: str, actual: bytes) -> bytes:
    """The committed expected bytes; `DHR_REGENERATE_GOLDEN=1 pytest` rewrites them for review as a diff."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_bytes(actual)
    return path.read_bytes()


def write_plan(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def without_source_date_epoch() -> dict[str, str | None]:
    """An environment for the runner in which SOURCE_DATE_EPOCH is unset (the runner passes None to unset)."""
    return {"SOURCE_DATE_EPOCH": None} if "SOURCE_DATE_EPOCH" in os.environ else {}
