"""Write reports safely: all or nothing, never over a file the run reads, and only ever into a regular file.

A report is written to a temporary file in the same folder (at once, or bit by bit as a
streamed run goes) and then renamed over the target, so a reader (or a board pack built
from last quarter's report) never sees a half-written file, even if the run is
interrupted or the disk fills up. On Linux the temporary file has no name until the
report is complete (`O_TMPFILE`), so a run killed outright (SIGKILL, power loss) leaves
nothing behind; elsewhere it is a `.NAME.*.tmp` file, removed on any error, Ctrl-C or SIGTERM.

A target that is a link to a regular file is written through (the link stays, the file it
leads to is replaced); a FIFO, device, socket, dangling link or link loop is refused, so
`-o /dev/null` as root can never replace the device with a file.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable

from .errors import OutputError
from .files import describe

__all__ = ["write_atomic", "AtomicFile", "TerminalOutput", "refuse_inputs"]


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path | str],
                  used: Iterable[tuple[Path | str, str]] = ()) -> None:
    """Raise `OutputError` if an output is one of the files being checked (`inputs`) or one of the files the
    run uses (`used`: path and what it is, e.g. the settings and waivers), even through a link; or if an output
    is given twice.

    `inputs` is read once, keeping only the few that are also outputs: a national run names tens of thousands.
    """
    outputs = list(outputs)
    keys = [_identity(output) for output in outputs]
    wanted = set(keys)
    protected = {key for key in map(_identity, inputs) if key in wanted}
    roles = {_identity(path): role for path, role in used}
    seen: set = set()
    for output, key in zip(outputs, keys):
        if key in roles:
            raise OutputError(f"will not write a report to {output}: it is the {roles[key]} file this run uses. "
                              "Choose another file name.")
        if key in protected:
            raise OutputError(f"will not write a report to {output}: it is one of the files being checked. "
                              "Choose another file name.")
        if key in seen:
            raise OutputError(f"{output} is given twice as --output; give each report its own file.")
        seen.add(key)


def _identity(path: Path | str) -> tuple | str:
    """The file a path leads to (device and inode, so links and other spellings compare equal), or for a
    file that does not exist yet, the path it would have."""
    try:
        status = os.stat(path)
        return (status.st_dev, status.st_ino)
    except OSError:
        return os.path.realpath(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step. Raises `OutputError` with a plain reason on failure."""
    with AtomicFile(path) as stream:
        stream.write(data)


class AtomicFile:
    """A report written bit by bit into a temporary file that replaces `path` in one step on `commit`.

    Raises `OutputError` with a plain reason, before anything is written when the place is wrong.
    Until committed, `path` is left as it was; `discard` (or leaving a `with` block on an error)
    removes the temporary file. `write` turns a failed write (a full disk) into `OutputError`.
    """

    def __init__(self, path: Path):
        self.path = path = Path(path)
        self._target = _target_of(path)
        folder = self._target.parent
        self._mode = _mode_for(self._target)
        self._temporary: str | None = None
        try:
            descriptor = _unnamed_file(folder)
            if descriptor is None:
                descriptor, self._temporary = tempfile.mkstemp(dir=folder, prefix=f".{self._target.name}.",
                                                             suffix=".tmp")
        except OSError as error:
            raise self._error(error) from None
        self._open = True
        self.stream: BinaryIO = os.fdopen(descriptor, "wb")

    def write(self, data: bytes) -> int:
        try:
            return self.stream.write(data)
        except OSError as error:
            raise self._error(error) from None

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            os.fchmod(self.stream.fileno(), self._mode)
            _target_of(self.path)                 # still a regular file (or nothing) to replace?
            if self._temporary is None:           # give the unnamed file a name, then rename it into place
                self._temporary = _link_unnamed(self.stream.fileno(), self._target)
            self.stream.close()
            os.replace(self._temporary, self._target)
        except (OSError, OutputError) as error:
            self.discard()
            raise self._error(error) if isinstance(error, OSError) else error from None
        self._temporary = None
        self._open = False

    def discard(self) -> None:
        if not self._open:
            return
        self._open = False
        try:
            self.stream.close()
        except OSError:
            pass
        if self._temporary is not None:
            try:
                os.unlink(self._temporary)
            except OSError:
                pass
            self._temporary = None

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()
            if isinstance(error, OSError):
                raise self._error(error) from None

    def _error(self, error: OSError) -> OutputError:
        return OutputError(f"cannot write {self.path}: {error.strerror or error}.")


class TerminalOutput:
    """Standard output for a report: a failed write (a full disk, a closed pipe) raises `OutputError`, so
    it ends the run with a message and exit code 2 like any other report that cannot be written."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream

    def write(self, data: bytes) -> int:
        try:
            return self.stream.write(data)
        except OSError as error:
            raise _terminal_error(error) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise _terminal_error(error) from None


def _terminal_error(error: OSError) -> OutputError:
    return OutputError(f"cannot write the report to the standard output: {error.strerror or error}.")


def _target_of(path: Path) -> Path:
    """The file a report at `path` replaces: `path`, or the regular file a link at `path` leads to.

    Raises `OutputError` for anything but a regular file, a link to one, or a new name in an existing folder.
    """
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputError(f"cannot write {path}: the folder {path.parent} does not exist.") from None
        return path
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}.") from None
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name such as "
                          f"{path / 'report.html'}.")
    reason = describe(path)
    if reason is not None:
        raise OutputError(f"cannot write {path}: {reason}. Reports are written to files only; give a file name "
                          "such as report.html.")
    return Path(os.path.realpath(path)) if link else path


def _unnamed_file(folder: Path) -> int | None:
    """A new file in `folder` with no name yet, or None where the system or file system cannot make one."""
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None            # the file system has no unnamed files: fall back to a named one
        raise


def _link_unnamed(descriptor: int, target: Path) -> str:
    """Give the unnamed file a temporary name beside `target` (renamed over it at once) and return the name."""
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        while True:
            name = f".{target.name}.{secrets.token_hex(4)}.tmp"
            try:   # a folder descriptor makes this linkat(AT_SYMLINK_FOLLOW): link() would link /proc's link itself
                os.link(f"/proc/self/fd/{descriptor}", name, dst_dir_fd=folder)
                return str(target.parent / name)
            except FileExistsError:  # pragma: no cover - a clash of random names
                continue
    finally:
        os.close(folder)


def _mode_for(path: Path) -> int:
    """Keep an existing report's permissions; a new one gets the usual mode for new files (umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
