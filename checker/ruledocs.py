"""`dhr-check rules docs`: the rule reference an auditor reads, generated from the rule files.

For every rule: its title, what it checks in plain English, why, its source,
parameters and defaults, suggested RAG, message, and the failing and passing
examples from its test file. Markdown for the repository (docs/rules.md, kept
current by a test) and a self-contained HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .explain import describe_rule
from .rules import Rule, bundled_rules_dir
from .ruletests import Case, collect_cases

if TYPE_CHECKING:  # pragma: no cover - typing only; Jinja2 is imported when docs are written, not at start-up
    import jinja2

__all__ = ["RuleDoc", "rule_docs", "render_markdown", "render_html"]


@dataclass
class RuleDoc:
    rule: Rule
    pack: str
    checks: list[str]
    failing: list[Case]
    passing: list[Case]


def rule_docs(rules: list[Rule], directory: Path) -> list[RuleDoc]:
    """Documentation records for `rules`, with examples from the test files below `directory`."""
    cases = collect_cases(directory)
    docs = []
    for rule in rules:
        own = [c for c in cases if c.rule == rule.id]
        failing = [c for c in own if any(rule.id in ids for ids in c.expect.values())]
        passing = [c for c in own if c not in failing and any(rule.id in ids for ids in c.ok.values())]
        docs.append(RuleDoc(rule, _pack(rule, directory), describe_rule(rule), failing, passing))
    return docs


def _pack(rule: Rule, directory: Path) -> str:
    try:
        parts = Path(rule.file).resolve().relative_to(directory.resolve()).parts
    except ValueError:
        return "own"
    return parts[0] if len(parts) > 1 else directory.name


def _relative(file: str) -> str:
    """Rule and test file paths as they appear in the repository, whatever the current folder."""
    root = bundled_rules_dir().resolve().parent
    try:
        return str(Path(file).resolve().relative_to(root))
    except ValueError:
        return file


def _environment(autoescape: bool) -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("checker", "templates"), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["relative"] = _relative
    env.filters["param"] = lambda value: ", ".join(value) if isinstance(value, list) else str(value)
    env.filters["cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    return env


def render_markdown(docs: list[RuleDoc]) -> str:
    return _environment(False).get_template("rules.md.j2").render(docs=docs)


def render_html(docs: list[RuleDoc]) -> str:
    return _environment(True).get_template("rules.html.j2").render(docs=docs)
