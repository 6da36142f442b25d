"""The text above the first recommendation: title, plan date, sign-off and monitoring.

Published plans open with a few lines such as

    Domestic Homicide Review – Adult A
    Multi- Agency Action Plan
    20th July 2015
    This Multi-Agency Action plan ... were signed off by the Community Safety
    Partnership on 1st April 2014. ... Progress of the Action Plan will be
    monitored by Be Safe Community Safety Partnership

Each sentence that gives a review field is placed; every other sentence is left
over, so a person can see what the plan does not record. The partnership is taken
only where the document names it: "the Bassetlaw Newark and Sherwood Community
Safety Partnership includes ...", "Northshire Community Safety Partnership.",
"Northshire CSP - DHR action tracker", never from the body that monitors the plan.
"""

from __future__ import annotations

import re

from .result import Location, PlanBuilder
from .values import clean, read_date

__all__ = ["read_preamble", "subject_from_title"]

_DATE_TEXT = r"(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
_TITLE = re.compile(r"^(?:Domestic Homicide Review|DHR)\s*[–—:-]\s*(?P<subject>.+)$", re.IGNORECASE)
_PLAN_TITLE = re.compile(r"^(?:Domestic Homicide Review|DHR)\b.{0,40}?\bAction Plan\s*[–—:-]\s*(?P<subject>.+)$",
                         re.IGNORECASE)
_PLAN_AGREED = re.compile(rf"^(?:the\s+)?(?:action\s+)?plan\s+(?:agreed|approved|dated|updated|revised)"
                          rf"(?:\s+on)?\s*:?\s*(?P<date>{_DATE_TEXT})\.?$", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w'’&-]*|&)"
_PARTNERSHIP = re.compile(rf"(?<![\w-])(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|of|upon|on|in))*?)\s+"
                          r"(?:Community Safety Partnership|CSP)\b")
_IN_RESPECT_OF = re.compile(r"\bin respect of\s+(?P<subject>.+?)\.?$", re.IGNORECASE)
_PLAN_HEADING = re.compile(r"^(?:(?:multi[-\s]*agency|dhr)\s+)?action\s+plan$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘(])")
_SIGNED_OFF = re.compile(rf"signed off by (?:the )?(?P<body>.+?) on (?P<date>{_DATE_TEXT})", re.IGNORECASE)
_MONITORED = re.compile(r"monitored by (?:the )?(?P<body>.+?)(?:\s+(?:\d|every\b|each\b|quarterly\b|monthly\b|"
                        r"annually\b|on a\b).*)?\.?$", re.IGNORECASE)
_COMMISSIONED = re.compile(rf"commissioned (?:by (?:the )?.+? )?on (?P<date>{_DATE_TEXT})", re.IGNORECASE)

# "Label: value" lines, as trackers and the review summary write them.
_LABELS: dict[str, str] = {
    **dict.fromkeys(["csp", "community safety partnership", "partnership"], "community_safety_partnership"),
    **dict.fromkeys(["subject", "review", "dhr", "domestic homicide review", "victim"], "subject"),
    **dict.fromkeys(["year of death"], "year_of_death"),
    **dict.fromkeys(["plan date", "date of plan", "action plan date"], "plan_date"),
    **dict.fromkeys(["signed off by", "sign off by", "approved by"], "signed_off_by"),
    **dict.fromkeys(["signed off on", "sign off date", "date signed off", "approved on"], "signed_off_on"),
    **dict.fromkeys(["monitored by", "monitoring body"], "monitored_by"),
    **dict.fromkeys(["commissioned on", "date commissioned"], "commissioned_on"),
}
_DATE_FIELDS = {"plan_date", "signed_off_on", "commissioned_on"}


def subject_from_title(text: str) -> str | None:
    """'Domestic Homicide Review – Adult A' or '... Action Plan in respect of Adult A' -> 'Adult A'."""
    for pattern in (_TITLE, _PLAN_TITLE, _IN_RESPECT_OF):
        match = pattern.search(text)
        if match and not _PLAN_HEADING.match(match.group("subject")):
            return clean(match.group("subject"))
    return None


def read_preamble(builder: PlanBuilder, paragraphs: list[tuple[Location, str]]) -> None:
    """Place what the opening paragraphs say about the review; leave over the rest, sentence by sentence."""
    for where, text in paragraphs:
        text = clean(text)
        if not text:
            continue
        if _PLAN_HEADING.match(text):
            builder.skip(where, text, "title lines")
        elif (subject := subject_from_title(text)) is not None:
            builder.set_review("subject", subject, where, text)
        elif (date := read_date(text)) is not None or (date := _plan_agreed(text)) is not None:
            if "plan_date" not in builder.data["review"]:
                builder.set_review("plan_date", date, where, text)
            else:
                builder.leave(where, text, "a second date on its own in the opening lines; the first was taken "
                                           "as the plan's date")
        elif _labelled(builder, where, text):
            continue
        else:
            for sentence in _SENTENCE_END.split(text):
                if not _facts_of(builder, where, sentence):
                    builder.leave(where, sentence, "text in the opening paragraphs that has no field in the plan")


def _labelled(builder: PlanBuilder, where: Location, text: str) -> bool:
    label, colon, value = text.partition(":")
    field = _LABELS.get(" ".join(label.lower().split())) if colon else None
    value = clean(value)
    if field is None or not value:
        return False
    if field in _DATE_FIELDS:
        date = read_date(value)
        if date is None:
            builder.leave(where, text, f"'{value}' is not a date that can be read without guessing (it needs a "
                                       "day, month and year, e.g. 31/01/2017)")
            return True
        builder.set_review(field, date, where, text)
    elif field == "year_of_death":
        if not re.fullmatch(r"\d{4}", value):
            builder.leave(where, text, "the year of death should be a year, e.g. 2012")
            return True
        builder.set_review(field, int(value), where, text)
    else:
        builder.set_review(field, value, where, text)
    return True


def _plan_agreed(text: str):
    """'Plan agreed 03/10/2016' -> the plan's date."""
    match = _PLAN_AGREED.match(text)
    return read_date(match.group("date")) if match else None


def _facts_of(builder: PlanBuilder, where: Location, sentence: str) -> bool:
    """Place the review fields a sentence states; False when it states none.

    A sentence that contradicts what the plan already has is left over whole, with the reason.
    """
    facts: list[tuple[str, object]] = []
    if match := _SIGNED_OFF.search(sentence):
        date = read_date(match.group("date"))
        if date is not None:
            facts += [("signed_off_by", clean(match.group("body"))), ("signed_off_on", date)]
    if match := _MONITORED.search(sentence):
        facts.append(("monitored_by", clean(match.group("body"))))
    if match := _COMMISSIONED.search(sentence):
        date = read_date(match.group("date"))
        if date is not None:
            facts.append(("commissioned_on", date))
    if not facts and (match := _PARTNERSHIP.search(sentence)) is not None:
        name = re.sub(r"^(?:The|This|That)\s+", "", match.group("name"))
        if name and name not in ("The", "This", "That"):
            facts.append(("community_safety_partnership", clean(name)))
    if not facts:
        return False
    review = builder.data["review"]
    clashes = [(key, value) for key, value in facts if key in review and review[key] != value]
    if clashes:
        key, value = clashes[0]
        builder.leave(where, sentence, f"this gives {key.replace('_', ' ')} '{value}', but the plan already has "
                                       f"'{review[key]}' (from line {builder.positions[('review', key)][0]}); "
                                       "nothing in this sentence was used")
        return True
    for key, value in facts:
        builder.set_review(key, value, where, None)
    builder.took(where, sentence, ("review", facts[0][0]))
    return True
