"""Fuzzing the loader and the whole check path: any bytes give a result or a file:line:col problem, never a crash.

CI runs a few hundred examples of each property; `pytest -m slow` runs them tens of thousands of
times. `benchmarks/fuzz_atheris.py` is the coverage-guided run for hours (see the README).
The memory bound (500 MB for any file under 1 MB) is tested in `test_limits.py`; the time each hostile
file takes is measured in `benchmarks/limits.py`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.check import Checker, RunResult
from checker.discovery import NOT_PLANS
from checker.errors import PlanError
from checker.load import YamlProblem, parse_yaml
from checker.report import json_report, text
from checker.validate import MAX_PLAN_VALUES, validate_document

from .common import REPO, SHIPPED_RULES

SEEDS = [path.read_bytes() for path in sorted((REPO / "plans").glob("*.yaml")) if path.name not in NOT_PLANS]
TOKENS = [b"&a ", b"*a", b"[", b"]", b"{", b"}", b": ", b"- ", b"? ", b"\n", b"  ", b"\t", b"'", b'"', b"#", b"|",
          b">", b"---\n", b"...\n", b"<<: *a", b"!!python/object:os.system ", b"!!binary ", b"%YAML 1.1\n", b"~",
          b"null", b"yes", b"0x1F", b"1e999", b"-0", b".nan", b"2016-13-45", b"2016-02-29T10:00:00", b"\xff",
          b"\x00", b"\xef\xbb\xbf", b"\r\n", b"\x1b[31m", b"\xe2\x80\xae", b"number: 99999999999999999999"]
AS_OF = dt.date(2026, 3, 31)
HEAD = RunResult(AS_OF, SHIPPED_RULES)
CHECKER = Checker(SHIPPED_RULES, AS_OF)
FOLDER = tempfile.TemporaryDirectory(prefix="dhr-fuzz-")
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
LONG = settings(max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def mutated_plans(draw) -> bytes:
    """A bundled plan with a few byte-level edits: deletions, YAML tokens or raw bytes put in, lines repeated."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["delete", "token", "bytes", "repeat", "truncate"]))
        if edit == "delete":
            del data[at:at + draw(st.integers(1, 80))]
        elif edit == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif edit == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif edit == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 400))] * draw(st.integers(2, 20))
        else:
            del data[at:]
    return bytes(data)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2**70, 2**70), st.floats(), st.text(max_size=30),
              st.dates(), st.just("2016-02-30"), st.just("")),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=12), inner, max_size=3)),
    max_leaves=8)


@st.composite
def reshaped_plans(draw) -> bytes:
    """A bundled plan with values anywhere in it replaced by values of any type, written out as YAML again."""
    data = parse_yaml(draw(st.sampled_from(SEEDS)), "seed.yaml").data
    for _ in range(draw(st.integers(1, 4))):
        parent, key = _random_place(draw, data)
        if parent is not None:
            parent[key] = draw(json_values)
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False).encode("utf-8")


def _random_place(draw, data):
    parent, key, node = None, None, data
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)) > 0:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        parent, key = node, draw(st.sampled_from(keys))
        node = node[key]
    return parent, key


def _loads_or_explains(raw: bytes) -> None:
    """The loader and validation alone: a document and a plan, or problems at a place in the file."""
    try:
        document = parse_yaml(raw, "fuzz.yaml", MAX_PLAN_VALUES)
    except YamlProblem as problem:
        _assert_placed([problem.problem])
        return
    try:
        validate_document(document)
    except PlanError as error:
        _assert_placed(error.problems)


def _checks_or_explains(raw: bytes) -> None:
    """The whole path from a file on disk to both streamed reports, as `dhr-check check` runs it."""
    path = Path(FOLDER.name) / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        result = CHECKER.check_file(path)
    except PlanError as error:
        _assert_placed(error.problems)
        return
    assert text.plan_part(result, HEAD).text and json_report.plan_part(result, HEAD).plan


def _assert_placed(problems) -> None:
    assert problems
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message.strip()


any_bytes = st.one_of(st.binary(max_size=400),
                      st.lists(st.sampled_from(TOKENS + [b"review:", b"subject: x", b"recommendations:", b"a"]),
                               max_size=40).map(b"".join))

test_loader_on_any_bytes = QUICK(given(any_bytes)(_loads_or_explains))
test_check_on_mutated_plans = QUICK(given(mutated_plans())(_checks_or_explains))
test_check_on_reshaped_plans = QUICK(given(reshaped_plans())(_checks_or_explains))

test_loader_on_any_bytes_long = pytest.mark.slow(LONG(given(any_bytes)(_loads_or_explains)))
test_check_on_mutated_plans_long = pytest.mark.slow(LONG(given(mutated_plans())(_checks_or_explains)))
test_check_on_reshaped_plans_long = pytest.mark.slow(LONG(given(reshaped_plans())(_checks_or_explains)))
