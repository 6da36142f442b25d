"""Parts of a report held on disk until the report can be finished, so memory stays flat.

A streamed report cannot always be written in the order plans arrive: the text report opens
with the number of plans checked, the JSON report lists every plan before any finding, and
the list of actions due soon is sorted by date across the whole run. These buffers keep such
parts in memory while they are small and in a temporary file once they are not. The
temporary files have no name (`tempfile.TemporaryFile`), so they vanish with the process
however it ends; a full temporary folder is an `OutputError`, told like a full disk.
"""

from __future__ import annotations

import heapq
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from typing import IO, Any, Iterator

from .errors import OutputError

__all__ = ["Spool", "SortedSpool"]

IN_MEMORY_BYTES = 512 * 1024
"""Bytes kept in memory before a spool moves to a temporary file."""

COPY_BYTES = 64 * 1024
"""Bytes copied at a time: small enough that copying hundreds of MB leaves no large blocks behind."""

SORTED_RUN = 5_000
"""Entries sorted in memory at a time; each full run is written to disk and the runs merged at the end."""


class Spool:
    """Report text, already UTF-8, appended in order and copied out once, whole."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(IN_MEMORY_BYTES)
        self.empty = True

    def write(self, data: bytes) -> None:
        if data:
            with _temporary_space():
                self._file.write(data)
            self.empty = False

    def copy_to(self, out: IO[bytes], skip: int = 0) -> None:
        """Write everything appended, less its first `skip` bytes, to `out`."""
        with _temporary_space():
            self._file.seek(skip)
            shutil.copyfileobj(self._file, out, COPY_BYTES)

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
        with _temporary_space():
            run = tempfile.TemporaryFile()
            self._runs.append(run)
            for entry in self._run:     # a pickle each: one Unpickler over them all would keep every entry it read
                pickle.dump(entry, run, pickle.HIGHEST_PROTOCOL)
            run.flush()
        self._run = []

    @staticmethod
    def _read(run: IO[bytes]) -> Iterator[tuple[Any, int, Any]]:
        run.seek(0)
        while True:
            try:
                yield pickle.load(run)
            except EOFError:
                return


@contextmanager
def _temporary_space() -> Iterator[None]:
    """Turn a failure to write the temporary folder (full, gone, read-only) into a plain `OutputError`."""
    try:
        yield
    except OSError as error:
        raise OutputError(f"cannot hold the report while it is written: the temporary folder "
                          f"{tempfile.gettempdir()}: {error.strerror or error}. Free space there, or set TMPDIR "
                          "to a folder with room.") from None
