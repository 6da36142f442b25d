"""The board report: one self-contained HTML file (inline CSS and SVG, no scripts, no external requests).

Rendered with Jinja2 with autoescaping on, so plan text always shows as text. A
Content-Security-Policy in the page forbids scripts and any outside fetch as a second guard.
"""

from __future__ import annotations

from ..results import RunResult
from ..diff import RunDiff
from .summary import RunView
from .templating import html_environment

__all__ = ["render", "render_diff"]


def render(result: RunResult) -> str:
    """The report; with `--summary-only` the board summary alone, and any `--marking` on every printed page."""
    view = RunView(result)
    return html_environment().get_template("report.html.j2").render(
        view=view, about=view.provenance, marking=result.settings.marking, summary_only=result.settings.summary_only)


def render_diff(diff: RunDiff) -> str:
    """Quarter over quarter as a self-contained HTML page."""
    return html_environment().get_template("diff.html.j2").render(diff=diff)
