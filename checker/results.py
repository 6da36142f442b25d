"""What a check run produces: each plan's result, the run's result, and the id that names a plan.

Reporters, the agency filter and the provenance block read these; the pipeline (`check`) makes
them. Keeping them here, apart from the pipeline, lets every reader import them without the engine.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from .errors import Problem
from .findings import Finding
from .model import Plan
from .rag import PlanRating
from .rules import Rule

__all__ = ["DEFAULT_DUE_WITHIN_DAYS", "FORMAT_VERSION", "PlanResult", "RunResult", "RunSettings", "plan_id"]

DEFAULT_DUE_WITHIN_DAYS = 30

FORMAT_VERSION = 2
"""Version of the saved run result (`--format json`), written by `report.json_report` and read by `diff`.
2: recommendation and action numbers are text as the plan writes them ('5.1'); 1 wrote integers."""


@dataclass(frozen=True)
class RunSettings:
    """How the run was asked for, beyond the as-of date: the paths given, the rules folder, the filters."""

    inputs: tuple[str, ...] = ()
    rules_dir: str | None = None             # None: the rules that ship with dhr-checker
    agency: str | None = None                # the run is filtered to this lead agency's actions
    due_within_days: int = DEFAULT_DUE_WITHIN_DAYS
    generated_at: dt.datetime | None = None  # only with --timestamp or SOURCE_DATE_EPOCH
    config_file: str | None = None           # the partnership's dhr-check.yaml, when one was used
    settings_files: tuple[dict[str, str], ...] = ()   # role, file, sha256: settings and waivers files
    rag_policy: str = "worst_of"
    agency_names: tuple[tuple[str, tuple[str, ...]], ...] = ()   # the settings' agencies and their aliases
    marking: str | None = None               # --marking: the protective marking printed on every page
    summary_only: bool = False               # --summary-only: the board summary, without per-finding detail


@dataclass
class PlanResult:
    """The outcome for one plan file."""

    file: str
    plan_id: str
    subject: str
    partnership: str
    sha256: str
    rating: PlanRating
    findings: list[Finding]
    subject_at: tuple[int, int] = (1, 1)     # line and column of the review's subject, for the plan id


@dataclass
class RunResult:
    """Everything a reporter needs: the as-of date, the rules, each plan's outcome, each bad file."""

    as_of: dt.date
    rules: list[Rule]
    plans: list[PlanResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    settings: RunSettings = field(default_factory=RunSettings)

    @property
    def findings(self) -> list[Finding]:
        return [finding for plan in self.plans for finding in plan.findings]


def plan_id(plan: Plan) -> str:
    """A stable id for a plan across quarters and file renames: partnership and subject, e.g. 'bolton/adult-a'."""
    return f"{_slug(plan.review.community_safety_partnership)}/{_slug(plan.review.subject)}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "unnamed"
