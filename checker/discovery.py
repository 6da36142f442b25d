"""Plan discovery: the plan files named, or found below the folders named, each once, in a stable order.

A run discovers its plans once and checks, counts and protects (no report over a plan) that one list.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import Problem
from .files import describe
from .load import PLAN_SUFFIXES

__all__ = ["NOT_PLANS", "Source", "discover_plans"]

NOT_PLANS = ("dhr-check.yaml", "waivers.yaml")
"""Files that sit beside plans in a partnership's folder but are settings, not plans."""

Source = tuple[str | None, Problem | None]
"""A plan file to check, or the problem with a path that cannot be checked."""


def discover_plans(paths: Iterable[str | Path]) -> Iterator[tuple[str | None, Problem | None]]:
    """Plan files named, or found below the folders named, in a stable order; a problem per bad path.

    Folders are walked lazily, in the order of sorted paths, one folder's names at a time. Plans come
    as text, not `Path`s: pathlib interns every name it parses, and a national run has tens of thousands.
    A file reached twice (named twice, or through a link) comes once, under the name it first came by;
    every entry that looks like a plan but cannot be read (a FIFO, a device, a dangling link, a link
    loop, an unreadable folder) comes as a problem, never silently left out.
    """
    seen: set[tuple[int, int]] = set()     # (device, inode) of each plan so far
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for entry in _plans_below(str(path), seen):
                found = True
                if entry is not None:
                    yield entry
            if not found:
                yield None, Problem(str(path), 1, 1, "this folder holds no plan files (*.yaml).")
        else:
            entry = _plan_file(str(path), seen)
            if entry is not None:
                yield entry


_Entry = Source


def _plans_below(folder: str, seen: set[tuple[int, int]]) -> Iterator[_Entry | None]:
    """Plan files in `folder` and the folders below it (not through links to folders), sorted by path;
    None for a plan file reached before."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        yield None, Problem(folder, 1, 1, f"not checked: this folder cannot be read ({error.strerror}), so any "
                                          "plans in it were left out. Give read access to it, or move the plans.")
        return
    for name in names:
        path = name if folder == "." else os.path.join(folder, name)     # as pathlib writes it
        if _is_folder(path):
            yield from _plans_below(path, seen)
        elif os.path.splitext(name)[1] in PLAN_SUFFIXES and not name.endswith(".test.yaml") \
                and name not in NOT_PLANS:
            yield _plan_file(path, seen)


def _plan_file(path: str, seen: set[tuple[int, int]]) -> _Entry | None:
    """`path` as a plan, or the reason it is not a file that can be read; None when it was reached before."""
    try:
        status = os.stat(path)
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        reason = describe(path)
        if os.path.islink(path) and status is not None and stat.S_ISDIR(status.st_mode):
            reason = "it is a link to a folder, and links to folders are not followed"
        return None, Problem(path, 1, 1, f"{reason}." if reason == "no such file or folder"
                             else f"not checked: {reason}.")
    identity = (status.st_dev, status.st_ino)
    if identity in seen:
        return None
    seen.add(identity)
    return path, None


def _is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:           # gone since the folder was listed
        return False
