"""The self-check page as a Starlette application: the form, the result, the downloads, the rules in force.

Nothing is kept between requests: an upload lives in memory and in one worker's private folder
for the length of its check, and a download re-sends the upload from the result page's hidden
fields. No cookies, no sessions, no scripts.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from importlib import resources
from pathlib import Path

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..dates import as_of_date
from ..parallel import default_jobs
from ..report import FORMATS
from .checking import DOWNLOADS, MAX_FILE_BYTES, load, pdf_problem, rule_pages
from .guard import Guard
from .pages import TITLES, render
from .upload import BadForm, TooLarge, file_bytes, read_form, safe_name, text_field
from .jobs import Job, Upload
from .worker import Workers

__all__ = ["create_app", "DEFAULT_TIME_LIMIT", "DEFAULT_MEMORY_LIMIT"]

DEFAULT_TIME_LIMIT = 30.0
"""Seconds one check may take; a plan takes a second or two."""

DEFAULT_MEMORY_LIMIT = 1 << 30
"""Bytes of address space one check's worker may use (1 GiB)."""

MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "pdf": "application/pdf", "markdown": "text/markdown; charset=utf-8",
               "json": "application/json"}

STYLESHEETS = {"report.css": ("checker.report", "templates/_style.css"), "web.css": ("checker.web", "static/web.css")}


def create_app(config_file: Path | None = None, rules_dir: Path | None = None, *, token: str | None = None,
               time_limit: float = DEFAULT_TIME_LIMIT, memory_limit: int = DEFAULT_MEMORY_LIMIT,
               max_checks: int | None = None, temp_root: Path | None = None):
    """The application (an ASGI callable) checking with the settings `dhr-check check --config CONFIG_FILE
    --rules RULES_DIR` would use. Raises `DhrCheckError` (with the CLI's problems) when they cannot be loaded.

    `token`: required on every request when given. Each check runs in a worker process limited to
    `time_limit` seconds and `memory_limit` bytes, at most `max_checks` (default: the cores) at once,
    in a private folder made under `temp_root` (default: the system's temporary folder).
    """
    chosen = load(config_file, rules_dir)
    no_pdf = pdf_problem()
    workers = Workers(chosen, time_limit, memory_limit, max_checks or default_jobs(), temp_root,
                      pdf_problem=no_pdf)

    async def form_page(request: Request) -> Response:
        return HTMLResponse(render("form.html.j2", today=dt.date.today().isoformat(), chosen=chosen,
                                   limit_mb=MAX_FILE_BYTES // 2**20))

    async def check_page(request: Request) -> Response:
        job = await _job(request)
        if isinstance(job, Response):
            return job
        outcome = await anyio.to_thread.run_sync(workers.run, job)
        if outcome.status != 200:
            return _problems_page(outcome.status, outcome.problems)
        return HTMLResponse(outcome.page)

    async def download(request: Request) -> Response:
        job = await _job(request, download=True)
        if isinstance(job, Response):
            return job
        if job.report_format == "pdf" and no_pdf:
            return _problems_page(422, [no_pdf])
        outcome = await anyio.to_thread.run_sync(workers.run, job)
        if outcome.status != 200:
            return _problems_page(outcome.status, outcome.problems)
        name = Path(outcome.checked).stem + FORMATS[job.report_format].extensions[0]
        return Response(outcome.report, media_type=MEDIA_TYPES[job.report_format],
                        headers={"content-disposition": f'attachment; filename="{_header_name(name)}"'})

    rules_html = render("rules.html.j2", pages=rule_pages(chosen), chosen=chosen)   # the rules are fixed at start

    async def rules_page(request: Request) -> Response:
        return HTMLResponse(rules_html)

    async def static(request: Request) -> Response:
        where = STYLESHEETS.get(request.path_params["name"])
        if where is None:
            raise HTTPException(404)
        package, path = where
        return Response(resources.files(package).joinpath(path).read_bytes(), media_type="text/css")

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)   # the only exception this handler is registered for
        return _problems_page(error.status_code, [f"{request.url.path}: {TITLES.get(error.status_code, 'error')}."])

    async def server_error(request: Request, error: Exception) -> Response:
        return _problems_page(500, ["The server met an unexpected error; nothing you sent was kept. Try again."])

    app = Starlette(routes=[Route("/", form_page), Route("/check", check_page, methods=["POST"]),
                            Route("/download", download, methods=["POST"]), Route("/rules", rules_page),
                            Route("/static/{name}", static)],
                    exception_handlers={HTTPException: http_error, 500: server_error})
    return Guard(app, token)


async def _job(request: Request, download: bool = False) -> Job | Response:
    """The check the form asks for (a download's, from the hidden fields, when `download`), or the error page
    saying what is wrong with the request."""
    report_format = "json"
    try:
        form = await read_form(request)
        if download:                                # the upload comes back from the result page's hidden fields
            report_format = text_field(form, "format")
            if report_format not in DOWNLOADS:
                raise BadForm(f"there is no download '{report_format}'; choose one of "
                              f"{', '.join(DOWNLOADS)}.")
            plan = _hidden_file(form, "plan")
            summary = _hidden_file(form, "summary")
        else:
            plan = await file_bytes(form, "plan")
            summary = await file_bytes(form, "summary")
        if plan is None:
            raise BadForm("choose the plan file to check (Word, Excel, CSV, PDF, web page, text or YAML).")
        as_of = _as_of(text_field(form, "as_of"))
        agency = text_field(form, "agency") or None
    except TooLarge as error:
        name = f"{error.args[0]}:1:1: " if error.args else ""
        return _problems_page(413, [f"{name}the upload is over {MAX_FILE_BYTES:,} bytes; files over "
                                    f"{MAX_FILE_BYTES:,} bytes are refused, as by dhr-check itself. A "
                                    "plan is far smaller: split the file into one file per plan."])
    except BadForm as error:
        return _problems_page(400, [str(error)])
    return Job(Upload(*plan), Upload(*summary) if summary else None, as_of, agency, report_format, page=not download)


def _hidden_file(form, name: str) -> tuple[str, bytes] | None:
    encoded = text_field(form, f"{name}_data")
    if not encoded:
        return None
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise BadForm("the download form was changed on the way; check the file again and download from the "
                      "result page.") from None
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(safe_name(text_field(form, f"{name}_name")))
    return safe_name(text_field(form, f"{name}_name")), data


def _as_of(text: str) -> dt.date:
    """The as-of date as `--as-of` takes it (default today), or `BadForm` with the CLI's words."""
    if not text:
        return dt.date.today()
    try:
        return as_of_date(text)
    except ValueError as error:
        raise BadForm(f"as-of date: {error}.") from None


def _header_name(name: str) -> str:
    """A file name safe inside a quoted header value: ASCII, no quotes or backslashes."""
    return "".join(char if char.isascii() and char.isprintable() and char not in '"\\' else "_" for char in name)


def _problems_page(status: int, problems: list[str]) -> Response:
    return HTMLResponse(render("problems.html.j2", status=status, title=TITLES.get(status, "Not checked"),
                               problems=problems), status_code=status)
