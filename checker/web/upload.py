"""Reading the form a browser posts: capped while it is read, held in memory, never spooled to a shared folder.

Content-Length is only a claim: the body is counted as it arrives and reading stops at the cap.
Starlette's parser is used as it is, told to keep each file in memory (its default writes a file over
1 MB to the system's temporary folder).
"""

from __future__ import annotations

import os
import unicodedata
from typing import AsyncIterator

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from .checking import MAX_FILE_BYTES

__all__ = ["TooLarge", "BadForm", "read_form", "file_bytes", "text_field", "safe_name", "BODY_LIMIT"]

BODY_LIMIT = 3 * MAX_FILE_BYTES
"""A whole request: a plan and a summary of up to 10 MB each, or both sent back as base64 by a download."""


class TooLarge(Exception):
    """The request, or a file in it, is over the limit."""


class BadForm(Exception):
    """The request is not the page's form."""


class _InMemoryParser(MultiPartParser):
    spool_max_size = BODY_LIMIT + 1       # never rolled over to a file on disk
    max_part_size = BODY_LIMIT


async def read_form(request: Request) -> FormData:
    """The posted form, or `TooLarge` / `BadForm`."""
    claimed = request.headers.get("content-length", "")
    if claimed.isdigit() and int(claimed) > BODY_LIMIT:
        raise TooLarge()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > BODY_LIMIT:
            raise TooLarge()
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise BadForm("the request is not the page's form (multipart/form-data); use the form on the first page.")
    try:
        return await _InMemoryParser(request.headers, _once(bytes(body)), max_files=2, max_fields=20,
                                     max_part_size=BODY_LIMIT).parse()
    except MultiPartException:
        raise BadForm("the form could not be read (the upload was cut short or garbled); send it again.") from None


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body


async def file_bytes(form: FormData, name: str) -> tuple[str, bytes] | None:
    """The file posted as `name` (its safe base name and bytes), None when none was chosen; `TooLarge` over 10 MB."""
    value = form.get(name)
    if not isinstance(value, UploadFile) or not value.filename:
        return None
    data = await value.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(safe_name(value.filename))
    return safe_name(value.filename), data


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def safe_name(name: str, fallback: str = "plan.yaml") -> str:
    """A browser's file name as one plain base name: no folders, no control characters, at most 120 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip()
    if base in ("", ".", ".."):
        return fallback
    if len(base) > 120:
        stem, suffix = os.path.splitext(base)
        base = stem[:120 - len(suffix[:20])] + suffix[:20]
    return base
