"""Import, then check: the imported plan file gives the same findings as checking the source directly,
and the seed gives the same findings as the hand-written Bolton plan."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.check import Checker
from checker.importers import import_plan
from checker.importers.writer import import_header, plan_yaml

from ..common import REPO, SHIPPED_RULES, write
from .test_docx import home_office_plan
from .test_published_text import ACTION_PLAN, HOME_OFFICE_HTML, PLAN_TXT, SUMMARY
from .test_tracker import southmoor

AS_OF = dt.date(2017, 2, 15)


def _findings(path):
    with Checker(SHIPPED_RULES, AS_OF) as checker:
        result = checker.check_file(path)
    return sorted((f.rule, f.rag, f.subject, f.message, f.recommendation, f.action) for f in result.findings), result


def _imported(tmp_path, source, **options):
    result = import_plan(source, **options)
    path = tmp_path / "imported.yaml"
    path.write_text(plan_yaml(result.document.data, import_header(result, AS_OF)), encoding="utf-8")
    return path


def _csv(path):
    path.write_text("CSP: Southmoor\nDHR: Adult R\nRec No,Recommendation,Action,Owner,Deadline,RAG\n"
                    "1,That X.,Train staff,Police,31/01/2017,Green\n1,,Audit forms,,TBC,\n", encoding="utf-8")
    return path


SOURCES = {
    "published text": lambda tmp: write(tmp, PLAN_TXT, "plan.txt"),
    "web page": lambda tmp: write(tmp, HOME_OFFICE_HTML, "plan.html"),
    "Word, Home Office template": lambda tmp: home_office_plan(tmp / "plan.docx"),
    "Excel tracker": lambda tmp: southmoor(tmp / "tracker.xlsx"),
    "CSV tracker": lambda tmp: _csv(tmp / "tracker.csv"),
}


@pytest.mark.parametrize("form", sorted(SOURCES))
def test_checking_the_source_and_the_imported_plan_give_the_same_findings(tmp_path, form):
    source = SOURCES[form](tmp_path)
    direct, result = _findings(source)
    imported, _ = _findings(_imported(tmp_path, source))
    assert direct and direct == imported
    assert result.file == str(source)


def test_findings_on_a_tracker_point_at_its_rows_and_the_action_column(tmp_path):
    _, result = _findings(southmoor(tmp_path / "tracker.xlsx"))
    about_positions = {"DHR-OVERDUE-001", "DHR-RAG-GAP-001", "DHR-EVIDENCE-001", "DHR-EVIDENCE-002", "DHR-TARGET-001",
                       "DHR-SELF-RAG-001"}       # where findings point, whatever other rules the default pack holds
    assert sorted((f.line, f.column, f.subject, f.rule) for f in result.findings if f.rule in about_positions) == [
        (5, 3, "Action R1.A1", "DHR-OVERDUE-001"), (5, 3, "Action R1.A1", "DHR-RAG-GAP-001"),
        (6, 3, "Action R1.A2", "DHR-EVIDENCE-001"), (6, 3, "Action R1.A2", "DHR-RAG-GAP-001"),
        (6, 3, "Action R1.A2", "DHR-TARGET-001"),
        (7, 3, "Action R2.A1", "DHR-EVIDENCE-002"), (7, 3, "Action R2.A1", "DHR-SELF-RAG-001")]


def test_imported_seed_gives_the_findings_of_the_hand_written_plan(tmp_path):
    imported, _ = _findings(_imported(tmp_path, ACTION_PLAN, summary=SUMMARY))
    hand_written, _ = _findings(REPO / "plans" / "bolton-adult-a.yaml")
    assert imported == hand_written and len(imported) > 20
