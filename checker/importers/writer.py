"""Writing a plan as YAML a person can read and edit, and writing files without losing work.

The output is deterministic (same data, same bytes): keys in the order of the
plan model, long text as folded blocks wrapped at a fixed width, several lines
as literal blocks, anything unusual double-quoted with escapes. It is checked
by parsing it back (see the writer's tests); a plan written here loads to
exactly the data it was written from.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import typing
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import __version__
from ..errors import OutputError
from ..model import Plan
from ..output import write_atomic
from ..validate import model_of
from .result import ImportResult

__all__ = ["plan_yaml", "import_header", "write_new_file", "WIDTH"]

WIDTH = 92
"""Lines of text are wrapped to fit this width."""

_LINE_BREAKS = {"\n", "\r", "\x85", "\u2028", "\u2029"}


def plan_yaml(data: dict, header: Sequence[str] = ()) -> str:
    """The plan as YAML text: a comment header, then the data in the model's order."""
    lines = [_comment(line) for line in header]
    if lines:
        lines.append("")
    _mapping(lines, data, Plan, 0, blank_between=True)
    return "\n".join(lines) + "\n"


def import_header(result: ImportResult, imported_on: dt.date) -> list[str]:
    """The comment at the top of an imported plan: where it came from, when, and what was not placed.

    Only the date is given, never the time, so importing the same source on the same day gives
    the same bytes; file names without their folders, for the same reason.
    """
    lines = [f"Imported by dhr-check {__version__} on {imported_on.isoformat()} from:"]
    lines += [f"  {Path(source.file).name} ({source.form}, sha256 {source.sha256[:16]})" for source in result.sources]
    lines += ["Check it against the source before relying on it. Nothing was invented: what the source",
              "does not give (lead agencies, dates, status, RAG, progress) is left for you to add."]
    if result.notes:
        lines += ["", "Worth a second look:"]
        lines += _wrapped(result.notes)
    if result.skipped:
        lines += ["", f"Skipped as layout ({len(result.skipped)}):"]
        lines += _wrapped(f'{Path(skipped.location.file).name}, {skipped.location.describe()}: '
                          f'"{skipped.text}" ({skipped.kind})' for skipped in result.skipped)
    if result.leftovers:
        lines += ["", f"Not placed in the plan ({len(result.leftovers)}); copy in by hand whatever matters:"]
        lines += _wrapped(f'{Path(leftover.location.file).name}, {leftover.location.describe()}: '
                          f'"{leftover.text}" ({leftover.reason})' for leftover in result.leftovers)
    return lines


def _wrapped(items) -> list[str]:
    lines = []
    for item in items:
        lines += textwrap.wrap(item, WIDTH - 4, initial_indent="- ", subsequent_indent="  ",
                               break_long_words=False, break_on_hyphens=False)
    return lines


def write_new_file(path: Path, text: str, *, force: bool = False, sources: tuple[Path, ...] = ()) -> None:
    """Write `text` to `path` atomically (see `output.write_atomic`): all of it or nothing.

    Refuses to replace an existing file unless `force`, and never writes over one of `sources`.
    """
    target = Path(path)
    if any(target.exists() and target.resolve() == Path(source).resolve() for source in sources):
        raise OutputError(f"{target}: this is the file being imported; write the plan to a new file, "
                          "e.g. -o plan.yaml.")
    if target.is_file() and not force:
        raise OutputError(f"{target} already exists and was not changed. Choose another name, or add --force "
                          "to replace it.")
    write_atomic(target, text.encode("utf-8"))


def _mapping(lines: list[str], data: dict, model: type[BaseModel] | None, indent: int,
             blank_between: bool = False, first_prefix: str | None = None) -> None:
    order = list(model.model_fields) if model else []
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    for position, key in enumerate(keys):
        value = data[key]
        field = model.model_fields.get(key) if model else None
        prefix = first_prefix if position == 0 and first_prefix is not None else " " * indent
        if blank_between and position and isinstance(value, (list, dict)) and value:
            lines.append("")
        child = model_of(field.annotation) if field else None
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            _mapping(lines, value, child, indent + 2)
        elif isinstance(value, list):
            if not value:
                lines.append(f"{prefix}{key}: []")
                continue
            lines.append(f"{prefix}{key}:")
            for item_number, item in enumerate(value):
                if isinstance(item, dict):
                    if blank_between and key == "recommendations" and item_number:
                        lines.append("")
                    _mapping(lines, item, child, indent + 4, first_prefix=" " * (indent + 2) + "- ")
                else:
                    _scalar(lines, " " * (indent + 2) + "- ", item, indent + 4, False)
        else:
            _scalar(lines, f"{prefix}{key}: ", value, indent + 2, _is_enum(field))


def _scalar(lines: list[str], prefix: str, value: Any, indent: int, plain: bool) -> None:
    if value is None:
        lines.append(prefix + "null")
    elif isinstance(value, bool):
        lines.append(prefix + ("true" if value else "false"))
    elif isinstance(value, (int, float)):
        lines.append(prefix + repr(value))
    elif isinstance(value, dt.date):
        lines.append(prefix + value.isoformat())
    elif isinstance(value, Enum):
        lines.append(prefix + value.value)
    elif plain and value.isidentifier() and value.islower():
        lines.append(prefix + value)
    else:
        _text(lines, prefix, str(value), indent)


def _text(lines: list[str], prefix: str, text: str, indent: int) -> None:
    quoted = _quoted(text)
    block_safe = (text == text.strip() and "  " not in text and "\t" not in text and text
                  and all(_printable(ch) for ch in text if ch != "\n"))
    if "\n" in text and block_safe and all(line == line.strip() and line for line in text.split("\n")):
        lines.append(prefix + "|-")
        lines.extend(" " * indent + line for line in text.split("\n"))
    elif len(prefix) + len(quoted) > WIDTH and block_safe and "\n" not in text:
        lines.append(prefix + ">-")
        lines.extend(textwrap.wrap(text, WIDTH, initial_indent=" " * indent, subsequent_indent=" " * indent,
                                   break_long_words=False, break_on_hyphens=False))
    else:
        lines.append(prefix + quoted)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: readable characters as they are, the rest escaped."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def _printable(ch: str) -> bool:
    """YAML's printable characters, less line breaks and the byte-order mark (which readers may drop)."""
    code = ord(ch)
    if ch in _LINE_BREAKS or code == 0xFEFF:
        return False
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _comment(text: str) -> str:
    cleaned = "".join(ch if _printable(ch) else " " for ch in text).rstrip()
    return "#" + (" " + cleaned if cleaned else "")


def _is_enum(field) -> bool:
    if field is None:
        return False
    annotation = field.annotation
    candidates = [annotation, *typing.get_args(annotation)]
    return any(isinstance(c, type) and issubclass(c, Enum) for c in candidates)
