"""Each condition operator on its own, parametrised from the registry: read from YAML, its meaning on facts
(the reference evaluator's), the engine agreeing with that meaning, its sentence and the fields it uses.

A registered operator without a case here, without a line in the README's list of operators or unused
by the differential fixture rules fails a test, so a new operator cannot arrive untested or undocumented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from checker.conditions import (
    All,
    Any_,
    Condition,
    ConditionParser,
    Leaf,
    base,
    operators,
)
from checker.conditions.compare import Compare
from checker.conditions.dates import (
    AfterAsOf,
    BeforeAsOf,
    DaysFromField,
    LessThanDaysBefore,
    OlderThan,
    WithinNextDays,
)
from checker.conditions.presence import Empty, Missing, Present
from checker.conditions.related import NoRelated
from checker.conditions.text import Matches
from checker.conditions.values import Equals, NotEquals, NotOneOf, OneOf
from checker.conditions.words import FewerWordsThan
from checker.engine import Engine
from checker.errors import RuleError
from checker.explain import describe_condition
from checker.lint import lint_rules
from checker.load import RULE, parse_yaml
from checker.reference import ReferenceEvaluator
from checker.rules import Rule, load_rules

from .common import REPO

DAY = dt.date(2026, 1, 31).toordinal()       # the as-of date of every case


@dataclasses.dataclass(frozen=True)
class Case:
    kind: str                          # what the rule applies to
    yaml: str                          # the condition as a rule file writes it
    parsed: Condition                  # what it parses to
    holds: tuple[dict[str, Any], ...]  # subjects it holds for (the record's fields)
    fails: tuple[dict[str, Any], ...]  # subjects it does not hold for
    reads: str                         # `rules show`'s wording
    fields: frozenset[str]             # the subject's fields it looks at
    others: tuple[dict[str, Any], ...] = ()   # other records in the plan (facts)


CASES = {
    "missing": Case("action", "missing: lead_agency", Missing("lead_agency"),
                    ({}, {"status": "open"}), ({"lead_agency": "Police"},),
                    "- no lead agency is recorded", frozenset({"lead_agency"})),
    "present": Case("action", "present: completion_date", Present("completion_date"),
                    ({"completion_date": DAY},), ({},), "- the completion date is recorded",
                    frozenset({"completion_date"})),
    "empty": Case("action", "empty: planned_evidence", Empty("planned_evidence"),
                  ({"planned_evidence": 0},), ({"planned_evidence": 2}, {}), "- no planned evidence is listed",
                  frozenset({"planned_evidence"})),
    "equals": Case("action", "equals: {status: complete}", Equals("status", "complete"),
                   ({"status": "complete"},), ({"status": "in_progress"}, {}), "- the status is complete",
                   frozenset({"status"})),
    "not_equals": Case("action", "not_equals: {status: complete}", NotEquals("status", "complete"),
                       ({"status": "in_progress"}, {}), ({"status": "complete"},),
                       "- the status is not complete (or is not recorded)", frozenset({"status"})),
    "one_of": Case("action", "one_of: {status: [ongoing, complete, ongoing]}", OneOf("status", ("complete", "ongoing")),
                   ({"status": "ongoing"}, {"status": "complete"}), ({"status": "in_progress"}, {}),
                   "- the status is complete or ongoing", frozenset({"status"})),
    "not_one_of": Case("action", "not_one_of: {status: [ongoing, complete]}",
                       NotOneOf("status", ("complete", "ongoing")),
                       ({"status": "in_progress"}, {}), ({"status": "ongoing"}, {"status": "complete"}),
                       "- the status is neither complete nor ongoing (or is not recorded)", frozenset({"status"})),
    "compare": Case("plan", "compare: {field: signed_off_on, op: '<', other_field: commissioned_on}",
                    Compare("signed_off_on", "<", other_field="commissioned_on"),
                    ({"signed_off_on": DAY - 10, "commissioned_on": DAY},),
                    ({"signed_off_on": DAY, "commissioned_on": DAY - 10}, {"signed_off_on": DAY - 10}, {}),
                    "- the sign-off date is earlier than the date the review was commissioned",
                    frozenset({"signed_off_on", "commissioned_on"})),
    "before_as_of": Case("action", "before_as_of: target_date", BeforeAsOf("target_date"),
                         ({"target_date": DAY - 1},), ({"target_date": DAY}, {}),
                         "- the target date is before the as-of date", frozenset({"target_date"})),
    "after_as_of": Case("action", "after_as_of: target_date", AfterAsOf("target_date"),
                        ({"target_date": DAY + 1},), ({"target_date": DAY}, {}),
                        "- the target date is after the as-of date", frozenset({"target_date"})),
    "older_than": Case("refuge_directory",
                       "older_than: {field: last_refreshed, days: {field: refresh_interval_days, default: 92}}",
                       OlderThan("last_refreshed", DaysFromField("refresh_interval_days", 92)),
                       ({"last_refreshed": DAY - 93}, {"last_refreshed": DAY - 11, "refresh_interval_days": 10}),
                       ({"last_refreshed": DAY - 92}, {"last_refreshed": DAY - 10, "refresh_interval_days": 10}, {}),
                       "- the date of the last refresh is longer before the as-of date than the record's refresh "
                       "interval in days (92 days when none is recorded)",
                       frozenset({"last_refreshed", "refresh_interval_days"})),
    "within_next_days": Case("action", "within_next_days: {field: target_date, days: 30}",
                             WithinNextDays("target_date", 30), ({"target_date": DAY}, {"target_date": DAY + 30}),
                             ({"target_date": DAY - 1}, {"target_date": DAY + 31}, {}),
                             "- the target date is on the as-of date or within 30 days after it",
                             frozenset({"target_date"})),
    "less_than_days_before": Case("release",
                                  "less_than_days_before: {field: rama_held_on, other_field: release_date, days: 14}",
                                  LessThanDaysBefore("rama_held_on", "release_date", 14),
                                  ({"rama_held_on": DAY - 13, "release_date": DAY},
                                   {"rama_held_on": DAY + 1, "release_date": DAY}),
                                  ({"rama_held_on": DAY - 14, "release_date": DAY}, {"release_date": DAY}),
                                  "- the date the RAMA was held is fewer than 14 days before the release date "
                                  "(or after it)", frozenset({"rama_held_on", "release_date"})),
    "matches": Case("action", "matches: {field: description, pattern: '*should consider*', ignore_case: true}",
                    Matches("description", "*should consider*", True),
                    ({"description": "We Should Consider it"},), ({"description": "We will do it"}, {}),
                    "- the description matches the pattern '*should consider*', ignoring case",
                    frozenset({"description"})),
    "fewer_words_than": Case("action", "fewer_words_than: {field: description, words: 4}",
                             FewerWordsThan("description", 4),
                             ({"description": "Training."}, {"description": " Raise \t awareness\n"}),
                             ({"description": "Police train all staff by July"}, {"description": "One two three four"},
                              {}),
                             "- the description has fewer than 4 words", frozenset({"description"})),
    "no_related": Case("published_recommendation", "no_related: {kind: recommendation, where: {key: key}}",
                       NoRelated("recommendation", (("key", "key"),)), ({"key": "2"},), ({"key": "1"},),
                       "- no recommendation in the plan has the same identifier as this one", frozenset({"key"}),
                       others=({"id": "recommendation:R1", "kind": "recommendation", "key": "1"},)),
    "all": Case("action", "all: [{missing: lead_agency}, {before_as_of: target_date}]",
                All((Missing("lead_agency"), BeforeAsOf("target_date"))),
                ({"target_date": DAY - 1},), ({"target_date": DAY - 1, "lead_agency": "Police"}, {"target_date": DAY}),
                "- all of these hold:\n  - no lead agency is recorded\n  - the target date is before the as-of date",
                frozenset({"lead_agency", "target_date"})),
    "any": Case("action", "any: [{missing: lead_agency}, {before_as_of: target_date}]",
                Any_((Missing("lead_agency"), BeforeAsOf("target_date"))),
                ({"target_date": DAY - 1, "lead_agency": "Police"}, {}), ({"lead_agency": "Police"},),
                "- any of these holds:\n  - no lead agency is recorded\n  - the target date is before the as-of date",
                frozenset({"lead_agency", "target_date"})),
}

OPERATORS = sorted(operators())


def _parse(case: Case, top: bool = True) -> tuple[Condition, ConditionParser]:
    document = parse_yaml(f"when:\n  {case.yaml}\n".encode(), "T-CASE-001.yaml", kind=RULE)
    parser = ConditionParser(document, "T-CASE-001", case.kind, "plan", {})
    return parser.parse(document.data["when"], ("when",), top=top), parser


def _facts(case: Case) -> list[dict[str, Any]]:
    subjects = [{"id": f"{case.kind}:{n}", "kind": case.kind, **fields}
                for n, fields in enumerate(case.holds + case.fails)]
    return subjects + list(case.others)


def _rule(case: Case, condition: Condition) -> Rule:
    return Rule("T-CASE-001", "t", case.kind, "plan", condition, "amber", None, "{ref}", "r", "s", {}, {},
                "T-CASE-001.yaml", tuple(sorted(condition.fields())))


def test_every_registered_operator_has_a_case():
    assert sorted(CASES) == OPERATORS


@pytest.mark.parametrize("key", OPERATORS)
def test_each_operator_parses_from_its_yaml_key(key):
    case = CASES[key]
    parsed, parser = _parse(case)
    assert type(parsed) is operators()[key]
    assert parsed == case.parsed
    assert parser.fields_used == case.fields


@pytest.mark.parametrize("key", OPERATORS)
def test_each_operator_holds_exactly_for_its_cases(key):
    case = CASES[key]
    facts = _facts(case)
    held = [case.parsed.holds(fact, facts, DAY) for fact in facts[:len(case.holds) + len(case.fails)]]
    assert held == [True] * len(case.holds) + [False] * len(case.fails)


@pytest.mark.parametrize("key", OPERATORS)
def test_the_engine_agrees_with_each_operators_meaning(key):
    case = CASES[key]
    facts = _facts(case)
    rules = [_rule(case, case.parsed)]
    with Engine(rules, DAY) as engine:
        found = engine.evaluate(facts)
    assert found == ReferenceEvaluator(rules, DAY).evaluate(facts)
    assert [match.fact_id for match in found] == [f"{case.kind}:{n}" for n in range(len(case.holds))]


@pytest.mark.parametrize("key", OPERATORS)
def test_each_operator_reads_as_plain_english(key):
    case = CASES[key]
    assert describe_condition(case.parsed, case.kind) == case.reads


@pytest.mark.parametrize("key", OPERATORS)
def test_each_operator_names_the_fields_it_looks_at(key):
    assert CASES[key].parsed.fields() == CASES[key].fields


@pytest.mark.parametrize("key", OPERATORS)
def test_a_malformed_argument_is_a_rule_error_at_its_line(key):
    document = parse_yaml(f"id: T-CASE-001\nwhen:\n  {key}: [[1]]\n".encode(), "T-CASE-001.yaml", kind=RULE)
    parser = ConditionParser(document, "T-CASE-001", "action", "plan", {})
    with pytest.raises(RuleError) as raised:
        parser.parse(document.data["when"], ("when",), top=True)
    [problem] = raised.value.problems
    assert (problem.file, problem.line) == ("T-CASE-001.yaml", 3)
    assert problem.message.startswith("rule T-CASE-001: ")


@pytest.mark.parametrize("key", OPERATORS)
def test_each_operator_class_documents_its_yaml_form(key):
    assert (operators()[key].__doc__ or "").startswith(f"`{key}: ")


def test_a_join_may_only_stand_at_the_top_of_a_rule():
    nested = dataclasses.replace(CASES["no_related"], yaml="any: [{no_related: {kind: recommendation, "
                                                           "where: {key: key}}}]")
    with pytest.raises(RuleError, match="may only stand at the top"):
        _parse(nested)
    assert [key for key, cls in operators().items() if cls.top_only] == ["no_related"]


def _readme_operators() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    paragraph = re.search(r"The condition language is small and declarative \((.*?)\);", text, re.DOTALL)
    assert paragraph, "the README's list of condition operators has moved; update this test"
    return set(re.findall(r"`([a-z_]+)`", paragraph.group(1)))


def test_every_registered_operator_is_listed_in_the_readme():
    assert _readme_operators() == set(operators())


def _keys(condition: Condition):
    yield type(condition).key
    for item in getattr(condition, "items", ()):
        yield from _keys(item)


def test_the_differential_fixture_rules_use_every_operator():
    """tests/test_engine_differential.py compares the engine with the reference on generated plans with
    these rules: an operator none of them uses would not be compared at all."""
    rules = load_rules(Path(__file__).parent / "fixtures" / "rules-every-condition")
    used = {key for rule in rules for condition in (rule.when, rule.escalate_to_red_when,
                                                    rule.tolerance.holds if rule.tolerance else None)
            if condition is not None for key in _keys(condition)}
    assert used == set(operators())


def test_two_operators_cannot_share_a_key(monkeypatch):
    monkeypatch.setattr(base, "_REGISTRY", dict(base._REGISTRY))
    with pytest.raises(TypeError, match="two condition operators use the key 'missing'"):
        @dataclasses.dataclass(frozen=True)
        class Absent(Missing):
            key = "missing"


def test_an_operator_is_one_class_the_parser_engine_reference_and_explain_all_find(monkeypatch):
    """Adding an operator is adding its class: nothing else names it."""
    monkeypatch.setattr(base, "_REGISTRY", dict(base._REGISTRY))

    @dataclasses.dataclass(frozen=True)
    class Shouted(Leaf):
        """`shouted: field`: the text is written in capitals (a Python-side test, sent as a flag)."""

        key = "shouted"
        field: str

        @classmethod
        def parse(cls, arg, path, parser):
            return cls(parser.field(arg, path, ("text",)))

        def compile(self, out):
            return {out.flag(self, self.field, lambda text: text.isupper()): True}

        def holds(self, fact, facts, as_of_day):
            return self.field in fact and fact[self.field].isupper()

        def fields(self):
            return {self.field}

        def sentence(self, kind):
            return f"the {self.field} is in capitals"

    case = Case("action", "all: [{shouted: description}, {missing: lead_agency}]",
                All((Shouted("description"), Missing("lead_agency"))),
                ({"description": "DO IT"},), ({"description": "Do it"}, {"description": "DO IT", "lead_agency": "P"}),
                "- all of these hold:\n  - the description is in capitals\n  - no lead agency is recorded",
                frozenset({"description", "lead_agency"}))
    parsed, _parser = _parse(case)
    assert parsed == case.parsed
    facts = _facts(case)
    with Engine([_rule(case, parsed)], DAY) as engine:
        assert [m.fact_id for m in engine.evaluate(facts)] == ["action:0"]
    assert [m.fact_id for m in ReferenceEvaluator([_rule(case, parsed)], DAY).evaluate(facts)] == ["action:0"]
    assert describe_condition(parsed, "action") == case.reads


def test_a_rule_using_fewer_words_than_loads_passes_its_cases_and_is_lint_clean(tmp_path):
    """The operator in a rule a partnership could write: an action too short to say who does what by when."""
    (tmp_path / "T-SHORT-001.yaml").write_text("""\
id: T-SHORT-001
title: An action says in words who does what by when
applies_to: action
parameters:
  fewest_words:
    default: 4
    description: The fewest words that can say who does what by when.
when:
  fewer_words_than: {field: description, words: fewest_words}
suggested_rag: amber
message: >-
  {ref} '{description}' is too short to say who does what by when. An action of fewer than
  {fewest_words} words cannot be checked. Say who does what, by when, and how it will be shown.
rationale: A one-word action ("Training.") cannot be measured or audited.
source: Home Office DHR statutory guidance (2016), action plan template.
""", encoding="utf-8")
    (tmp_path / "T-SHORT-001.test.yaml").write_text("""\
# case: a one-word action is flagged; a commitment is not
review:
  subject: "Adult T"
  community_safety_partnership: "Northshire"
recommendations:
  - number: 1
    text: "That agencies train their staff."
    actions:
      # expect: T-SHORT-001
      - number: 1
        description: "Training."
      # ok: T-SHORT-001
      - number: 2
        description: "Northshire Police trains all response officers by July 2026."
""", encoding="utf-8")
    [rule] = load_rules(tmp_path)
    assert rule.when == FewerWordsThan("description", 4) and rule.unused_parameters == ()
    assert [str(issue) for issue in lint_rules(tmp_path)] == []
