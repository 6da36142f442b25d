"""The review summary: published recommendations in their own words, merged into the action plan's review."""

from __future__ import annotations

import pytest

from checker.errors import PlanError
from checker.importers import import_plan
from checker.importers.review_summary import looks_like_summary, read_summary
from checker.validate import validate_document

from ..common import write
from .test_published_text import ACTION_PLAN, SUMMARY


def test_summary_alone_gives_the_review_and_its_published_recommendations():
    result = read_summary(SUMMARY.read_bytes(), "summary.txt")
    review = result.document.data["review"]
    assert {k: v for k, v in review.items() if k != "published_recommendations"} == {
        "community_safety_partnership": "Bolton", "year_of_death": 2012,
        "source": "Home Office DHR Library: Bolton review, published April 2023"}
    published = review["published_recommendations"]
    assert [(p["number"], p["addressed_to"]) for p in published] == \
        [(n, "Greater Manchester Probation Trust" if n == 6 else "Bolton Community Safety Partnership")
         for n in range(1, 10)]
    assert published[6]["text"].startswith("That multi-agency and single agency domestic violence training is "
                                           "informed by this case. In particular, the issues raised in "
                                           "paragraphs 8.61(contrasting")
    assert result.document.position(("review", "published_recommendations", 5)) == (21, 1)
    assert result.document.position(("review", "community_safety_partnership")) == (4, 1)


def test_summary_on_its_own_imports_with_a_subject(tmp_path):
    with pytest.raises(PlanError, match="does not say whom the review is about"):
        import_plan(SUMMARY)
    document = import_plan(SUMMARY, subject="Adult A").document
    plan = validate_document(document)
    assert plan.recommendations == [] and len(plan.review.published_recommendations) == 9


def test_differences_between_summary_and_plan_are_kept_for_the_coverage_rule():
    data = import_plan(ACTION_PLAN, summary=SUMMARY).document.data
    published = {p["number"]: p["text"] for p in data["review"]["published_recommendations"]}
    in_plan = {r["number"]: r["text"] for r in data["recommendations"]}
    assert "Domestic Violence Strategy" in published[1] and "Domestic Abuse Strategy" in in_plan[1]
    assert published[3] != in_plan[3] and published[7] != in_plan[7]
    assert published[9] == in_plan[9]


def test_a_count_that_does_not_match_the_table_is_reported(tmp_path):
    text = SUMMARY.read_text(encoding="utf-8").replace("Extracted: 9 recs", "Extracted: 10 recs")
    result = read_summary(text.encode(), "summary.txt")
    assert [note for note in result.notes if "extracted" in note] == [
        "line 7: the page says 10 recommendations were extracted but 9 rows were read; the copy may be cut "
        "short, so check the table against the published review"]
    assert not [note for note in read_summary(SUMMARY.read_bytes(), "summary.txt").notes if "extracted" in note]
    [count] = [x for x in result.skipped if x.location.line == 7]
    assert count.text == "Extracted: 10 recs" and "checked against the rows read" in count.kind


def test_where_plan_and_summary_disagree_the_plan_wins_and_the_summary_is_reported(tmp_path):
    plan = write(tmp_path, ACTION_PLAN.read_text(encoding="utf-8").replace(
        "20th July 2015", "20th July 2015\n\nCSP: Bolton and Wigan"), "plan.txt")
    result = import_plan(plan, summary=SUMMARY)
    assert result.document.data["review"]["community_safety_partnership"] == "Bolton and Wigan"
    [leftover] = [x for x in result.leftovers if x.location.line == 4]
    assert leftover.text == "Bolton" and "the plan keeps the action plan's" in leftover.reason


def test_summary_is_told_apart_from_an_action_plan():
    assert looks_like_summary(SUMMARY.read_text(encoding="utf-8"))
    assert not looks_like_summary(ACTION_PLAN.read_text(encoding="utf-8"))


def test_summary_and_plan_the_wrong_way_round_is_explained():
    with pytest.raises(PlanError, match="give the action plan first"):
        import_plan(SUMMARY, summary=ACTION_PLAN)
    with pytest.raises(PlanError, match="give the action plan first"):
        import_plan(ACTION_PLAN, summary=ACTION_PLAN)
