"""The findings as SARIF 2.1.0, for code-scanning dashboards and audit tools that read it.

Each rule is a reporting descriptor with its rationale and source as help text; each
finding a result with its rule, a level mapped from the suggested RAG (red: error,
amber: warning, green: note), the plan file and line, and its stable identity as a
partial fingerprint so viewers can follow it from one quarter to the next.

Paths under the folder dhr-check runs in are written relative to `%SRCROOT%`, as GitHub code
scanning needs to map them onto a repository; only a file outside it gets a `file:` URI. A run
holds at most `MAX_RESULTS_PER_RUN` results (GitHub's limit): more are split over several runs,
each saying which part it is, up to `MAX_RUNS`; past that the rest are left out with a warning
in the file and on the terminal.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..results import RunResult
from ..explain import describe_rule
from ..findings import Finding
from ..provenance import TOOL, provenance
from ..rules import Rule

__all__ = ["render", "LEVELS", "SCHEMA_URI"]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS_PER_RUN = 25_000
MAX_RUNS = 20
"""GitHub code scanning reads at most 25,000 results per run and 20 runs per file."""
SRCROOT = {"%SRCROOT%": {"description": {"text": "The folder dhr-check was run in; plan paths are relative to it."}}}
LEVELS = {"red": "error", "amber": "warning", "green": "note"}
FINGERPRINT = "dhrFindingIdentity/v1"


def render(result: RunResult) -> str:
    about = provenance(result)
    rule_index = {rule.id: index for index, rule in enumerate(result.rules)}
    results = [_result(finding, rule_index) for finding in result.findings]
    parts = [results[start:start + MAX_RESULTS_PER_RUN]
             for start in range(0, len(results), MAX_RESULTS_PER_RUN)] or [[]]
    left_out = sum(len(part) for part in parts[MAX_RUNS:])
    if left_out:
        print(f"dhr-check: warning: the SARIF file holds the first {MAX_RUNS * MAX_RESULTS_PER_RUN:,} of "
              f"{len(results):,} findings (GitHub reads no more); {left_out:,} are left out. Use JSON or CSV "
              "for the whole run, or check fewer plans at a time.", file=sys.stderr)
        parts = parts[:MAX_RUNS]
    runs = []
    for number, part in enumerate(parts, 1):
        invocation = _invocation(result, about.generated_at, about.command)
        if len(parts) > 1:
            invocation["toolExecutionNotifications"].append({"level": "note", "message": {"text": (
                f"Part {number} of {len(parts)}: findings {(number - 1) * MAX_RESULTS_PER_RUN + 1:,} to "
                f"{(number - 1) * MAX_RESULTS_PER_RUN + len(part):,} of {len(results):,}.")}})
        if left_out:
            invocation["toolExecutionNotifications"].append({"level": "warning", "message": {"text": (
                f"{left_out:,} findings are left out: a SARIF file holds at most {MAX_RUNS} runs of "
                f"{MAX_RESULTS_PER_RUN:,}.")}})
        runs.append({
            "tool": {"driver": {
                "name": TOOL, "version": __version__, "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in result.rules],
            }},
            "originalUriBaseIds": SRCROOT,
            "invocations": [invocation],
            "artifacts": [{"location": _location(plan.file), "hashes": {"sha-256": plan.sha256},
                           "roles": ["analysisTarget"]} for plan in result.plans],
            "results": part,
            "properties": {"provenance": about.as_record()},
        })
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # Viewers may paste messages into web pages; keep markup characters inert even there.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.rationale} Source: {rule.source}",
                 "markdown": "\n".join([f"**{rule.title}** ({rule.id}, suggested RAG {rule.suggested_rag})", "",
                                        "What it checks:", "", *describe_rule(rule)[1:], "",
                                        f"*Why:* {rule.rationale}", "", f"*Source:* {rule.source}"])},
        "defaultConfiguration": {"level": LEVELS[rule.suggested_rag]},
        "properties": {"suggested_rag": rule.suggested_rag,
                       "escalates_to_red": rule.escalate_to_red_when is not None,
                       "applies_to": rule.applies_to, "source": rule.source, "parameters": rule.values,
                       "sha256": rule.sha256},
    }


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    logical = [finding.plan] + [part for part in (
        f"R{finding.recommendation}" if finding.recommendation is not None else None,
        f"A{finding.action}" if finding.action is not None else None, finding.record) if part]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.rag],
        "message": {"text": finding.message},
        "locations": [{
            "physicalLocation": {"artifactLocation": _location(finding.file),
                                 "region": {"startLine": finding.line, "startColumn": finding.column}},
            "logicalLocations": [{"name": finding.subject, "fullyQualifiedName": "/".join(logical)}],
        }],
        "partialFingerprints": {FINGERPRINT: finding.identity},
        "properties": {"suggested_rag": finding.rag, "plan": finding.plan,
                       "recommendation": finding.recommendation, "action": finding.action,
                       "record": finding.record},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.waiver is not None:
        w = finding.waiver
        result["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{w.reason} Approved by {w.approved_by} on {w.approved_on}; expires {w.expires_on}.",
            "location": {"physicalLocation": {"artifactLocation": _location(w.file),
                                              "region": {"startLine": w.line}}}}]
    return result


def _invocation(result: RunResult, generated_at: str | None, command: str) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": not result.errors,
        "commandLine": command,
        "toolExecutionNotifications": [{
            "level": "error",
            "message": {"text": problem.message},
            "locations": [{"physicalLocation": {"artifactLocation": _location(problem.file),
                                                "region": {"startLine": problem.line,
                                                           "startColumn": problem.column}}}],
        } for problem in result.errors],
        "properties": {"as_of": result.as_of.isoformat()},
    }
    if generated_at:
        invocation["startTimeUtc"] = generated_at.replace("+00:00", "Z")
    return invocation


def _location(file: str) -> dict[str, str]:
    """Relative to %SRCROOT% (the working folder) wherever the file is below it; a file: URI otherwise."""
    path = PurePath(file)
    if path.is_absolute():
        try:
            path = PurePath(os.path.relpath(path))
        except ValueError:           # another drive
            return {"uri": PurePath(file).as_uri()}
        if path.parts[:1] == ("..",):
            return {"uri": PurePath(file).as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": "%SRCROOT%"}
