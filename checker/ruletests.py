"""Rule tests: annotated example plans beside each rule, run like unit tests.

`<RULE-ID>.test.yaml` sits beside `<RULE-ID>.yaml` and holds one or more small
plans separated by `---` lines. In each, a comment on the line before a node
says what must happen there:

    # expect: DHR-EVIDENCE-001        the rule must flag this node
    # ok: DHR-EVIDENCE-001            the rule must not flag it

A case may start with `# case: a short name` and `# as-of: YYYY-MM-DD` (default
2026-03-31). A top-level `waivers:` list in a case is read as that plan's
waivers file, so waiver rules can be tested too. For every rule a case names,
its findings must be exactly the `expect` lines.

A case is checked with only the rules it names (as sqlfluff's rule tests are), so
adding or changing another rule never breaks it: the rules in its `expect` and
`ok` lines, the rules its waivers waive, and the rules listed on a
`# uses: ID, ID` line. `uses` is for what a rule reads from other rules'
findings: a `phase: after_rating` rule compares with the RAG the case's other
findings suggest, so a case that needs an action rated red names the rule that
makes it red.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .check import Checker, PlanResult, plan_id
from .dates import as_of_date
from .errors import PlanError, Problem
from .files import files_below, open_regular
from .load import RULE_TEST, Document, YamlProblem, parse_yaml
from .rules import MAX_RULES_FOLDER_ENTRIES, Rule
from .validate import validate_document
from .waivers import LoadedWaiver, Waiver, impossible_dates

__all__ = ["Case", "CaseResult", "collect_cases", "run_case", "DEFAULT_AS_OF", "test_files"]

DEFAULT_AS_OF = dt.date(2026, 3, 31)
_ANNOTATION = re.compile(r"^\s*#\s*(expect|ok)\s*:\s*(.+?)\s*$")
_SETTING = re.compile(r"^\s*#\s*(case|as-of|uses)\s*:\s*(.+?)\s*$")


@dataclass
class Case:
    """One annotated plan in a rule test file."""

    file: str
    number: int                 # 1-based, in the file
    name: str
    rule: str                   # the rule the file tests (its stem)
    as_of: dt.date
    text: str                   # the case alone, for docs
    padded: str                 # the case with blank lines before it, so line numbers match the file
    first_line: int
    expect: dict[int, set[str]] = field(default_factory=dict)
    ok: dict[int, set[str]] = field(default_factory=dict)
    uses: set[str] = field(default_factory=set)      # rules whose findings the named rules read

    @property
    def id(self) -> str:
        return f"{self.rule}_{self.number}"

    @property
    def named_rules(self) -> set[str]:
        return set().union(*self.expect.values(), *self.ok.values()) if (self.expect or self.ok) else set()


@dataclass
class CaseResult:
    case: Case
    failures: list[str]
    fired: set[tuple[str, int]]   # (rule, line) of every finding in the case

    @property
    def passed(self) -> bool:
        return not self.failures


def test_files(directory: Path) -> list[Path]:
    return sorted(Path(p) for p in files_below(directory, ".test.yaml", MAX_RULES_FOLDER_ENTRIES))


def collect_cases(directory: Path) -> list[Case]:
    """Every case in every rule test file below `directory`. Raises `PlanError` on a malformed file."""
    cases = []
    for path in test_files(directory):
        cases += _cases(path)
    return cases


def _cases(path: Path) -> list[Case]:
    with open_regular(path) as stream:
        lines = stream.read().decode("utf-8").splitlines()
    rule = path.name[: -len(".test.yaml")]
    chunks, start = [], 0
    for index, line in enumerate(lines + ["---"]):
        if line.strip() == "---":
            if any(text.strip() and not text.lstrip().startswith("#") for text in lines[start:index]):
                chunks.append((start, lines[start:index]))
            start = index + 1
    cases = []
    for number, (start, chunk) in enumerate(chunks, 1):
        name, as_of = f"case {number}", DEFAULT_AS_OF
        expect: dict[int, set[str]] = {}
        ok: dict[int, set[str]] = {}
        uses: set[str] = set()
        for offset, text in enumerate(chunk):
            line_no = start + offset + 1
            setting = _SETTING.match(text)
            if setting and setting.group(1) == "case":
                name = setting.group(2)
            elif setting and setting.group(1) == "uses":
                uses.update(_ids(setting.group(2)))
            elif setting:
                try:
                    as_of = as_of_date(setting.group(2))
                except ValueError as error:
                    raise PlanError([Problem(str(path), line_no, 1, f"as-of: {error}.")]) from None
            annotation = _ANNOTATION.match(text)
            if annotation:
                target = _next_node_line(chunk, offset)
                if target is None:
                    raise PlanError([Problem(str(path), line_no, 1, "an annotation must come before the line it "
                                                                     "is about.")])
                (expect if annotation.group(1) == "expect" else ok).setdefault(start + target + 1, set()).update(
                    _ids(annotation.group(2)))
        cases.append(Case(str(path), number, name, rule, as_of, "\n".join(chunk).strip("\n") + "\n",
                          "\n" * start + "\n".join(chunk) + "\n", start + 1, expect, ok, uses))
    return cases


def _ids(text: str) -> set[str]:
    return {part.strip() for part in text.split(",") if part.strip()}


def _next_node_line(chunk: list[str], offset: int) -> int | None:
    for index in range(offset + 1, len(chunk)):
        text = chunk[index].strip()
        if text and not text.startswith("#"):
            return index
    return None


def run_case(case: Case, rules: list[Rule], every_rule: bool = False) -> CaseResult:
    """Check the case's plan with the rules of `rules` it names, and compare the findings with its annotations.

    `every_rule` checks it with all of `rules` instead: `rules lint` looks across rules for pairs that
    always fire together, which a case that sees only its own rules cannot show.
    """
    try:
        document = parse_yaml(case.padded.encode("utf-8"), case.file, kind=RULE_TEST)
    except YamlProblem as error:
        return CaseResult(case, [str(error.problem)], set())
    data = dict(document.data)
    waiver_data = data.pop("waivers", None)
    document = Document(document.file, data, document.positions, document.sha256, document.written)
    try:
        plan = validate_document(document)
        waivers = _waivers(waiver_data, document, plan_id(plan))
    except PlanError as error:
        return CaseResult(case, [str(p) for p in error.problems], set())
    known = {rule.id for rule in rules}
    failures = [f"{case.file}: no rule {rule_id} in the rules under test." for rule_id in sorted(case.uses - known)]
    wanted = case.named_rules | case.uses | {w.waiver.rule for w in waivers}
    with Checker(rules if every_rule else [r for r in rules if r.id in wanted], case.as_of,
                 waivers=waivers) as checker:
        result: PlanResult = checker.check_plan(plan, document)
    fired = {(f.rule, f.line) for f in result.findings}
    for rule_id in sorted(case.named_rules):
        if rule_id not in known:
            failures.append(f"{case.file}: no rule {rule_id} in the rules under test.")
            continue
        expected = {line for line, ids in case.expect.items() if rule_id in ids}
        got = {line for rule, line in fired if rule == rule_id}
        for line in sorted(expected - got):
            failures.append(f"{case.file}:{line}: expected {rule_id} here, but it did not fire.")
        for line in sorted(got - expected):
            marked_ok = rule_id in case.ok.get(line, set())
            failures.append(f"{case.file}:{line}: {rule_id} fired here"
                            + (", but the line is marked ok." if marked_ok else ", but no 'expect' says so."))
    return CaseResult(case, failures, fired)


def _waivers(data, document: Document, pid: str) -> list[LoadedWaiver]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise PlanError([Problem(document.file, *document.position(("waivers",)), "waivers must be a list.")])
    loaded = []
    for index, item in enumerate(data):
        try:
            waiver = Waiver.model_validate({"plan": pid, **item} if isinstance(item, dict) else item)
        except ValidationError as error:
            raise PlanError([Problem(document.file, *document.position(("waivers", index)),
                                     f"invalid waiver: {error.errors()[0]['msg']}.")]) from None
        problem = impossible_dates(waiver, document, ("waivers", index))
        if problem is not None:
            raise PlanError([problem])
        loaded.append(LoadedWaiver(waiver, document.file, *document.position(("waivers", index)), index))
    return loaded
