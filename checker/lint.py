"""`dhr-check rules lint`: check the rule set itself, so auditors can trust each rule does what it says.

Each issue is a `Problem` tagged with the check that found it:

    duplicate-id        two files declare the same rule id
    id-not-file-name    a rule's id is not its file name
    empty-message       the message is missing or blank
    no-rationale        the rationale is missing or blank
    no-source           the source is missing or blank
    invalid-rule        any other defect that stops the rule loading
    unused-parameter    a parameter that neither the condition nor the message uses
    no-test-cases       no `<id>.test.yaml`, or it lacks an expect or an ok case
    failing-test-case   a test case fails
    never-fires         the rule fires on none of its test cases
    overlap             every finding of one rule comes with a finding of another: the conditions of
                        the second are a subset of the first's, or in every test case where the first
                        fired, the second fired on the same line
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .conditions import Condition, conjuncts
from .errors import PlanError, Problem, RuleError
from .load import RULE, YamlProblem, read_yaml
from .rules import Rule, load_rule, rule_files
from .ruletests import CaseResult, collect_cases, run_case

__all__ = ["LintIssue", "lint_rules", "CHECKS"]

CHECKS = ("duplicate-id", "id-not-file-name", "empty-message", "no-rationale", "no-source", "invalid-rule",
          "unused-parameter", "no-test-cases", "failing-test-case", "never-fires", "overlap")


@dataclass(frozen=True, order=True)
class LintIssue:
    problem: Problem
    check: str

    def __str__(self) -> str:
        p = self.problem
        return f"{p.file}:{p.line}:{p.column}: [{self.check}] {p.message}"


def lint_rules(directory: Path) -> list[LintIssue]:
    """Every issue found in the rules (and their test files) below `directory`, sorted."""
    issues: list[LintIssue] = []
    rules: list[Rule] = []
    first_file: dict[str, str] = {}
    for path in rule_files(directory):
        raw_issues = _raw_checks(path, first_file)
        issues += raw_issues
        if raw_issues:
            continue
        try:
            rule = load_rule(path)
        except RuleError as error:
            issues += [LintIssue(p, "invalid-rule") for p in error.problems]
            continue
        rules.append(rule)
        for name in rule.unused_parameters:
            issues.append(_issue(rule.file, "unused-parameter", f"parameter '{name}' of {rule.id} is used by "
                                                                "neither its condition nor its message."))
    issues += _test_checks(directory, rules)
    issues += _overlaps(rules)
    return sorted(issues)


def _issue(file: str, check: str, message: str, line: int = 1, column: int = 1) -> LintIssue:
    return LintIssue(Problem(file, line, column, message), check)


def _raw_checks(path: Path, first_file: dict[str, str]) -> list[LintIssue]:
    """Checks on the file as written, before the rule model would stop at the first defect."""
    try:
        document = read_yaml(path, kind=RULE)
    except YamlProblem as error:
        return [LintIssue(error.problem, "invalid-rule")]
    data = document.data
    found = []
    rule_id = data.get("id")
    if isinstance(rule_id, str):
        if rule_id in first_file:
            found.append(_issue(str(path), "duplicate-id", f"rule id {rule_id} is also declared in "
                                                           f"{first_file[rule_id]}.", *document.position(("id",))))
        else:
            first_file[rule_id] = str(path)
        if rule_id != path.stem:
            found.append(_issue(str(path), "id-not-file-name", f"the id {rule_id} differs from the file name "
                                                               f"{path.name}.", *document.position(("id",))))
    for key, check in (("message", "empty-message"), ("rationale", "no-rationale"), ("source", "no-source")):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            found.append(_issue(str(path), check, f"'{key}' is missing or empty; every rule must say it.",
                                *document.position((key,))))
    return found


def _test_checks(directory: Path, rules: list[Rule]) -> list[LintIssue]:
    try:
        cases = collect_cases(directory)
    except PlanError as error:
        return [LintIssue(p, "failing-test-case") for p in error.problems]
    issues = []
    fired: dict[str, int] = {rule.id: 0 for rule in rules}
    for case in cases:
        issues += [_issue(case.file, "failing-test-case", f"{case.id} ({case.name}): {failure}", case.first_line)
                   for failure in run_case(case, rules).failures]
    results = [run_case(case, rules, every_rule=True) for case in cases]    # what fires together, across rules
    for result in results:
        for rule_id, _line in result.fired:
            if rule_id in fired:
                fired[rule_id] += 1
    for rule in rules:
        own = [c for c in cases if c.rule == rule.id]
        has_expect = any(rule.id in ids for c in own for ids in c.expect.values())
        has_ok = any(rule.id in ids for c in own for ids in c.ok.values())
        if not (has_expect and has_ok):
            missing = " and ".join(w for w, ok in (("an 'expect'", has_expect), ("an 'ok'", has_ok)) if not ok)
            issues.append(_issue(rule.file, "no-test-cases", f"{rule.id} has no {rule.id}.test.yaml with "
                                                             f"{missing} case for it."))
        if fired[rule.id] == 0:
            issues.append(_issue(rule.file, "never-fires", f"{rule.id} fires on none of the test cases."))
    issues += _seen_together(results, rules)
    return issues


def _conjuncts(condition: Condition | None) -> frozenset:
    if condition is None:
        return frozenset()
    return frozenset(conjuncts(condition))


def _overlaps(rules: list[Rule]) -> list[LintIssue]:
    """Static: B's conditions are a subset of A's, so A never fires without B."""
    issues = []
    for a in rules:
        for b in rules:
            if a.id == b.id or a.applies_to != b.applies_to or a.phase != b.phase or a.when is None \
                    or b.when is None or b.escalate_to_red_when is not None:
                continue
            if _conjuncts(b.when) <= _conjuncts(a.when):
                issues.append(_issue(a.file, "overlap", f"every finding of {a.id} comes with one of {b.id}: "
                                                        f"{b.id}'s conditions are all among {a.id}'s. Merge "
                                                        "them, or narrow one."))
    return issues


def _seen_together(results: list[CaseResult], rules: list[Rule]) -> list[LintIssue]:
    """Empirical: in every test case where A fired, B fired on the same line (A fired at least twice)."""
    by_place: dict[tuple[str, int, int], set[str]] = {}
    rule_ids = {rule.id for rule in rules}
    for result in results:
        for rule_id, line in result.fired:
            by_place.setdefault((result.case.file, result.case.number, line), set()).add(rule_id)
    issues = []
    files = {rule.id: rule.file for rule in rules}
    for a in sorted(rule_ids):
        places = [ids for ids in by_place.values() if a in ids]
        if len(places) < 2:
            continue
        always = set.intersection(*places) - {a}
        for b in sorted(always):
            issues.append(_issue(files[a], "overlap", f"in all {len(places)} test-case findings of {a}, {b} "
                                                      f"fired on the same line. Add a case where {a} fires "
                                                      f"without {b}, or merge the rules."))
    return issues
