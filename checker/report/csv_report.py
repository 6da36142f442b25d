"""The action tracker as CSV (UTF-8 with a byte-order mark, so Excel shows accents correctly).

Any cell a spreadsheet could run as a formula (`=`, `+`, `-`, `@`, ...) starts with an
apostrophe, so imported plan text stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..results import RunResult
from .escape import spreadsheet_text
from .summary import RunView
from .tracker import COLUMNS, tracker_rows

__all__ = ["render"]


def render(result: RunResult) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in tracker_rows(RunView(result)):
        writer.writerow([_cell(value) for value in row.cells])
    return "\ufeff" + stream.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return spreadsheet_text(value)
