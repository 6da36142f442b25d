"""Report parts kept on disk come back whole and, when sorted, in a stable order across spilled runs."""

from __future__ import annotations

import io
import random
import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from checker import spool
from checker.spool import SortedSpool, Spool


@given(st.lists(st.tuples(st.integers(0, 5), st.text(max_size=3)), max_size=60))
def test_sorted_spool_is_a_stable_sort_even_when_runs_are_spilled(entries):
    original = spool.SORTED_RUN
    spool.SORTED_RUN = 7                       # several runs on disk for a few dozen entries
    try:
        sorted_spool = SortedSpool()
        for index, (key, text) in enumerate(entries):
            sorted_spool.add(key, (index, text))
        assert len(sorted_spool) == len(entries)
        assert list(sorted_spool) == [(index, text) for index, (key, text) in
                                      sorted(enumerate(entries), key=lambda pair: pair[1][0])]
        sorted_spool.close()
    finally:
        spool.SORTED_RUN = original


def test_spool_moves_to_disk_and_gives_back_every_byte(monkeypatch):
    monkeypatch.setattr(spool, "IN_MEMORY_BYTES", 1000)
    monkeypatch.setattr(spool, "COPY_BYTES", 7)
    bytes_spool = Spool()
    parts = ["".join(random.Random(n).choice("aé日\n\r ") for _ in range(300)).encode() for n in range(20)]
    for part in parts:
        bytes_spool.write(part)
    assert bytes_spool._file._rolled                  # past the limit it is a real temporary file
    out = io.BytesIO()
    bytes_spool.copy_to(out)
    assert out.getvalue() == b"".join(parts)
    out = io.BytesIO()
    bytes_spool.copy_to(out, skip=5)
    assert out.getvalue() == b"".join(parts)[5:]
    bytes_spool.close()


def _memory_reading_back(entries: int, runs: int, monkeypatch) -> int:
    """Peak bytes allocated while a sorted spool of `entries`, spilled in `runs` runs, is read back."""
    monkeypatch.setattr(spool, "SORTED_RUN", entries // runs)
    sorted_spool = SortedSpool()
    for index in range(entries):
        sorted_spool.add((index % 97, index), f"line {index} " + "x" * 100)
    tracemalloc.start()
    try:
        assert sum(1 for _ in sorted_spool) == entries
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        sorted_spool.close()


def test_reading_a_sorted_spool_back_does_not_hold_what_was_read(monkeypatch):
    """Merging costs memory per run on disk, not per entry: ten times the entries in as many runs cost no more."""
    assert _memory_reading_back(40_000, 10, monkeypatch) < 2 * _memory_reading_back(4_000, 10, monkeypatch)
