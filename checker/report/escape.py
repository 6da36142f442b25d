"""Plan text made inert for each report format: whatever an action says, it is shown, never obeyed.

Plans are written by many agencies and may be imported from documents nobody has checked,
so their text can hold anything: HTML tags, Markdown table pipes, spreadsheet formulas
(`=HYPERLINK(...)`, `+cmd|...`), control characters. HTML is escaped by Jinja2's autoescaping;
the other formats use the functions here. Whatever reaches a terminal (the text reports and every
message) goes through `terminal_text`, so `\x1b[2J` cannot clear the screen, `\r` or a backspace
cannot overwrite a finding, and a right-to-left override cannot reorder a line.
"""

from __future__ import annotations

import re

__all__ = ["markdown_text", "spreadsheet_text", "xml_text", "terminal_text", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
"""A cell starting with one of these may be run as a formula by Excel, LibreOffice or Google Sheets."""

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ORDERED_LIST_START = re.compile(r"^(\d{1,9})(?=[.)](\s|$))")
# Characters XML 1.0 cannot hold at all (and so neither can JUnit files or spreadsheets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# What a terminal acts on rather than shows: C0 and C1 controls and DEL (escape sequences, carriage return,
# backspace, bell, line breaks), the Unicode line and paragraph separators, and the bidirectional
# embeddings, overrides and isolates that can show a line's characters in another order.
_TERMINAL_ACTS_ON = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def markdown_text(value: object) -> str:
    """One line of literal text for Markdown, safe in a paragraph, a list item, a heading or a table cell.

    Line breaks become spaces (they would end a table row); characters that Markdown or the HTML it
    may contain would act on are escaped; text that would start a heading, list or quote does not.
    """
    text = " ".join(xml_text(str(value)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    if text.startswith(("#", "-", "+", "=")):
        return "\\" + text
    return _ORDERED_LIST_START.sub(lambda m: m.group(1) + "\\", text)


def spreadsheet_text(value: object) -> str:
    """Text for a CSV cell that no spreadsheet will run as a formula: a leading apostrophe when needed."""
    text = xml_text("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def xml_text(value: str) -> str:
    """Text with the characters XML 1.0 forbids replaced by U+FFFD, so the file still opens."""
    return _NOT_XML.sub("\ufffd", value)


def terminal_text(value: str) -> str:
    """One line of text a terminal shows and never obeys: each control character is written as a visible
    escape, `\\x1b` or `\\u202e`. Everything else, accents and other scripts included, is left as it is."""
    return _TERMINAL_ACTS_ON.sub(_visible, value)


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
