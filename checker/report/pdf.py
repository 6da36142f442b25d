"""The board report as a PDF: the HTML report laid out on A4 pages by WeasyPrint.

WeasyPrint implements CSS Paged Media (page margin boxes with page numbers, kept-together headings and
rows, repeated table headers), runs in this process, and gives the same bytes for the same report.
It is an optional extra (`pip install 'dhr-checker[pdf]'`) because it brings Pillow, fontTools and
the system's Pango libraries. It is given a URL fetcher that refuses everything, so the PDF holds
only what the plans say and rendering never touches the network or another file.
"""

from __future__ import annotations

from typing import Any

from ..results import RunResult
from ..errors import DhrCheckError
from . import html

__all__ = ["render", "require_engine", "INSTALL"]

INSTALL = "pip install 'dhr-checker[pdf]'"
PANGO = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"


def require_engine():
    """The `weasyprint` module, or a `DhrCheckError` (exit 2) that names the command installing what is missing.

    Called before a run that asks for a PDF, so a long run does not end without its report.
    """
    try:
        import weasyprint
    except ImportError:
        raise DhrCheckError(f"a PDF report needs WeasyPrint, which is not installed. Install it with "
                            f"{INSTALL} (or write the report as .html and print that).") from None
    except OSError as error:     # the Pango libraries WeasyPrint loads at import are missing
        raise DhrCheckError(f"a PDF report needs WeasyPrint's text libraries (Pango), which it cannot load: "
                            f"{error}. On Debian or Ubuntu install them with {PANGO}.") from None
    return weasyprint


def render(result: RunResult) -> bytes:
    weasyprint = require_engine()
    fetcher: Any = weasyprint.urls.URLFetcher   # a base class from a module imported only here, for a PDF

    class RefuseAll(fetcher):
        """The report is self-contained: any request for a resource is refused, never fetched."""

        def fetch(self, url, headers=None):
            raise ValueError(f"dhr-check fetches nothing: {url}")

    return weasyprint.HTML(string=html.render(result), url_fetcher=RefuseAll()).write_pdf()
