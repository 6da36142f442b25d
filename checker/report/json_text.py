"""JSON text exactly as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, only faster, and in parts.

With `indent`, the standard library falls back to its pure-Python encoder, a generator per
nesting level, and that dominated a large run's JSON report. This encoder builds the same
text with plain recursion and can start at any nesting level, so a worker process can write
one plan's part of a report; a `ListSpool` collects such parts on disk and stands in the
document, written with `write`, for the list they make.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import IO, Any

from ..spool import Spool

__all__ = ["dumps", "write", "items_text", "ListSpool"]

_INFINITY = float("inf")



def dumps(value: Any, level: int = 0) -> str:
    """`value` as indented JSON, laid out as if it stood `level` containers deep in a larger document."""
    out: list[str] = []
    _encode(value, "\n" + "  " * level, out)
    return "".join(out)


def items_text(items: list[Any], level: int) -> bytes:
    """Items of a list that stands `level` deep, each led by its separator, as UTF-8 for `ListSpool.append`."""
    lead = ",\n" + "  " * (level + 1)
    return "".join(lead + dumps(item, level + 1) for item in items).encode("utf-8")


class ListSpool:
    """A JSON list standing `level` deep, gathered part by part on disk and written whole by `write`."""

    def __init__(self, level: int):
        self.level = level
        self._spool = Spool()

    def append(self, items: bytes) -> None:
        """Add items rendered by `items_text` at this list's level."""
        self._spool.write(items)

    def write_to(self, out: IO[bytes]) -> None:
        out.write(b"[")
        if not self._spool.empty:
            self._spool.copy_to(out, skip=1)        # the first item's lead, less its comma
            out.write(("\n" + "  " * self.level).encode())
        out.write(b"]")

    def close(self) -> None:
        self._spool.close()


def write(value: Any, out: IO[bytes]) -> None:
    """`value` as `dumps(value)` would give it, in UTF-8, to `out`; a `ListSpool` in it is copied from disk."""
    parts: list[str] = []
    _encode(value, "\n", parts, out)
    out.write("".join(parts).encode("utf-8"))


def _encode(value: Any, newline: str, out: list[str], stream: IO[bytes] | None = None) -> None:
    # The same order of type tests as json.encoder, so subclasses (enums of str or int) come out alike.
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                out.append(separator + scalar(item))
            else:
                out.append(separator)
                _encode(item, inner, out, stream)
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            name = encode_basestring(key if type(key) is str else _key(key))
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                out.append(separator + name + ": " + scalar(item))
            else:
                out.append(separator + name + ": ")
                _encode(item, inner, out, stream)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, ListSpool) and stream is not None:
        stream.write("".join(out).encode("utf-8"))
        out.clear()
        value.write_to(stream)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


_SCALARS = {str: encode_basestring, int: int.__repr__, bool: lambda b: "true" if b else "false",
            type(None): lambda _none: "null", float: _float}
"""Exact types written in one step; anything else (containers, subclasses) goes through `_encode`."""
