"""Write reports safely: all or nothing, and never over a file the run reads.

A report is written to a temporary file in the same folder (at once, or bit by bit as a
streamed run goes) and then renamed over the target, so a reader (or a board pack built
from last quarter's report) never sees a half-written file, even if the run is
interrupted or the disk fills up.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable

from .errors import OutputError

__all__ = ["write_atomic", "AtomicFile", "refuse_inputs"]


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path | str]) -> None:
    """Raise `OutputError` if an output path is one of the run's input files, or is given twice.

    `inputs` is read once, keeping only the few that are also outputs: a national run names tens of thousands.
    """
    outputs = list(outputs)
    wanted = {Path(output).resolve() for output in outputs}
    protected = {resolved for resolved in (Path(path).resolve() for path in inputs) if resolved in wanted}
    seen: set[Path] = set()
    for output in outputs:
        resolved = Path(output).resolve()
        if resolved in protected:
            raise OutputError(f"will not write a report to {output}: it is one of the files being checked. "
                              "Choose another file name.")
        if resolved in seen:
            raise OutputError(f"{output} is given twice as --output; give each report its own file.")
        seen.add(resolved)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step. Raises `OutputError` with a plain reason on failure."""
    with AtomicFile(path) as stream:
        stream.write(data)


class AtomicFile:
    """A report written bit by bit into a temporary file that replaces `path` in one step on `commit`.

    Raises `OutputError` with a plain reason, before anything is written when the place is wrong.
    Until committed, `path` is left as it was; `discard` (or leaving a `with` block on an error)
    removes the temporary file.
    """

    def __init__(self, path: Path):
        self.path = path = Path(path)
        folder = path.parent
        if not folder.is_dir():
            raise OutputError(f"cannot write {path}: the folder {folder} does not exist.")
        if path.is_dir():
            raise OutputError(f"cannot write {path}: it is a folder; give a file name such as "
                              f"{path / 'report.html'}.")
        self._mode = _mode_for(path)
        try:
            descriptor, self._temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise self._error(error) from None
        self.stream: BinaryIO = os.fdopen(descriptor, "wb")

    def commit(self) -> None:
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.chmod(self._temporary, self._mode)
            os.replace(self._temporary, self.path)
        except OSError as error:
            self.discard()
            raise self._error(error) from None
        self._temporary = None

    def discard(self) -> None:
        if self._temporary is None:
            return
        self.stream.close()
        try:
            os.unlink(self._temporary)
        except OSError:
            pass
        self._temporary = None

    def __enter__(self) -> BinaryIO:
        return self.stream

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()
            if isinstance(error, OSError):
                raise self._error(error) from None

    def _error(self, error: OSError) -> OutputError:
        return OutputError(f"cannot write {self.path}: {error.strerror or error}.")


def _mode_for(path: Path) -> int:
    """Keep an existing report's permissions; a new one gets the usual mode for new files (umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
