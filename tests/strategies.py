"""Hypothesis strategies for plans, including hostile values, shared by the property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from checker.model import Plan

INTERESTING_TEXT = ["Police", "Housing", "Pol", "Policing", "日本 é", "a.bc", "a.b", "axbc", "Refuge",
                    "the REFUGE list", "in_progress", "complete", "%d", "$s", '"', "\\", "1e-05",
                    # where a pattern's ? or * must match a character outside ASCII (issue 16, item 17)
                    "a.bé", "a.b日", "a.b😀", "Polé", "Pol日本", "the RÉFUGE list", "refuge é",
                    "日本 e\u0301"]

hostile_text = st.one_of(
    st.sampled_from(INTERESTING_TEXT),
    st.text(min_size=1, max_size=40),                                   # any code points, controls included
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12),
    st.builds(lambda n, tail: "x" * n + tail, st.integers(1990, 2100), st.text(max_size=5)),  # around the cut
    st.builds(lambda n: "é" * n, st.integers(60_000, 70_000)),          # past durable's 64 KiB $mt limit
).filter(lambda s: s.strip() != "")

dates = st.dates(dt.date(2018, 1, 1), dt.date(2022, 12, 31))
rags = st.sampled_from(["red", "amber", "green", "blue"])


def _optional(strategy):
    return st.one_of(st.none(), strategy)


def _drop_none(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}


actions = st.builds(
    lambda number, **kw: _drop_none({"number": number, **kw}),
    st.integers(1, 999),
    description=hostile_text,
    lead_agency=_optional(hostile_text),
    target_date=_optional(dates),
    completion_date=_optional(dates),
    status=_optional(st.sampled_from(["not_started", "in_progress", "complete", "ongoing", "not_applicable"])),
    planned_evidence=st.lists(hostile_text, max_size=3),
    evidence_provided=st.lists(st.builds(lambda d: {"description": d}, hostile_text), max_size=2),
    key_outcomes=st.lists(hostile_text, max_size=3),
    self_rag=_optional(rags),
    progress_updates=st.lists(st.builds(lambda d, n: {"date": d, "note": n}, dates, hostile_text), max_size=3),
)


def _unique(items: list[dict], key: str) -> list[dict]:
    seen, out = set(), []
    for item in items:
        if item[key] not in seen:
            seen.add(item[key])
            out.append(item)
    return out


recommendations = st.builds(
    lambda number, text, addressed_to, acts: _drop_none({
        "number": number, "text": text, "addressed_to": addressed_to, "actions": _unique(acts, "number")}),
    st.integers(1, 12), hostile_text, _optional(hostile_text), st.lists(actions, max_size=4),
)

ramas = st.builds(lambda held_on, agencies, agreed: _drop_none({
    "held_on": held_on, "agencies_present": agencies, "risk_management_plan_agreed_by_all": agreed}),
    dates, st.lists(hostile_text, max_size=3), _optional(st.booleans()))

releases = st.builds(lambda reference, risk, kind, date, rama: _drop_none({
    "reference": reference, "risk_level": risk, "release_type": kind, "release_date": date,
    "pre_release_rama": rama}),
    hostile_text, st.sampled_from(["low", "medium", "high", "very_high"]),
    st.sampled_from(["sentence_expiry", "licence", "parole", "other"]), dates, _optional(ramas))

directories = st.builds(lambda by, at, last, interval: _drop_none({
    "maintained_by": by, "published_at": at, "last_refreshed": last, "refresh_interval_days": interval}),
    _optional(hostile_text), _optional(hostile_text), _optional(dates), _optional(st.integers(1, 400)))

published = st.builds(lambda number, text, to: _drop_none({"number": number, "text": text, "addressed_to": to}),
                      st.integers(1, 12), hostile_text, _optional(hostile_text))

plan_data = st.builds(
    lambda review, recs, rels, directory: _drop_none({
        "review": review, "recommendations": _unique(recs, "number"), "releases": _unique(rels, "reference"),
        "refuge_directory": directory}),
    st.builds(lambda subject, csp, plan_date, signed, commissioned, pubs: _drop_none({
        "subject": subject, "community_safety_partnership": csp, "plan_date": plan_date,
        "signed_off_on": signed, "commissioned_on": commissioned,
        "published_recommendations": _unique(pubs, "number")}),
        hostile_text, hostile_text, _optional(dates), _optional(dates), _optional(dates),
        st.lists(published, max_size=5)),
    st.lists(recommendations, max_size=5),
    st.lists(releases, max_size=4),
    _optional(directories),
)

plans = plan_data.map(Plan.model_validate)
as_of_dates = st.dates(dt.date(2019, 1, 1), dt.date(2022, 6, 30))


# -- glob patterns and equality values against text outside ASCII -------------------------------------------

non_ascii = st.characters(min_codepoint=0x80, exclude_categories=("C",))     # the engine strips controls
some_text = st.text(alphabet=st.one_of(non_ascii, st.sampled_from("aBc .-")), min_size=1, max_size=6)
PATTERN_PIECES = ["*", "?", "a", "B", "c", " ", ".", "-", "Caf", "Police"]


def _text_for(draw, piece: str, keep_case: bool) -> str:
    if piece == "*":
        return draw(st.text(alphabet=st.one_of(non_ascii, st.sampled_from("aB.")), max_size=3))
    if piece == "?":
        return draw(st.one_of(non_ascii, st.sampled_from("aB")))
    return piece if keep_case else draw(st.sampled_from([piece, piece.swapcase()]))


@st.composite
def glob_cases(draw):
    """(pattern, texts): the first text is built to match the pattern, with characters outside ASCII where
    it has ? or *; the others change the case of its letters, or miss by one character."""
    pieces = draw(st.lists(st.sampled_from(PATTERN_PIECES), min_size=1, max_size=6))
    texts = ["".join(_text_for(draw, piece, keep_case=True) for piece in pieces)]
    for _ in range(draw(st.integers(1, 3))):
        text = "".join(_text_for(draw, piece, keep_case=False) for piece in pieces)
        texts += [text, text[:-1], text + draw(non_ascii)]
    return "".join(pieces), [texts[0]] + [t for t in texts[1:] if t]


@st.composite
def equality_cases(draw):
    """(value, texts): a value outside ASCII, and texts equal to it or one character away from it."""
    value = draw(some_text.filter(lambda t: t.strip() and not t.isascii()))
    texts = [value, value[:-1] + draw(non_ascii), value + draw(non_ascii), draw(some_text)]
    return value, [t for t in texts if t.strip()]
