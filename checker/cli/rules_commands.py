"""`dhr-check rules ...`: list, explain, test, document and lint the rules."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from ..errors import UsageError
from ..explain import describe_rule
from ..lint import lint_rules
from ..output import write_atomic
from ..ruledocs import render_html, render_markdown, rule_docs
from ..rules import Rule, bundled_rules_dir, load_rules, rule_files
from ..ruletests import collect_cases, run_case
from ..vocabulary import VOCABULARY
from . import _load_rules, config_option, echo_line, echo_lines, main, rules_option

__all__ = ["rules", "rules_docs", "rules_fields", "rules_lint", "rules_list", "rules_show", "rules_test"]


@main.group()
def rules() -> None:
    """List and explain the rules."""


@rules.command("list")
@rules_option
@config_option
def rules_list(rules_dir: Path | None, config_file: Path | None) -> None:
    """One line per rule in force (with the partnership's settings, if any): id, suggested RAG, title."""
    for rule in _load_rules(rules_dir, config_file):
        rag = rule.suggested_rag + ("/red" if rule.escalate_to_red_when is not None else "")
        echo_line(f"{rule.id:<18} {rag:<9} {rule.title}")


@rules.command("fields")
@click.argument("kind", required=False)
def rules_fields(kind: str | None) -> None:
    """The fields rules can use, for each kind of record (or one KIND): name, type and meaning."""
    if kind is not None and kind not in VOCABULARY:
        raise UsageError(f"no kind '{kind}'. Kinds: {', '.join(VOCABULARY)}.")
    for name in [kind] if kind else list(VOCABULARY):
        echo_line(f"{name}:")
        for spec in VOCABULARY[name]:
            echo_line(f"  {spec.name:<40} {spec.type:<6} {spec.description}")


@rules.command("show")
@click.argument("rule_id")
@rules_option
@config_option
def rules_show(rule_id: str, rules_dir: Path | None, config_file: Path | None) -> None:
    """Everything about one rule: what it checks, why, its source and the parameters in force."""
    by_id = {rule.id: rule for rule in _load_rules(rules_dir, config_file)}
    rule = by_id.get(rule_id.upper())
    note = ""
    if rule is None and rules_dir is None:     # a shipped rule in a pack this partnership does not use
        rule = {r.id: r for r in _all_rules(bundled_rules_dir())}.get(rule_id.upper())
        note = "Not in force here: its pack is not in the settings' 'extends', or the rule is switched off.\n\n"
    if rule is None:
        raise UsageError(f"no rule '{rule_id}'. Known rules: {', '.join(sorted(by_id))}.")
    echo_lines((note + _show(rule)).rstrip("\n"))


def _show(rule: Rule) -> str:
    base = bundled_rules_dir().resolve().parent
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
    lines += ["", "Message:", *_wrap(rule.message), "",
              f"Fields a rule about {rule.applies_to.replace('_', ' ')} can use (see 'dhr-check rules fields'): "
              + ", ".join(spec.name for spec in VOCABULARY[rule.applies_to]), "", f"Rule file: {file}"]
    return "\n".join(lines) + "\n"


def _param(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), 96, initial_indent="  ", subsequent_indent="  ")




def _rules_root(directory: Path | None) -> Path:
    return directory if directory is not None else bundled_rules_dir()


def _all_rules(root: Path) -> list[Rule]:
    folders = [p for p in sorted(root.iterdir()) if p.is_dir()] if root == bundled_rules_dir() else [root]
    return load_rules([f for f in folders if rule_files(f)] or [root])


@rules.command("test")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.pass_context
def rules_test(ctx: click.Context, directory: Path | None) -> None:
    """Run every rule's test cases (<id>.test.yaml beside each rule) and report pass or fail per case.

    DIRECTORY defaults to the shipped rule packs. Exit code 1 when a case fails.
    """
    root = _rules_root(directory)
    rules = _all_rules(root)
    cases = collect_cases(root)
    failed = 0
    for case in cases:
        result = run_case(case, rules)
        echo_line(f"{'PASS' if result.passed else 'FAIL'} {case.id}: {case.name}")
        for failure in result.failures:
            echo_line(f"     {failure}")
        failed += not result.passed
    click.echo(f"{len(rules)} rules, {len(cases)} cases: {len(cases) - failed} passed, {failed} failed.")
    ctx.exit(1 if failed else 0)


@rules.command("docs")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (.md or .html); default: Markdown on standard output.")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
def rules_docs(output: Path | None, directory: Path | None) -> None:
    """Write the rule reference for auditors: what each rule checks, why, its source and examples."""
    root = _rules_root(directory)
    docs = rule_docs(_all_rules(root), root)
    text = render_html(docs) if output is not None and output.suffix in (".html", ".htm") else render_markdown(docs)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    echo_line(f"dhr-check: wrote {output}", err=True)


@rules.command("lint")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.pass_context
def rules_lint(ctx: click.Context, directory: Path | None) -> None:
    """Check the rule set itself: ids, messages, rationale and source, unused parameters, test cases, overlaps.

    Exit code 1 when any issue is found.
    """
    issues = lint_rules(_rules_root(directory))
    for issue in issues:
        echo_line(str(issue))
    click.echo(f"{len(issues)} issue{'s' if len(issues) != 1 else ''} found.")
    ctx.exit(1 if issues else 0)
