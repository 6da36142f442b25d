"""Reading the values people write in action plan cells: dates, RAG ratings, status words, labels.

Each reader returns None for what it cannot read with certainty, so the caller
keeps the original text and reports it. Dates in particular are never guessed:
"Apr-21" could be April 2021 or 21 April, and "TBC" is no date at all.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import re

__all__ = ["clean", "lines_of", "read_date", "read_rag", "read_status", "read_scope", "rag_from_colour",
           "split_label", "read_number", "read_reference", "leading_date", "trailing_date",
           "read_decision", "split_decision"]

_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^[•·▪‣◦●○■□\-–*]\s+")
_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], start=1) for name in names}
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORDY_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_DATE = re.compile(rf"{_ISO_DATE.pattern}|{_NUMERIC_DATE.pattern}|{_WORDY_DATE.pattern}")
_BY = re.compile(r"^(?:by|due|due by|on|before|target|target date|completed|completed on|complete)\b[\s:]*",
                 re.IGNORECASE)


def clean(text: object) -> str:
    """One line of text with runs of spaces (including non-breaking ones) made single, ends trimmed."""
    return _SPACE.sub(" ", str(text)).strip()


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a cell, cleaned, with typed bullet marks removed (one item per line)."""
    lines = []
    for line in str(text).splitlines():
        line = _BULLET.sub("", clean(line))
        if line:
            lines.append(line)
    return lines


def read_date(value: object) -> dt.date | None:
    """A date written in full: 31/12/2016, 2016-12-31, 31st December 2016, 'By 31/01/2017'. Else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = _BY.sub("", clean(value)).rstrip(".")
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _WORDY_DATE.fullmatch(text):
        named_month = _MONTHS.get(match.group(2).lower())
        if named_month is None:
            return None
        month, day, year = named_month, int(match.group(1)), int(match.group(3))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def leading_date(text: str) -> tuple[dt.date, str] | None:
    """A progress note that starts with its date ('12/01/2017: training delivered'): the date and the note."""
    match = _DATE.match(text)
    if match is None:
        return None
    date = read_date(match.group(0))
    note = text[match.end():].lstrip(" :-–—").strip()
    return (date, note) if date is not None and note else None


_RAG_WORDS = {"red": "red", "r": "red", "amber": "amber", "a": "amber", "yellow": "amber",
              "green": "green", "g": "green", "blue": "blue", "b": "blue"}
_STATUS_WORDS = {
    "complete": "complete", "completed": "complete", "done": "complete", "closed": "complete",
    "ongoing": "ongoing", "on-going": "ongoing", "on going": "ongoing",
    "in progress": "in_progress", "in-progress": "in_progress", "started": "in_progress", "open": "in_progress",
    "not started": "not_started", "not yet started": "not_started",
    "not applicable": "not_applicable", "n/a": "not_applicable", "na": "not_applicable",
}


def read_rag(text: str) -> str | None:
    """'Red', 'AMBER', 'G' and the like as a RAG rating; None for anything else."""
    return _RAG_WORDS.get(clean(text).rstrip(".").lower())


def read_status(text: str) -> str | None:
    """'Complete', 'On-going', 'Not started' and the like as a status; None for anything else."""
    return _STATUS_WORDS.get(clean(text).rstrip(".").lower())


def read_scope(text: str) -> str | None:
    """Local, regional or national, as the Home Office template's scope column gives it."""
    word = clean(text).rstrip(".").lower()
    return word if word in ("local", "regional", "national") else None


def rag_from_colour(rgb: str | None) -> str | None:
    """The RAG a cell's fill colour shows ('FF0000' or 'FFFF0000'); None for white, grey or other hues."""
    if not rgb or not re.fullmatch(r"(?:[0-9A-Fa-f]{2})?[0-9A-Fa-f]{6}", rgb):
        return None
    red, green, blue = (int(rgb[-6:][i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.12 or value < 0.3:
        return None
    degrees = hue * 360
    if degrees < 15 or degrees >= 330:
        return "red"
    if degrees < 66:
        return "amber"
    if 70 <= degrees < 170:
        return "green"
    if 180 <= degrees < 260:
        return "blue"
    return None


def split_label(text: str, word: str) -> tuple[int, str] | None:
    """'Action 2 The Partnership...' -> (2, 'The Partnership...') for word 'Action'; None without the label."""
    match = re.match(rf"{word}\s+(\d{{1,3}})\b[\s.:)\-–—]*", text, re.IGNORECASE)
    if match is None:
        return None
    return int(match.group(1)), text[match.end():].strip()


def read_number(value: object) -> int | None:
    """A recommendation or action number as written: 3, '3', '3.', 'R3', 'Rec 3', 'Recommendation 3'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = re.fullmatch(r"(?:recommendation|rec\.?|r|action|a)?\s*(\d{1,3})\.?", clean(value), re.IGNORECASE)
    return int(match.group(1)) if match else None


def read_reference(value: object) -> tuple[int, int] | None:
    """An action reference: 'R2.A1', '2.1', 'R2 A1' -> (2, 1)."""
    match = re.fullmatch(r"(?:r|rec\.?\s*)?(\d{1,3})\s*[.\s/-]\s*(?:a|action\s*)?(\d{1,3})", clean(value),
                         re.IGNORECASE)
    return (int(match.group(1)), int(match.group(2))) if match else None


_TRAILING_DATE = re.compile(rf"^(?P<text>.+?)[\s,;:(]*(?:[-–—]|\bby\b|\bdue\b|\bon\b|:)?[\s(]*"
                            rf"(?<=[\s(:])(?P<date>{_DATE.pattern})\)?\.?$", re.IGNORECASE)


def trailing_date(text: str) -> tuple[str, dt.date | None]:
    """A milestone with its date at the end ('Training package agreed - 31/01/2017'): the text and the date.

    Without a readable date at the end, the whole text and None.
    """
    match = _TRAILING_DATE.match(clean(text))
    if match is None:
        return clean(text), None
    date = read_date(match.group("date"))
    words = match.group("text").rstrip(" -–—:,;(").strip()
    return (words, date) if date is not None and words else (clean(text), None)


_DECISIONS = [(re.compile(r"^(?:not\s+accepted|rejected|declined)\b", re.IGNORECASE), "not_accepted"),
              (re.compile(r"^(?:accepted\s+in\s+part|partially\s+accepted|partly\s+accepted|part\s+accepted)\b",
                          re.IGNORECASE), "accepted_in_part"),
              (re.compile(r"^(?:accepted|agreed)\b", re.IGNORECASE), "accepted")]


def read_decision(text: str) -> tuple[str | None, dt.date | None]:
    """An agency's response: 'Accepted', 'Accepted in part 12/03/2019', 'Not accepted' -> decision and date."""
    decision, date, _ = split_decision(text)
    return decision, date


def split_decision(text: str) -> tuple[str | None, dt.date | None, str]:
    """As `read_decision`, with the words after the decision that are not its date ('Accepted with
    conditions' -> 'with conditions'), so a reason written on the same line is kept, not dropped."""
    text = clean(text)
    for pattern, decision in _DECISIONS:
        if match := pattern.match(text):
            rest = text[match.end():].strip(" -–—:,.;()")
            date = read_date(rest) if rest else None
            return decision, date, "" if date is not None else rest
    return None, None, ""
