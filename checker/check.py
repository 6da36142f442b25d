"""Check plans against rules: the whole pipeline, from paths to a `RunResult`.

load -> validate -> facts -> engine -> findings -> RAG, one plan at a time,
so one bad plan never stops the others and memory does not grow with the run;
large runs spread the plans over worker processes (`parallel`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
import unicodedata
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .engine import Engine
from .errors import Problem
from .files import describe
from .load import PLAN_SUFFIXES, Document
from .model import Plan
from .parallel import check_in_order
from .provenance import RunSettings
from .facts import PlanFacts, add_rating, plan_facts
from .findings import Finding, findings_from_matches
from .rag import PlanRating, action_ratings, rate_plan
from .rules import PHASES, Rule
from .signals import raise_if_stopped
from .waivers import LoadedWaiver, apply_waivers, waiver_facts
from .validate import load_plan

__all__ = ["PlanResult", "RunResult", "Checker", "check_paths", "iter_check", "discover_plans", "plan_id"]

NOT_PLANS = ("dhr-check.yaml", "waivers.yaml")
"""Files that sit beside plans in a partnership's folder but are settings, not plans."""


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


class Checker:
    """Rules compiled once for an as-of date; `check_file` checks one plan with them.

    `evaluator` builds what evaluates each phase's rules: the durable-rules `Engine`, or, for the
    differential tests and the benchmark, the plain-Python `ReferenceEvaluator` (same arguments).
    """

    def __init__(self, rules: list[Rule], as_of: dt.date, rag_policy: str = "worst_of",
                 waivers: list[LoadedWaiver] | None = None, evaluator: Callable[[list[Rule], int], Any] = Engine):
        self.rules = rules
        self.as_of = as_of
        self.rag_policy = rag_policy
        self.by_id = {rule.id: rule for rule in rules}
        self.waivers: dict[str, list[LoadedWaiver]] = {}
        for waiver in waivers or []:
            self.waivers.setdefault(waiver.waiver.plan, []).append(waiver)
        day = as_of.toordinal()
        self.engines = {phase: evaluator([r for r in rules if r.phase == phase], day) for phase in PHASES}

    def check_file(self, path: Path | str, display_name: str | None = None) -> PlanResult:
        """Check one plan file. Raises `PlanError` when the file is unreadable or invalid.

        Three passes: the plan's own facts; then each action with its suggested RAG (to compare
        with the self-assessed one); then the waivers naming this plan, once it is known which
        findings they match. Waived findings are kept, marked, and left out of the RAG.
        """
        plan, document = load_plan(path, display_name)
        return self.check_plan(plan, document)

    def check_plan(self, plan: Plan, document: Document) -> PlanResult:
        """Check a validated plan; `document` gives its file name, lines and hash."""
        name, pid = document.file, plan_id(plan)
        waivers = self.waivers.get(pid, [])
        facts = plan_facts(plan, document)
        findings = self._findings("plan", facts, name, pid, waivers)
        add_rating(facts, action_ratings(plan, [f for f in findings if f.counts], self.rag_policy))
        findings += self._findings("after_rating", facts, name, pid, waivers)
        if waivers:
            findings += self._findings("waivers", waiver_facts(waivers, findings), name, pid, [])
        findings.sort(key=Finding.sort_key)
        return PlanResult(name, pid, plan.review.subject, plan.review.community_safety_partnership,
                          document.sha256, rate_plan(plan, findings, self.rag_policy), findings,
                          document.position(("review", "subject")))

    def _findings(self, phase: str, facts: PlanFacts, name: str, pid: str,
                  waivers: list[LoadedWaiver]) -> list[Finding]:
        matches = self.engines[phase].evaluate(facts.facts)
        found = findings_from_matches(name, pid, matches, self.by_id, facts.subjects, self.as_of.isoformat())
        return apply_waivers(found, waivers, self.as_of) if waivers else found

    def close(self) -> None:
        for engine in self.engines.values():
            engine.close()

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def discover_plans(paths: Iterable[str | Path]) -> Iterator[tuple[str | None, Problem | None]]:
    """Plan files named, or found below the folders named, in a stable order; a problem per bad path.

    Folders are walked lazily, in the order of sorted paths, one folder's names at a time. Plans come
    as text, not `Path`s: pathlib interns every name it parses, and a national run has tens of thousands.
    A file reached twice (named twice, or through a link) comes once, under the name it first came by;
    every entry that looks like a plan but cannot be read (a FIFO, a device, a dangling link, a link
    loop, an unreadable folder) comes as a problem, never silently left out.
    """
    seen: set[tuple[int, int]] = set()     # (device, inode) of each plan so far
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for entry in _plans_below(str(path), seen):
                found = True
                if entry is not None:
                    yield entry
            if not found:
                yield None, Problem(str(path), 1, 1, "this folder holds no plan files (*.yaml).")
        else:
            entry = _plan_file(str(path), seen)
            if entry is not None:
                yield entry


_Entry = tuple[str | None, Problem | None]


def _plans_below(folder: str, seen: set[tuple[int, int]]) -> Iterator[_Entry | None]:
    """Plan files in `folder` and the folders below it (not through links to folders), sorted by path;
    None for a plan file reached before."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        yield None, Problem(folder, 1, 1, f"not checked: this folder cannot be read ({error.strerror}), so any "
                                          "plans in it were left out. Give read access to it, or move the plans.")
        return
    for name in names:
        path = name if folder == "." else os.path.join(folder, name)     # as pathlib writes it
        if _is_folder(path):
            yield from _plans_below(path, seen)
        elif os.path.splitext(name)[1] in PLAN_SUFFIXES and not name.endswith(".test.yaml") \
                and name not in NOT_PLANS:
            yield _plan_file(path, seen)


def _plan_file(path: str, seen: set[tuple[int, int]]) -> _Entry | None:
    """`path` as a plan, or the reason it is not a file that can be read; None when it was reached before."""
    try:
        status = os.stat(path)
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        reason = describe(path)
        if os.path.islink(path) and status is not None and stat.S_ISDIR(status.st_mode):
            reason = "it is a link to a folder, and links to folders are not followed"
        return None, Problem(path, 1, 1, f"{reason}." if reason == "no such file or folder"
                             else f"not checked: {reason}.")
    identity = (status.st_dev, status.st_ino)
    if identity in seen:
        return None
    seen.add(identity)
    return path, None


def _is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:           # gone since the folder was listed
        return False


def plan_id(plan: Plan) -> str:
    """A stable id for a plan across quarters and file renames: partnership and subject, e.g. 'bolton/adult-a'."""
    return f"{_slug(plan.review.community_safety_partnership)}/{_slug(plan.review.subject)}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "unnamed"


def iter_check(paths: Iterable[str | Path], rules: list[Rule], as_of: dt.date, rag_policy: str = "worst_of",
               waivers: list[LoadedWaiver] | None = None, jobs: int = 1,
               keep: Callable[[PlanResult], Any] | None = None) -> Iterator[Any]:
    """Check plans one at a time, yielding each plan's result or the problems of a bad file, in order.

    With `jobs` above 1, large runs are checked in that many worker processes (see `parallel`);
    `keep`, when given, turns each `PlanResult` into what is yielded, in the process that checked it.
    """
    make_checker = functools.partial(Checker, rules, as_of, rag_policy, waivers)
    identified = functools.partial(_identified, keep or _same)
    first_file: dict[str, str] = {}     # plan id -> the file that has it
    for outcome in check_in_order(discover_plans(paths), make_checker, identified, jobs):
        raise_if_stopped()
        if not isinstance(outcome, _Identified):
            yield outcome
        elif outcome.plan_id in first_file:
            yield [_same_id(outcome, first_file[outcome.plan_id])]
        else:
            first_file[outcome.plan_id] = outcome.file
            yield outcome.kept


@dataclass(frozen=True)
class _Identified:
    """What `keep` made of a plan's result, with the plan's id, so that ids can be kept unique across the run."""

    plan_id: str
    file: str
    subject_at: tuple[int, int]
    kept: Any


def _identified(keep: Callable[[PlanResult], Any], result: PlanResult) -> _Identified:
    return _Identified(result.plan_id, result.file, result.subject_at, keep(result))


def _same_id(outcome: _Identified, first: str) -> Problem:
    """Two plans with one id would share finding ids and waivers, and `diff` could not tell them apart."""
    return Problem(outcome.file, *outcome.subject_at,
                   f"not checked: this plan's id '{outcome.plan_id}' (made from its partnership and subject) is "
                   f"also the id of {first}. Give each plan a subject of its own (case, spaces and punctuation "
                   "do not count), or remove the copy.")


def _same(result: PlanResult) -> PlanResult:
    return result


def check_paths(paths: Iterable[str | Path], rules: list[Rule], as_of: dt.date, rag_policy: str = "worst_of",
                waivers: list[LoadedWaiver] | None = None, jobs: int = 1) -> RunResult:
    """Check every plan under `paths`. Bad files become error records; the rest are still checked."""
    result = RunResult(as_of, rules)
    with closing(iter_check(paths, rules, as_of, rag_policy, waivers, jobs)) as outcomes:
        for outcome in outcomes:
            if isinstance(outcome, PlanResult):
                result.plans.append(outcome)
            else:
                result.errors.extend(outcome)
    return result
