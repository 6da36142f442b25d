"""The fast JSON encoder writes exactly what `json.dumps(indent=2, ensure_ascii=False)` writes."""

from __future__ import annotations

import enum
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.report.json_text import ListSpool, dumps, items_text, write


class Colour(str, enum.Enum):
    red = "red"


class Rank(enum.IntEnum):
    high = 3


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                    st.sampled_from([Colour.red, Rank.high, float("nan"), float("inf"), -float("inf"), -0.0]))
keys = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300)
@given(values)
def test_same_text_as_the_standard_library(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(st.lists(values, max_size=5), st.integers(0, 3))
def test_a_list_written_in_parts_is_the_list_written_whole(items, level):
    """What the streamed reports rely on: items rendered apart, spliced in at their depth."""
    spool = ListSpool(level)
    for start in range(0, len(items), 2):
        spool.append(items_text(items[start:start + 2], level))
    document = items
    for _ in range(level):
        document = [document]
    placed = spool
    for _ in range(level):
        placed = [placed]
    out = io.BytesIO()
    write(placed, out)
    assert out.getvalue().decode("utf-8") == json.dumps(document, indent=2, ensure_ascii=False)
    spool.close()


def test_what_the_standard_library_refuses_is_refused():
    with pytest.raises(TypeError):
        dumps({"when": object()})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})
