"""The YAML an import writes: readable, in the model's order, loading back to exactly the data; files written safely."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import DhrCheckError
from checker.importers import import_plan
from checker.importers.writer import WIDTH, import_header, plan_yaml, write_new_file
from checker.load import parse_yaml

from .test_published_text import ACTION_PLAN, SUMMARY

any_text = st.text(min_size=1, max_size=300)
readable_text = st.lists(st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), min_size=1,
                                 max_size=15), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(description=st.one_of(any_text, readable_text), evidence=st.lists(st.one_of(any_text, readable_text),
                                                                         max_size=3))
def test_any_text_loads_back_exactly(description, evidence):
    data = {"review": {"subject": description, "community_safety_partnership": "X"},
            "recommendations": [{"number": 1, "text": description, "actions": [
                {"number": 1, "description": description, "planned_evidence": evidence,
                 "target_date": dt.date(2017, 1, 31), "status": "in_progress"}]}]}
    assert parse_yaml(plan_yaml(data, [description]).encode("utf-8"), "p.yaml").data == data


def test_seed_is_written_like_the_hand_written_plan():
    result = import_plan(ACTION_PLAN, summary=SUMMARY)
    text = plan_yaml(result.document.data, import_header(result, dt.date(2026, 3, 31)))
    assert parse_yaml(text.encode(), "p.yaml").data == result.document.data
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    body = text[text.index("\nreview:"):]
    assert body.startswith('\nreview:\n  subject: "Adult A"\n  community_safety_partnership: "Bolton"\n'
                           '  year_of_death: 2012\n  plan_date: 2015-07-20\n')
    assert ('  - number: 2\n    text: >-\n      That the range of single agency plans to improve information sharing '
            'are monitored by\n      Bolton Community Safety Partnership') in body
    assert '          - "Bolton Domestic Abuse Strategy."\n' in body
    assert "\n\n  - number: 3\n" in body                           # a blank line between recommendations


def test_header_names_sources_and_date_but_no_time_and_lists_leftovers():
    result = import_plan(ACTION_PLAN, summary=SUMMARY)
    header = import_header(result, dt.date(2026, 3, 31))
    assert header[:3] == ["Imported by dhr-check 0.1.0 on 2026-03-31 from:",
                          "  bolton-adult-a-action-plan.txt (published action plan, sha256 824179ba25bd13ef)",
                          "  bolton-review-summary.txt (review summary, sha256 35e97b7d8848164c)"]
    assert "Not placed in the plan (5); copy in by hand whatever matters:" in header
    text = plan_yaml(result.document.data, header)
    assert text == plan_yaml(import_plan(ACTION_PLAN, summary=SUMMARY).document.data, header)
    assert not re.search(r"\d\d:\d\d", "\n".join(header))                # a date, never a time of day


def test_a_new_file_is_written_whole_with_ordinary_permissions(tmp_path):
    target = tmp_path / "plan.yaml"
    write_new_file(target, "review: {}\n")
    assert target.read_text() == "review: {}\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]          # no temporary file left


def test_an_existing_file_is_kept_unless_forced(tmp_path):
    target = tmp_path / "plan.yaml"
    target.write_text("mine\n")
    with pytest.raises(DhrCheckError, match="already exists and was not changed.*--force"):
        write_new_file(target, "new\n")
    assert target.read_text() == "mine\n"
    write_new_file(target, "new\n", force=True)
    assert target.read_text() == "new\n"


def test_the_source_is_never_written_over(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("text\n")
    with pytest.raises(DhrCheckError, match="this is the file being imported"):
        write_new_file(tmp_path / "." / "plan.txt", "new\n", force=True, sources=(source,))
    assert source.read_text() == "text\n"


def test_a_missing_folder_is_a_plain_error(tmp_path):
    with pytest.raises(DhrCheckError, match="the folder .* does not exist"):
        write_new_file(tmp_path / "no-such-folder" / "plan.yaml", "x\n")
