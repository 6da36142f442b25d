"""Coverage-guided fuzzing of the whole check path with atheris (libFuzzer), for runs of hours.

    pip install -e '.[bench]'
    mkdir -p fuzz-corpus && cp plans/*.yaml rules/*/*.test.yaml fuzz-corpus/
    python benchmarks/fuzz_atheris.py fuzz-corpus -timeout=2 -rss_limit_mb=500 -max_total_time=3600

Each input is written to a file and checked as `dhr-check check` checks it: loaded, validated,
checked against the shipped rules and rendered as text and JSON. A plan error is the expected
answer to a broken file; any other exception, a run over 2 s (-timeout) or over 500 MB
(-rss_limit_mb) is reported by libFuzzer with the input that caused it (crash-*, timeout-*, oom-*).
Inputs are capped at 1 MB (-max_len) unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from checker.check import Checker, RunResult
    from checker.errors import PlanError
    from checker.report import json_report, text
    from checker.rules import load_rules

AS_OF = dt.date(2026, 3, 31)
RULES = load_rules()
HEAD = RunResult(AS_OF, RULES)
CHECKER = Checker(RULES, AS_OF)
PLAN = Path(tempfile.mkdtemp(prefix="dhr-atheris-")) / "fuzz.yaml"


def check_one_input(data: bytes) -> None:
    PLAN.write_bytes(data)
    try:
        result = CHECKER.check_file(PLAN)
    except PlanError as error:
        if not error.problems or any(p.line < 1 or p.column < 1 for p in error.problems):
            raise AssertionError(f"a plan error without a place in the file: {error.problems!r}") from None
        return
    text.plan_part(result, HEAD)
    json_report.plan_part(result, HEAD)


def main() -> None:
    arguments = sys.argv + ([] if any(arg.startswith("-max_len=") for arg in sys.argv) else ["-max_len=1048576"])
    atheris.Setup(arguments, check_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
