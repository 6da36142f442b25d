"""Reading cell values: dates are read only when they are certain; RAG and status words; fill colours."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.importers.values import (leading_date, lines_of, rag_from_colour, read_date, read_number,
                                      read_rag, read_reference, read_status, split_label)


@pytest.mark.parametrize("text, expected", [
    ("31/12/2016", dt.date(2016, 12, 31)),
    ("By 31/01/2017", dt.date(2017, 1, 31)),
    ("by 1/2/2017", dt.date(2017, 2, 1)),             # UK order: day first
    ("2016-12-31", dt.date(2016, 12, 31)),
    ("31.12.2016", dt.date(2016, 12, 31)),
    ("20th July 2015", dt.date(2015, 7, 20)),
    ("1st April 2014", dt.date(2014, 4, 1)),
    ("3 Sept 2019", dt.date(2019, 9, 3)),
    ("Completed 28/03/2017", dt.date(2017, 3, 28)),
    (dt.datetime(2017, 3, 28, 14, 5), dt.date(2017, 3, 28)),
])
def test_dates_written_in_full_are_read(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize("text", [
    "Apr-21",          # April 2021, or 21 April?
    "Ongoing", "TBC", "Q3 2017", "March 2017", "2017",
    "12/31/2016",      # American order: not swapped, reported
    "31/12/16",        # two-digit year: which century is not guessed
    "30/02/2017",      # no such day
    "31 Smarch 2016",
    42736,             # an Excel serial number that was not formatted as a date
])
def test_anything_uncertain_is_not_a_date(text):
    assert read_date(text) is None


def test_progress_note_with_its_date_first():
    assert leading_date("10/01/2017: 80% of staff trained") == (dt.date(2017, 1, 10), "80% of staff trained")
    assert leading_date("3rd March 2018 - policy agreed") == (dt.date(2018, 3, 3), "policy agreed")
    assert leading_date("policy agreed on 10/01/2017") is None
    assert leading_date("10/01/2017") is None                      # a date with no note


@pytest.mark.parametrize("text, rag, status", [
    ("Red", "red", None), ("AMBER", "amber", None), ("g", "green", None), ("Blue.", "blue", None),
    ("Complete", None, "complete"), ("On-going", None, "ongoing"), ("In progress", None, "in_progress"),
    ("Not started", None, "not_started"), ("N/A", None, "not_applicable"),
    ("Green - complete", None, None), ("", None, None),
])
def test_rag_and_status_words(text, rag, status):
    assert (read_rag(text), read_status(text)) == (rag, status)


@pytest.mark.parametrize("colour, rag", [
    ("FF0000", "red"), ("FFC00000", "red"), ("FFC7CE", "red"),          # Excel's pale "bad" red too
    ("FFC000", "amber"), ("FFFF00", "amber"), ("FFEB9C", "amber"),
    ("00B050", "green"), ("92D050", "green"), ("C6EFCE", "green"),
    ("00B0F0", "blue"), ("0070C0", "blue"),
    ("FFFFFF", None), ("D9D9D9", None), ("000000", None), ("7030A0", None),   # white, grey, black, purple
    ("theme colour 5", None), (None, None),
])
def test_fill_colours(colour, rag):
    assert rag_from_colour(colour) == rag


def test_labels_numbers_and_references():
    assert split_label("Action 2 The Partnership ensures", "Action") == (2, "The Partnership ensures")
    assert split_label("Recommendation 3: That Bolton", "Recommendation") == (3, "That Bolton")
    assert split_label("Actions to take", "Action") is None
    assert [read_number(v) for v in (3, 3.0, "3", "3.", "R3", "Rec 3", "Recommendation 3", "three")] == \
        [3, 3, 3, 3, 3, 3, 3, None]
    assert [read_reference(v) for v in ("R2.A1", "2.1", "R2 A1", "2")] == [(2, 1), (2, 1), (2, 1), None]


def test_cell_lines_lose_typed_bullets_but_keep_numbers():
    assert lines_of("• Training plan\n  - Attendance   records \n\n1. Audit") == \
        ["Training plan", "Attendance records", "1. Audit"]


@pytest.mark.parametrize("text, expected", [
    ("Training package agreed - 31/01/2017", ("Training package agreed", dt.date(2017, 1, 31))),
    ("Training delivered by 31/03/2017", ("Training delivered", dt.date(2017, 3, 31))),
    ("Policy agreed (31 January 2017)", ("Policy agreed", dt.date(2017, 1, 31))),
    ("Audit done: 2017-01-31", ("Audit done", dt.date(2017, 1, 31))),
    ("31/01/2017", ("31/01/2017", None)),                  # a date alone is no milestone
    ("Review in Apr-21", ("Review in Apr-21", None)),      # not a date that can be read without guessing
    ("Policy 2016 refreshed", ("Policy 2016 refreshed", None)),
])
def test_a_milestone_keeps_its_date_apart(text, expected):
    from checker.importers.values import trailing_date
    assert trailing_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Accepted", ("accepted", None)),
    ("Accepted - 12/10/2016", ("accepted", dt.date(2016, 10, 12))),
    ("Accepted in part", ("accepted_in_part", None)),
    ("Partially accepted 1st March 2017", ("accepted_in_part", dt.date(2017, 3, 1))),
    ("Not accepted", ("not_accepted", None)),
    ("Rejected", ("not_accepted", None)),
    ("Acceptance pending", (None, None)),
    ("To be decided", (None, None)),
])
def test_an_agency_response(text, expected):
    from checker.importers.values import read_decision
    assert read_decision(text) == expected
