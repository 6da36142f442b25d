"""Dates as people write them, and the as-of dates a run can be made for.

Python's `date.fromisoformat` reads '20260201' and '2026-W05-1' as dates; nobody writing a plan means
those, so only `YYYY-MM-DD` is read. An as-of date is bounded so that every date the reports work out
from it (the due-within window, up to 3,660 days on) and every file format's own date range (an XLSX
workbook's zip entries end in 2107) hold it.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["iso_date", "EARLIEST_AS_OF", "LATEST_AS_OF", "as_of_date"]

EARLIEST_AS_OF = dt.date(1900, 1, 1)
LATEST_AS_OF = dt.date(2099, 12, 31)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date:
    """The date written `YYYY-MM-DD`, and only that form. Raises ValueError."""
    text = text.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def as_of_date(text: str) -> dt.date:
    """An as-of date written `YYYY-MM-DD` from 1900-01-01 to 2099-12-31. Raises ValueError saying what to write."""
    try:
        day = iso_date(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31") from None
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise ValueError(f"{day.isoformat()} is outside the dates a run can be made for "
                         f"({EARLIEST_AS_OF.isoformat()} to {LATEST_AS_OF.isoformat()})")
    return day
