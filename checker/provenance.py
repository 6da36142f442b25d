"""Provenance: what an auditor needs to trust a report and reproduce it to the same bytes.

Every report that has room for it carries the tool version, the as-of date, each
rule file's id and SHA-256, each plan file's SHA-256, the parameters in force and
the command that repeats the run. There is no wall-clock time unless the user asks
for one (`--timestamp`) or the build sets `SOURCE_DATE_EPOCH`, so the same inputs
always give the same report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .errors import DhrCheckError
from .files import open_regular
from .results import DEFAULT_DUE_WITHIN_DAYS, RunResult, RunSettings

__all__ = [
    "DEFAULT_DUE_WITHIN_DAYS",
    "TOOL",
    "Provenance",
    "RunSettings",
    "file_sha256",
    "provenance",
    "rule_set_sha256",
    "run_timestamp",
]

TOOL = "dhr-check"


@dataclass(frozen=True)
class Provenance:
    """The provenance of one run, in the order reports print it."""

    tool: str
    version: str
    as_of: str
    generated_at: str | None
    command: str
    rules_from: str
    rule_set_sha256: str
    rules: tuple[dict[str, str], ...]                # id, title, sha256
    plans: tuple[dict[str, str], ...]                # file, id, sha256
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)   # rule id -> values in force
    agency: str | None = None
    due_within_days: int = DEFAULT_DUE_WITHIN_DAYS
    settings_files: tuple[dict[str, str], ...] = ()   # role, file, sha256
    rag_policy: str = "worst_of"
    marking: str | None = None
    summary_only: bool = False

    def as_record(self) -> dict[str, Any]:
        return {"tool": self.tool, "version": self.version, "as_of": self.as_of,
                "generated_at": self.generated_at, "command": self.command, "rules_from": self.rules_from,
                "rule_set_sha256": self.rule_set_sha256, "rules": list(self.rules), "plans": list(self.plans),
                "parameters": self.parameters, "agency": self.agency, "due_within_days": self.due_within_days,
                "settings_files": list(self.settings_files), "rag_policy": self.rag_policy,
                "marking": self.marking}


def provenance(result: RunResult) -> Provenance:
    settings = result.settings
    return Provenance(
        tool=TOOL, version=__version__, as_of=result.as_of.isoformat(),
        generated_at=settings.generated_at.isoformat() if settings.generated_at else None,
        command=_command(result),
        rules_from=settings.rules_dir or f"the rules bundled with {TOOL} {__version__}",
        rule_set_sha256=rule_set_sha256(result.rules),
        rules=tuple({"id": rule.id, "title": rule.title, "sha256": rule.sha256} for rule in result.rules),
        plans=tuple({"file": plan.file, "id": plan.plan_id, "sha256": plan.sha256} for plan in result.plans),
        parameters={rule.id: dict(rule.values) for rule in result.rules if rule.values},
        agency=settings.agency, due_within_days=settings.due_within_days,
        settings_files=settings.settings_files, rag_policy=settings.rag_policy, marking=settings.marking,
        summary_only=settings.summary_only)


def file_sha256(path) -> str:
    """SHA-256 of a settings or waivers file, for the provenance block."""
    with open_regular(path) as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def rule_set_sha256(rules) -> str:
    """One fingerprint for the rules in force: every rule file's SHA-256 and its parameter values.

    Two runs are comparable only when this matches; a changed threshold changes it as surely as an
    edited rule file does.
    """
    canonical = [{"id": rule.id, "sha256": rule.sha256, "parameters": rule.values}
                 for rule in sorted(rules, key=lambda r: r.id)]
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_timestamp(requested: bool, environ: Mapping[str, str]) -> dt.datetime | None:
    """The time to stamp on reports, if any: `SOURCE_DATE_EPOCH` when set, else now when `--timestamp` asks.

    Raises `DhrCheckError` when SOURCE_DATE_EPOCH is not a whole number of seconds.
    """
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise DhrCheckError(f"SOURCE_DATE_EPOCH is {epoch!r}; it must be a whole number of seconds "
                                "since 1970-01-01, e.g. 1774915200.") from None
    if requested:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return None


def _command(result: RunResult) -> str:
    settings = result.settings
    words = [TOOL, "check", *(settings.inputs or [plan.file for plan in result.plans]),
             "--as-of", result.as_of.isoformat()]
    if settings.rules_dir:
        words += ["--rules", settings.rules_dir]
    if settings.config_file:
        words += ["--config", settings.config_file]
    if settings.agency:
        words += ["--agency", settings.agency]
    if settings.due_within_days != DEFAULT_DUE_WITHIN_DAYS:
        words += ["--due-within", str(settings.due_within_days)]
    if settings.marking:
        words += ["--marking", settings.marking]
    if settings.summary_only:
        words += ["--summary-only"]
    return shlex.join(words)
