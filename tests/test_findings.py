"""A finding's message: filled in from the plan's values, and split into what was found and what to do."""

from __future__ import annotations

from checker.findings import render_message


def test_messages_substitute_only_plain_names_and_shorten_long_text():
    text = render_message("{ref} '{description}' {missing}", {"ref": "Action R1.A1", "description": "x" * 200})
    assert text.startswith("Action R1.A1 'xxx") and text.endswith("…' not recorded")
    assert len(text) < 130
