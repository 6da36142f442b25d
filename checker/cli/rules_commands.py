"""`dhr-check rules ...`: list and explain the rules for auditors."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import click

from ..explain import describe_rule
from ..rules import Rule, bundled_rules_dir
from . import EXIT_BAD_INPUT, _load_rules, main, rules_option

__all__ = ["rules"]


@main.group()
def rules() -> None:
    """List and explain the rules."""


@rules.command("list")
@rules_option
def rules_list(rules_dir: Path | None) -> None:
    """One line per rule: id, suggested RAG, title."""
    for rule in _load_rules(rules_dir):
        rag = rule.suggested_rag + ("/red" if rule.escalate_to_red_when is not None else "")
        click.echo(f"{rule.id:<18} {rag:<9} {rule.title}")


@rules.command("show")
@click.argument("rule_id")
@rules_option
def rules_show(rule_id: str, rules_dir: Path | None) -> None:
    """Everything about one rule: what it checks, why, its source and parameters."""
    by_id = {rule.id: rule for rule in _load_rules(rules_dir)}
    rule = by_id.get(rule_id.upper())
    if rule is None:
        click.echo(f"dhr-check: no rule '{rule_id}'. Known rules: {', '.join(sorted(by_id))}.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(_show(rule), nl=False)


def _show(rule: Rule) -> str:
    base = bundled_rules_dir().parent
    try:
        file = str(Path(rule.file).resolve().relative_to(base))
    except ValueError:
        file = rule.file
    lines = [f"{rule.id}: {rule.title}", "", "What it checks:"]
    lines += ["  " + line for line in describe_rule(rule)]
    lines += ["", "Suggested RAG: " + rule.suggested_rag + (" (red when escalated)" if rule.escalate_to_red_when
                                                              else ""),
              "", "Why:", *_wrap(rule.rationale), "", "Source:", *_wrap(rule.source)]
    if rule.parameters:
        lines += ["", "Parameters (name = value in force: meaning):"]
        for name, parameter in rule.parameters.items():
            lines += _wrap(f"{name} = {_param(rule.values[name])}: {parameter.description}")
    lines += ["", "Message:", *_wrap(rule.message), "", f"Rule file: {file}"]
    return "\n".join(lines) + "\n"


def _param(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), 96, initial_indent="  ", subsequent_indent="  ")


