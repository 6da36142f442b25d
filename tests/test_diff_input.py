"""`dhr-check diff` refuses, in one line and with exit 2, JSON that is no run result (issue 16, item 9)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checker.cli import main

from .common import REPO


def _run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def saved(tmp_path, monkeypatch):
    """A real run result, and a helper writing a changed copy of it."""
    monkeypatch.chdir(tmp_path)
    code, _out, err = _run("check", str(REPO / "plans" / "bolton-adult-a.yaml"), "--as-of", "2026-03-31",
                           "-o", "run.json")
    assert code in (0, 1), err
    return json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))


def _changed(run: dict, change) -> dict:
    copy = json.loads(json.dumps(run))
    change(copy)
    return copy


CASES = {
    "nested 100,000 deep": lambda run: '{"format": "dhr-check-result", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "a 5,000-digit number": lambda run: json.dumps(run)[:-1] + ', "n": ' + "9" * 5_000 + "}",
    "format_version 999": lambda run: json.dumps({**run, "format_version": 999}),
    "an as-of that is not a date": lambda run: json.dumps({**run, "as_of": "not a date"}),
    "NaN": lambda run: json.dumps({**run, "findings": [{**run["findings"][0], "line": float("nan")}]}),
    "an unknown RAG": lambda run: json.dumps(_changed(run, lambda r: r["plans"][0].update(rag="purple"))),
    "an action number as a list": lambda run: json.dumps(_changed(
        run, lambda r: r["plans"][0]["recommendations"][0]["actions"][0].update(number=[1]))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_json_that_is_no_run_result_is_refused_in_one_line(saved, tmp_path, case):
    (tmp_path / "bad.json").write_text(CASES[case](saved), encoding="utf-8")
    code, out, err = _run("diff", "run.json", "bad.json")
    assert code == 2 and out == ""
    assert err.startswith("dhr-check: bad.json ") and err.count("\n") == 1
    assert "Traceback" not in err

