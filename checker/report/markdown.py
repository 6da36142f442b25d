"""The report as Markdown, for board papers, wikis and pull requests.

Every value a template prints passes through `markdown_text`, so plan text cannot add
headings, links, HTML or table columns.
"""

from __future__ import annotations

from ..results import RunResult
from ..diff import RunDiff
from .summary import RunView
from .templating import markdown_environment

__all__ = ["render", "render_diff"]


def render(result: RunResult) -> str:
    view = RunView(result)
    return markdown_environment().get_template("report.md.j2").render(view=view, about=view.provenance)


def render_diff(diff: RunDiff) -> str:
    """Quarter over quarter as Markdown."""
    return markdown_environment().get_template("diff.md.j2").render(diff=diff)
