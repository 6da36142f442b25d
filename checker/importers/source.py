"""Reading a source file's bytes safely: size limits, zip archives, text encodings.

Every problem becomes a `PlanError` at file:line:col with a sentence saying what
to do, never a traceback: the people importing plans are not programmers.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from ..errors import PlanError, Problem
from ..files import open_regular
from ..load import MAX_FILE_BYTES

__all__ = ["read_bytes", "decode_text", "check_archive", "MAX_UNPACKED_BYTES"]

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""A Word or Excel file is a zip archive; one that unpacks to more than this is refused, not opened."""


def read_bytes(path: Path | str, name: str) -> bytes:
    """The file's bytes. Raises `PlanError` when it cannot be read or is too large."""
    try:
        with open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise PlanError([Problem(name, 1, 1, f"the file is {size:,} bytes; files over {MAX_FILE_BYTES:,} "
                                                     "bytes are refused. Import one action plan at a time.")])
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise PlanError([Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}.")]) from None


def decode_text(raw: bytes, name: str) -> tuple[str, str | None]:
    """Text from UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252.

    Returns the text and a note when it was not UTF-8: Notepad and Excel on Windows save
    "ANSI" text as Windows-1252, so that is what a file from them is read as.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        first_bad = error.start
    try:
        return raw.decode("cp1252"), "the file is not UTF-8, so it was read as Windows-1252 (\"ANSI\") text"
    except UnicodeDecodeError:
        before = raw[:first_bad]
        line = before.count(b"\n") + 1
        column = first_bad - (before.rfind(b"\n") + 1) + 1
        raise PlanError([Problem(name, line, column, f"byte 0x{raw[first_bad]:02x} is not text in UTF-8 or "
                                                     "Windows-1252. Save the file as UTF-8 text and import it "
                                                     "again.")]) from None


def check_archive(raw: bytes, name: str, kind: str, save_as: str) -> None:
    """Refuse a Word or Excel file that is not a zip archive, or that unpacks to a suspicious size."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise PlanError([Problem(name, 1, 1, f"this is not a {kind} file that can be read (it is not in the "
                                             f"{save_as} format). Open it and save it again as {save_as}.")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlanError([Problem(name, 1, 1, f"this {kind} file unpacks to {unpacked:,} bytes, more than the "
                                             f"{MAX_UNPACKED_BYTES:,} allowed; it was not opened. Remove pictures "
                                             "and other content, or import the action plan on its own.")])
