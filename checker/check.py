"""Check plans against rules: the whole pipeline, from paths to a `RunResult` (see `results`).

load -> validate -> facts -> engine -> findings -> RAG, one plan at a time,
so one bad plan never stops the others and memory does not grow with the run;
large runs spread the plans over worker processes (`parallel`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from .discovery import Source, discover_plans
from .engine import Engine
from .errors import Problem
from .facts import PlanFacts, add_rating, plan_facts
from .findings import Finding, findings_from_matches
from .load import Document
from .model import Plan
from .parallel import check_in_order
from .rag import action_ratings, rate_plan
from .results import PlanResult, RunResult, plan_id
from .rules import PHASES, Rule
from .signals import raise_if_stopped
from .validate import load_plan
from .waivers import LoadedWaiver, apply_waivers, waiver_facts

__all__ = ["Checker", "PlanResult", "RunResult", "check_paths", "iter_check"]


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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def iter_check(paths: Iterable[str | Path], rules: list[Rule], as_of: dt.date, rag_policy: str = "worst_of",
               waivers: list[LoadedWaiver] | None = None, jobs: int = 1,
               keep: Callable[[PlanResult], Any] | None = None,
               sources: Iterable[Source] | None = None) -> Generator[Any, None, None]:
    """Check plans one at a time, yielding each plan's result or the problems of a bad file, in order.

    With `jobs` above 1, large runs are checked in that many worker processes (see `parallel`);
    `keep`, when given, turns each `PlanResult` into what is yielded, in the process that checked it.
    `sources`, when given, is what `discover_plans(paths)` found already (a run discovers its plans once).
    """
    make_checker = functools.partial(Checker, rules, as_of, rag_policy, waivers)
    identified = functools.partial(_identified, keep or _same)
    first_file: dict[str, str] = {}     # plan id -> the file that has it
    found = discover_plans(paths) if sources is None else sources
    for outcome in check_in_order(found, make_checker, identified, jobs):
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
                waivers: list[LoadedWaiver] | None = None, jobs: int = 1,
                watch: Callable[[Iterator[Any]], Iterator[Any]] | None = None,
                sources: Iterable[Source] | None = None) -> RunResult:
    """Check every plan under `paths`. Bad files become error records; the rest are still checked.
    `watch` sees each outcome as it comes (a progress bar); `sources` is as for `iter_check`."""
    result = RunResult(as_of, rules)
    with closing(iter_check(paths, rules, as_of, rag_policy, waivers, jobs, sources=sources)) as outcomes:
        for outcome in (watch(outcomes) if watch else outcomes):
            if isinstance(outcome, PlanResult):
                result.plans.append(outcome)
            else:
                result.errors.extend(outcome)
    return result
