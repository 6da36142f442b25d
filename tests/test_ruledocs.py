"""docs/rules.md is generated from the rules and must be current; HTML renders the same content."""

from __future__ import annotations

from checker.ruledocs import render_html, render_markdown, rule_docs
from checker.rules import bundled_rules_dir, load_rules

from .common import REPO

ROOT = bundled_rules_dir()
DOCS = rule_docs(load_rules([p for p in sorted(ROOT.iterdir()) if p.is_dir()]), ROOT)


def test_committed_rule_docs_are_current():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_markdown(DOCS), "docs/rules.md is stale: run `dhr-check rules docs -o docs/rules.md`"


def test_every_rule_is_documented_with_examples():
    text = render_markdown(DOCS)
    for doc in DOCS:
        assert f"## {doc.rule.id}\n" in text
        assert doc.failing and doc.passing, doc.rule.id
    assert "Flagged (" in text and "Not flagged (" in text


def test_html_escapes_and_contains_every_rule():
    html = render_html(DOCS)
    assert html.count("<section id=") == len(DOCS)
    assert "<script" not in html
