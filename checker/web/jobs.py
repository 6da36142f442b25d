"""What passes between the page and a worker process: the uploads, the check asked for, what came back.

Plain frozen data, so it crosses to the worker process and back as it is; kept apart from the worker
and the pages, which both use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["Job", "Outcome", "Upload"]


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: its base name (made safe) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Job:
    """One check: the plan (and review summary), the as-of date, the agency, and the report wanted."""

    plan: Upload
    summary: Upload | None
    as_of: dt.date
    agency: str | None
    report_format: str           # a download's format, or "json" for the result page
    page: bool = False           # the result page, drawn in the worker (bounded like the check) from the JSON report


@dataclass
class Outcome:
    """What a check gives back: the report's bytes, or the problems to show and the HTTP status to show them with."""

    status: int = 200
    report: bytes = b""
    problems: list[str] = field(default_factory=list)
    leftovers: list[str] | None = None     # None: nothing was imported (a YAML plan is read as it is)
    checked: str = ""                      # the file checked (the imported plan, when a summary was merged)
    notes: list[str] = field(default_factory=list)
    page: str = ""                         # the result page, when the job asked for it
