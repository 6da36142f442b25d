"""`dhr-check serve`: the self-check page, so an agency lead checks a plan in a browser without installing anything.

    app.py        the Starlette application and its routes (`create_app`)
    guard.py      token, security headers, access log and last-resort 500 around every request
    upload.py     the posted form, capped while read and held in memory
    worker.py     each check in a worker process bounded in time and memory, in a private folder
    checking.py   the one module that calls the checker (settings, import, run, reports)
    pages.py      the Jinja2 pages, sharing the HTML report's macros and stylesheet

Needs the optional extra: pip install 'dhr-checker[serve]'.
"""

from .app import create_app

__all__ = ["create_app"]
