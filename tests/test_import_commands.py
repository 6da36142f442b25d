"""`dhr-check import` as a user runs it, and `check` / `validate` taking source files directly."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.load import read_yaml

from .common import REPO, write
from .importers.test_docx import home_office_plan

SEEDS = REPO / "tests" / "fixtures" / "seeds"


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """The two seed files in an empty folder, which is the current folder (paths print as typed)."""
    for name in ("bolton-adult-a-action-plan.txt", "bolton-review-summary.txt"):
        shutil.copy(SEEDS / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1774915200")           # 2026-03-31
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


IMPORT = ("import", "bolton-adult-a-action-plan.txt", "--summary", "bolton-review-summary.txt", "-o", "plan.yaml")

REPORT = """\
dhr-check: imported bolton-adult-a-action-plan.txt (published action plan) and bolton-review-summary.txt (review summary) into plan.yaml
Mapped:
  review:
    subject: Adult A (bolton-adult-a-action-plan.txt, line 3)
    plan_date: 2015-07-20 (bolton-adult-a-action-plan.txt, line 7)
    signed_off_by: Community Safety Partnership (bolton-adult-a-action-plan.txt, line 9)
    signed_off_on: 2014-04-01 (bolton-adult-a-action-plan.txt, line 9)
    monitored_by: Be Safe Community Safety Partnership (bolton-adult-a-action-plan.txt, line 9)
    community_safety_partnership: Bolton (bolton-review-summary.txt, line 4)
    year_of_death: 2012 (bolton-review-summary.txt, line 6)
    source: Home Office DHR Library: Bolton review, published April 2023 (bolton-review-summary.txt, line 3)
  published recommendations: 9
  recommendations: 9 (text 9, addressed_to 9)
  actions: 12 (description 12, planned_evidence 9, key_outcomes 9)
Recognised as layout and skipped (30):
  bolton-adult-a-action-plan.txt:5:1: line 5: "Multi- Agency Action Plan": title lines
  bolton-adult-a-action-plan.txt:11:1: line 11: "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A": page headers
  bolton-adult-a-action-plan.txt:17:1: line 17: "Key Actions | Evidence | Key Outcomes | RAG": rows of column headings
  bolton-adult-a-action-plan.txt:24:1: line 24: "Key Actions | Evidence | Key Outcomes | RAG": rows of column headings
  bolton-adult-a-action-plan.txt:27:1: line 27: "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A": page headers
  bolton-adult-a-action-plan.txt:31:1: line 31: "Key Actions | Evidence | Key Outcomes | RAG": rows of column headings
  bolton-adult-a-action-plan.txt:34:1: line 34: "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A": page headers
  bolton-adult-a-action-plan.txt:38:1: line 38: "Key Actions": cells starting with their column's name
  bolton-adult-a-action-plan.txt:38:376: line 38: "Evidence": cells starting with their column's name
  bolton-adult-a-action-plan.txt:38:570: line 38: "Key Outcomes": cells starting with their column's name
  bolton-adult-a-action-plan.txt:38:735: line 38: "RAG": cells starting with their column's name
  bolton-adult-a-action-plan.txt:40:1: line 40: "Key Actions": cells starting with their column's name
  bolton-adult-a-action-plan.txt:40:336: line 40: "Evidence": cells starting with their column's name
  bolton-adult-a-action-plan.txt:40:412: line 40: "Key Outcomes": cells starting with their column's name
  bolton-adult-a-action-plan.txt:40:577: line 40: "RAG": cells starting with their column's name
  bolton-adult-a-action-plan.txt:42:1: line 42: "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A": page headers
  bolton-adult-a-action-plan.txt:48:1: line 48: "Key Actions | Evidence | Key Outcomes": rows of column headings
  bolton-adult-a-action-plan.txt:55:1: line 55: "Key Actions | Evidence | Key Outcomes": rows of column headings
  bolton-adult-a-action-plan.txt:62:1: line 62: "Key Actions | Evidence | Key Outcomes": rows of column headings
  bolton-adult-a-action-plan.txt:65:1: line 65: "Domestic Homicide Review Multi-Agency Action Plan in respect of Adult A": page headers
  bolton-adult-a-action-plan.txt:71:1: line 71: "Key Actions | Evidence | Key Outcomes": rows of column headings
  bolton-review-summary.txt:1:1: line 1: "About this page. This page summarises a Domestic Homicide Review published in the Home Office DHR Library. The full report is available at the source link below. Victim and perpetrator names are not included in extracted summaries on this page.": lines of the library page's furniture (links, headings, notes about the page)
  bolton-review-summary.txt:2:1: line 2: "Source · Domestic Homicide Review": lines of the library page's furniture (links, headings, notes about the page)
  bolton-review-summary.txt:7:1: line 7: "Extracted: 9 recs": the page's count of recommendations (checked against the rows read)
  bolton-review-summary.txt:9:1: line 9: "View full report (PDF) ↗": lines of the library page's furniture (links, headings, notes about the page)
  bolton-review-summary.txt:11:1: line 11: "Summary": lines of the library page's furniture (links, headings, notes about the page)
  bolton-review-summary.txt:13:1: line 13: "Extracted recommendations": lines of the library page's furniture (links, headings, notes about the page)
  bolton-review-summary.txt:14:1: line 14: "# | Recommendation | Addressed to": rows of column headings
  bolton-review-summary.txt:15:1: line 15: "|---|---|---|": table rule lines
  bolton-review-summary.txt:25:1: line 25: "Recommendations extracted from the published report. Source: Home Office DHR Library. View full report ↗": lines of the library page's furniture (links, headings, notes about the page)
Worth a second look:
  - numbered in the order they appear, as the source gives no number: action R4.A1, action R5.A1, action R6.A1, action R7.A1, action R8.A1
  - who recommendations 1, 2, 3, 4, 5, 6, 7, 8, 9 are addressed to comes from the review summary
Not placed in the plan (5); copy in by hand whatever matters:
  bolton-adult-a-action-plan.txt:9:1: line 9: "This Multi-Agency Action plan seeks to address the recommendations made by the Review Panel as set out in the Overview Report.": text in the opening paragraphs that has no field in the plan
  bolton-adult-a-action-plan.txt:9:1: line 9: "During the review extensive consultation was carried with the family via their advocates, AAFDA.": text in the opening paragraphs that has no field in the plan
  bolton-adult-a-action-plan.txt:9:1: line 9: "Recommendation 7 in particular recognises the views of Adult D.": text in the opening paragraphs that has no field in the plan
  bolton-review-summary.txt:8:1: line 8: "Statutory domestic homicide review under section 9 of the Domestic Violence, Crime and Victims Act 2004. Source: Home Office DHR Library.": text of the review summary that has no field in the plan
  bolton-review-summary.txt:12:1: line 12: "The report identifies systemic failures in multi-agency information sharing, risk assessment, and coordination, particularly regarding the perpetrator's unsupervised release from prison and the victim's obscured status as a domestic violence victim. Opportunities for MARAC referrals were missed, and a narrow agency focus impeded safeguarding efforts.": text of the review summary that has no field in the plan
"""


def test_import_writes_the_plan_and_reports_what_it_mapped_and_left_over(seeds):
    code, out, err = run(*IMPORT)
    assert (code, out, err) == (0, REPORT, "")
    written = (seeds / "plan.yaml").read_text(encoding="utf-8")
    assert written.startswith("# Imported by dhr-check 0.1.0 on 2026-03-31 from:\n"
                              "#   bolton-adult-a-action-plan.txt (published action plan, sha256 824179ba25bd13ef)\n")
    hand_written = read_yaml(REPO / "plans" / "bolton-adult-a.yaml").data
    assert read_yaml(seeds / "plan.yaml").data["recommendations"] == hand_written["recommendations"]
    assert run("validate", "plan.yaml")[:2] == (0, "plan.yaml: valid\n")


def test_the_same_source_gives_the_same_bytes(seeds):
    run(*IMPORT)
    first = (seeds / "plan.yaml").read_bytes()
    assert run(*IMPORT, "--force")[0] == 0
    assert (seeds / "plan.yaml").read_bytes() == first


def test_an_existing_plan_is_not_replaced_without_force(seeds):
    (seeds / "plan.yaml").write_text("my work\n")
    code, out, err = run(*IMPORT)
    assert (code, out) == (2, "")
    assert err == "dhr-check: plan.yaml already exists and was not changed. Choose another name, or add --force " \
                  "to replace it.\n"
    assert (seeds / "plan.yaml").read_text() == "my work\n"


def test_writing_over_the_source_is_refused(seeds):
    code, _, err = run("import", "bolton-adult-a-action-plan.txt", "--partnership", "Bolton",
                       "-o", "bolton-adult-a-action-plan.txt", "--force")
    assert code == 2 and "this is the file being imported" in err
    assert (seeds / "bolton-adult-a-action-plan.txt").read_bytes() == (SEEDS / "bolton-adult-a-action-plan.txt"
                                                                       ).read_bytes()


def test_strict_turns_leftovers_into_an_error_and_writes_nothing(seeds):
    code, out, err = run(*IMPORT, "--strict")
    assert code == 2 and out == ""
    assert err.count(": text in the opening paragraphs that has no field in the plan\n") == 3
    assert err.endswith("dhr-check: --strict: 5 piece(s) of the source could not be placed in the plan, so "
                        "plan.yaml was not written. Place them by hand, or import without --strict.\n")
    assert not (seeds / "plan.yaml").exists()


def test_strict_passes_when_everything_is_placed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "CSP: Westvale\nDHR: Mr C\nRecommendation 1 That X.\nKey Actions\tEvidence\n"
                    "<p>Action 1 Do Y</p>\t<p>Report.</p>\n", "plan.txt")
    code, out, _ = run("import", "plan.txt", "-o", "plan.yaml", "--strict")
    assert code == 0 and out.endswith("Everything in the source was placed in the plan.\n")


def test_a_source_that_does_not_name_its_partnership(seeds):
    code, out, err = run("import", "bolton-adult-a-action-plan.txt", "-o", "plan.yaml")
    assert (code, out) == (2, "")
    assert err.startswith("bolton-adult-a-action-plan.txt:1:1: the published action plan does not name its "
                          "Community Safety Partnership.")
    assert err.endswith("dhr-check: the plan could not be imported, so nothing was written.\n")
    assert "Traceback" not in err and not (seeds / "plan.yaml").exists()
    assert run("import", "bolton-adult-a-action-plan.txt", "-o", "plan.yaml", "--partnership", "Bolton")[0] == 0


def test_check_takes_source_files_directly_and_points_at_their_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    home_office_plan(tmp_path / "plan.docx")
    code, out, _ = run("check", "plan.docx", "--as-of", "2017-02-15", "--format", "json")
    assert code == 1
    assert '"file": "plan.docx"' in out and '"line": 6' in out


def test_a_folder_is_checked_for_yaml_plans_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    home_office_plan(tmp_path / "plan.docx")
    assert run("import", "plan.docx", "-o", "plan.yaml")[0] == 0
    code, out, _ = run("validate", ".")
    assert (code, out) == (0, "plan.yaml: valid\n")                  # the Word original is not checked twice
    assert run("validate", "plan.docx")[:2] == (0, "plan.docx: valid\n")


def test_a_tracker_with_its_own_headings_needs_its_mapping_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "CSP: Southmoor\nDHR: Adult R\nR,Recommendation wording,What we will do\n1,That X.,Train staff\n",
          "tracker.csv")
    code, _, err = run("import", "tracker.csv", "-o", "plan.yaml")
    assert code == 2 and "tracker.csv:1:1: no row of column headings was found" in err
    write(tmp_path, 'columns: {"R": recommendation_number, "What we will do": action}\n', "columns.yaml")
    assert run("import", "tracker.csv", "--columns", "columns.yaml", "-o", "plan.yaml")[0] == 0
    write(tmp_path, 'columns: {"R": rec}\n', "bad.yaml")
    code, _, err = run("import", "tracker.csv", "--columns", "bad.yaml", "-o", "other.yaml")
    assert code == 2 and "bad.yaml:1:11: column 'R' is mapped to 'rec'" in err
