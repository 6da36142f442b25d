"""Plan text made inert for each report format: whatever an action says, it is shown, never obeyed.

Plans are written by many agencies and may be imported from documents nobody has checked,
so their text can hold anything: HTML tags, Markdown table pipes, spreadsheet formulas
(`=HYPERLINK(...)`, `+cmd|...`), control characters. HTML is escaped by Jinja2's autoescaping;
the other formats use the functions here.
"""

from __future__ import annotations

import re

__all__ = ["markdown_text", "spreadsheet_text", "xml_text", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
"""A cell starting with one of these may be run as a formula by Excel, LibreOffice or Google Sheets."""

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ORDERED_LIST_START = re.compile(r"^(\d{1,9})(?=[.)](\s|$))")
# Characters XML 1.0 cannot hold at all (and so neither can JUnit files or spreadsheets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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
