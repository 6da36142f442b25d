"""Parts of a report held on disk until the report can be finished, so memory stays flat.

A streamed report cannot always be written in the order plans arrive: the text report opens
with the number of plans checked, the JSON report lists every plan before any finding, and
the list of actions due soon is sorted by date across the whole run. These buffers keep such
parts in memory while they are small and in a temporary file once they are not.
"""

from __future__ import annotations

import heapq
import pickle
import shutil
import tempfile
from typing import IO, Any, Iterator

__all__ = ["TextSpool", "SortedSpool"]

IN_MEMORY_CHARS = 4 * 1024 * 1024
"""Text kept in memory before a spool moves to a temporary file."""

SORTED_RUN = 5_000
"""Entries sorted in memory at a time; each full run is written to disk and the runs merged at the end."""


class TextSpool:
    """Text appended in order and copied out once, whole."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(IN_MEMORY_CHARS, mode="w+", encoding="utf-8", newline="")
        self.empty = True

    def write(self, text: str) -> None:
        if text:
            self._file.write(text)
            self.empty = False

    def copy_to(self, out: IO[str]) -> None:
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, 1024 * 1024)

    def chunks(self, size: int = 1024 * 1024) -> Iterator[str]:
        self._file.seek(0)
        while chunk := self._file.read(size):
            yield chunk

    def close(self) -> None:
        self._file.close()


class SortedSpool:
    """(key, value) pairs added in any order, read back sorted by key; equal keys keep the order they came in."""

    def __init__(self) -> None:
        self._run: list[tuple[Any, int, Any]] = []
        self._runs: list[IO[bytes]] = []
        self._count = 0

    def add(self, key: Any, value: Any) -> None:
        self._run.append((key, self._count, value))   # the count keeps the sort stable across runs
        self._count += 1
        if len(self._run) >= SORTED_RUN:
            self._spill()

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        self._run.sort()
        runs = [self._read(run) for run in self._runs] + [iter(self._run)]
        for _key, _order, value in heapq.merge(*runs):
            yield value

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs, self._run = [], []

    def _spill(self) -> None:
        self._run.sort()
        run = tempfile.TemporaryFile()
        pickler = pickle.Pickler(run, pickle.HIGHEST_PROTOCOL)
        for entry in self._run:
            pickler.dump(entry)
            pickler.clear_memo()
        self._runs.append(run)
        self._run = []

    @staticmethod
    def _read(run: IO[bytes]) -> Iterator[tuple[Any, int, Any]]:
        run.seek(0)
        unpickler = pickle.Unpickler(run)
        while True:
            try:
                yield unpickler.load()
            except EOFError:
                return
