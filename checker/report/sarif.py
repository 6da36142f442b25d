"""The findings as SARIF 2.1.0, for code-scanning dashboards and audit tools that read it.

Each rule is a reporting descriptor with its rationale and source as help text; each
finding a result with its rule, a level mapped from the suggested RAG (red: error,
amber: warning, green: note), the plan file and line, and its stable identity as a
partial fingerprint so viewers can follow it from one quarter to the next.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..check import RunResult
from ..findings import Finding
from ..provenance import TOOL, provenance
from ..rules import Rule

__all__ = ["render", "LEVELS", "SCHEMA_URI"]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"red": "error", "amber": "warning", "green": "note"}
FINGERPRINT = "dhrFindingIdentity/v1"


def render(result: RunResult) -> str:
    about = provenance(result)
    rule_index = {rule.id: index for index, rule in enumerate(result.rules)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL, "version": __version__, "semanticVersion": __version__,
            "rules": [_rule(rule) for rule in result.rules],
        }},
        "invocations": [_invocation(result, about.generated_at, about.command)],
        "artifacts": [{"location": _location(plan.file), "hashes": {"sha-256": plan.sha256},
                       "roles": ["analysisTarget"]} for plan in result.plans],
        "results": [_result(finding, rule_index) for finding in result.findings],
        "properties": {"provenance": about.as_record()},
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # Viewers may paste messages into web pages; keep markup characters inert even there.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"{rule.rationale} Source: {rule.source}"},
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
    result = {
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
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": "%SRCROOT%"}
