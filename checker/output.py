"""Write reports safely: all or nothing, and never over a file the run reads.

A report is written to a temporary file in the same folder and then renamed over
the target, so a reader (or a board pack built from last quarter's report) never
sees a half-written file, even if the run is interrupted or the disk fills up.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from .errors import OutputError

__all__ = ["write_atomic", "refuse_inputs"]


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path | str]) -> None:
    """Raise `OutputError` if an output path is one of the run's input files, or is given twice."""
    protected = {Path(path).resolve() for path in inputs}
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
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist.")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name such as {path / 'report.html'}.")
    mode = _mode_for(path)
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}.") from None
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _mode_for(path: Path) -> int:
    """Keep an existing report's permissions; a new one gets the usual mode for new files (umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
