"""The benchmark's in-process loops over a corpus, each run by `run.py` in a process of its own.

    python benchmarks/loops.py floor CORPUS            # PyYAML's C loader on every plan file, nothing else
    python benchmarks/loops.py engine CORPUS [--three]  # load, validate, facts, durable-rules, findings, RAG
    python benchmarks/loops.py reference CORPUS [--three]  # the same with the plain-Python reference evaluator
    python benchmarks/loops.py rego CORPUS             # the three rules in Rego (benchmarks/dhr.rego), regopy

Each prints one JSON line: plans, findings, the seconds spent evaluating rules (engine, reference and
Rego only) and a digest of the findings, so that `run.py` can tell whether two loops found the same.
`--three` keeps only the three rules written in Rego. Plans are read one at a time, as dhr-check does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import yaml

AS_OF = dt.date(2026, 3, 31)
THREE = ("DHR-EVIDENCE-001", "DHR-OVERDUE-001", "DHR-RAMA-001")
"""The rules written in Rego in dhr.rego."""


def plan_files(corpus: Path) -> list[str]:
    return sorted(str(path) for path in corpus.glob("plan-*.yaml"))   # text, which the collector never walks


def floor(corpus: Path, _three: bool) -> dict[str, Any]:
    for path in plan_files(corpus):
        with open(path, "rb") as stream:
            yaml.load(stream, Loader=yaml.CSafeLoader)
    return {}


def pipeline(corpus: Path, three: bool, reference: bool) -> dict[str, Any]:
    from checker.check import Checker
    from checker.config import find_config, load_settings
    from checker.reference import ReferenceEvaluator
    from checker.engine import Engine
    from checker.waivers import load_waivers

    settings = load_settings(find_config(corpus))
    rules = [rule for rule in settings.rules if rule.id in THREE] if three else settings.rules
    waivers = load_waivers(settings.waivers_file) if settings.waivers_file and not three else []
    evaluating = [0.0]

    def timed(kind):
        def build(rules, day):
            evaluator = kind(rules, day)
            evaluate = evaluator.evaluate

            def timed_evaluate(facts):
                start = time.perf_counter()
                try:
                    return evaluate(facts)
                finally:
                    evaluating[0] += time.perf_counter() - start
            evaluator.evaluate = timed_evaluate
            return evaluator
        return build

    found = []
    kind = ReferenceEvaluator if reference else Engine
    with Checker(rules, AS_OF, settings.rag_policy, waivers, evaluator=timed(kind)) as checker:
        for path in plan_files(corpus):
            result = checker.check_file(path)
            found += [(result.file, f.rule, f.recommendation, f.action, f.record, f.rag) for f in result.findings]
    return {"evaluating": evaluating[0], **_digest(found)}


def rego(corpus: Path, _three: bool) -> dict[str, Any]:
    from regopy import Interpreter

    interpreter = Interpreter()
    interpreter.add_module("dhr", (Path(__file__).parent / "dhr.rego").read_text(encoding="utf-8"))
    evaluating, found = 0.0, []
    for path in plan_files(corpus):
        with open(path, "rb") as stream:
            data = _plain(yaml.load(stream, Loader=yaml.CSafeLoader))
        start = time.perf_counter()
        interpreter.set_input({"as_of": AS_OF.isoformat(), "plan": data})
        findings = json.loads(str(interpreter.query("data.dhr.findings")))["expressions"][0]
        evaluating += time.perf_counter() - start
        for finding in findings:
            found.append((str(path), finding["rule"], finding.get("recommendation"), finding.get("action"),
                          finding.get("record"), "red"))
    return {"evaluating": evaluating, **_digest(found)}


def _plain(value: Any) -> Any:
    """The data as JSON has it: dates as ISO text."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _digest(found: list[tuple]) -> dict[str, Any]:
    canonical = sorted(json.dumps(row) for row in found)
    return {"findings": len(found), "digest": hashlib.sha256("\n".join(canonical).encode()).hexdigest()}


LOOPS = {"floor": floor, "engine": lambda c, t: pipeline(c, t, False),
         "reference": lambda c, t: pipeline(c, t, True), "rego": rego}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("loop", choices=sorted(LOOPS))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--three", action="store_true", help="only the three rules written in Rego")
    args = parser.parse_args()
    start = time.perf_counter()
    result = LOOPS[args.loop](args.corpus, args.three)
    print(json.dumps({"plans": len(plan_files(args.corpus)), "seconds": time.perf_counter() - start, **result}))


if __name__ == "__main__":
    main()
