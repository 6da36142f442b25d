"""Opening the files a user names: regular files only, and a plain reason for anything else.

A FIFO named like a plan blocks its reader for ever, `/dev/zero` never ends, and a dangling link
or a link loop fails with an errno nobody can act on. Every file the tool reads (plans, rules,
settings, waivers, import sources, column maps, saved runs) is opened with `open_regular`,
every folder walk uses `describe` to say why an entry was not read, and rule folders are
walked with a bound (`files_below`), so `--rules /` is refused instead of walking the disk.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

__all__ = ["NotARegularFile", "open_regular", "describe", "kind_of", "files_below", "TooManyEntries"]


class NotARegularFile(OSError):
    """Raised instead of opening something that is not a regular file; `strerror` says what it is."""


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open `path` (or the file a link leads to) for reading in binary, if it is a regular file.

    Raises `OSError` whose `strerror` is a plain sentence (`NotARegularFile` for a FIFO, device, folder,
    dangling link or link loop). Nothing else is opened: opening a FIFO would block, and opening a
    device may act on it.
    """
    reason = describe(path)
    if reason is not None:
        raise NotARegularFile(errno.EINVAL, reason, str(path))
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        kind = kind_of(os.fstat(descriptor).st_mode)     # replaced since `describe` looked?
        if kind is not None:
            raise NotARegularFile(errno.EINVAL, f"it is {kind}, not a file", str(path))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def describe(path: str | os.PathLike[str]) -> str | None:
    """None when `path` is a regular file or a link to one; otherwise why it cannot be read, as a phrase."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return _stat_failure(path, error)
    kind = kind_of(mode)
    return None if kind is None else f"it is {kind}, not a file"


def kind_of(mode: int) -> str | None:
    """What a file of this mode is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"   # pragma: no cover - no other kind on Linux


def _stat_failure(path: str | os.PathLike[str], error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a symbolic link that leads back to itself (a link loop)"
    if error.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:  # pragma: no cover - removed meanwhile
            target = "?"
        return f"it is a symbolic link to {target}, which does not exist"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


class TooManyEntries(Exception):
    """A folder walk met more entries than its bound: the folder is not what was meant."""


def files_below(folder: str | os.PathLike[str], suffix: str, max_entries: int) -> list[str]:
    """Paths of the entries named `*suffix` in `folder` and the folders below it, sorted, looking at no
    more than `max_entries` entries in all (raises `TooManyEntries` past that).

    Links to folders are not followed, and hidden folders (`.git`) are not looked in. Entries that
    are not regular files are returned too, so that reading them reports why they cannot be read.
    """
    found: list[str] = []
    seen = 0
    pending = [os.fspath(folder)]
    while pending:
        current = pending.pop()
        entries = list(os.scandir(current))     # an unreadable folder raises: its rules would be missing
        seen += len(entries)
        if seen > max_entries:
            raise TooManyEntries(f"more than {max_entries:,} files and folders")
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(entry.path)
            elif entry.name.endswith(suffix):
                found.append(entry.path)
    return sorted(found)
