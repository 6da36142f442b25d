"""PDF action plans built in code with reportlab, laid out as partnerships publish them.

`bolton_pdf` sets the Bolton seed (read from the seed text, so the PDF holds exactly
its words) in the published four-column layout: title and preamble, a page header on
every page, "Recommendation N" headings and a ruled table of Key Actions / Evidence /
Key Outcomes / RAG under each. `home_office_pdf` sets the Home Office seven-column
template: one ruled table whose heading row repeats on every page it runs over, the
template's guidance row under the headings, and rows that break across pages.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=3)
HEADING = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=6)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=18)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10, spaceAfter=3)   # as Word sets them apart
HEAD_CELL = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=8, leading=10)

GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3"))])

HOME_OFFICE_HEADINGS = ["Recommendation", "Scope of recommendation (i.e. local or regional)", "Action to take",
                        "Lead Agency", "Key milestones achieved in enacting recommendation", "Target Date",
                        "Date of completion and outcome"]
GUIDANCE_ROW = ["What is the over-arching recommendation?", "Local, regional, or national level?",
                "How exactly is the relevant agency going to make this recommendation happen? What actions need to "
                "occur?", "Which agency is responsible for monitoring progress of the actions and ensuring "
                "enactment of the recommendation?", "Have there been key steps that have allowed the recommendation "
                "to be enacted?", "When should this recommendation be completed by?",
                "When is the recommendation actually completed? What does outcome look like?"]


def _cell(text: str, style: ParagraphStyle = CELL) -> list[Paragraph]:
    """A table cell: each line of `text` its own paragraph, as a Word or web cell would have them."""
    return [Paragraph(_escape(line), style) for line in text.split("\n") if line.strip()]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _document(path: Path, header: str, size=A4) -> tuple[SimpleDocTemplate, callable]:
    def on_page(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        if header:
            canvas.drawString(document.leftMargin, size[1] - 1.2 * cm, header)
        canvas.drawRightString(size[0] - document.rightMargin, 1 * cm, f"Page {canvas.getPageNumber()}")
        canvas.restoreState()
    document = SimpleDocTemplate(str(path), pagesize=size, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                                 topMargin=2 * cm, bottomMargin=2 * cm, title="DHR action plan")
    return document, on_page


def bolton_pdf(path: Path, recommendations: list[dict], header: str, opening: list[str]) -> Path:
    """The published layout: `recommendations` as the text importer reads the seed (number, text, actions)."""
    document, on_page = _document(path, header)
    story = [Paragraph(_escape(opening[0]), TITLE)]
    story += [Paragraph(_escape(line), BODY) for line in opening[1:]]
    for recommendation in recommendations:
        story.append(Paragraph(f"Recommendation {recommendation['number']}", HEADING))
        story.append(Paragraph(_escape(recommendation["text"]), BODY))
        story.append(Spacer(1, 4))
        rows = [[_cell(h, HEAD_CELL) for h in ("Key Actions", "Evidence", "Key Outcomes", "RAG")]]
        actions = recommendation.get("actions", [])
        for action in actions:
            label = f"Action {action['number']} " if len(actions) > 1 else ""
            rows.append([_cell(label + action["description"]), _cell("\n".join(action.get("planned_evidence", []))),
                         _cell("\n".join(action.get("key_outcomes", []))), ""])
        table = Table(rows, colWidths=[6.5 * cm, 4.8 * cm, 5.2 * cm, 1.5 * cm], repeatRows=1)
        table.setStyle(GRID)
        story.append(table)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path


def home_office_pdf(path: Path, rows: list[list[str]], opening: list[str], guidance: bool = True) -> Path:
    """The Home Office template: one table, heading row repeated on each page; `rows` of 7 cells ("\\n": lines)."""
    return home_office_pages(path, [([GUIDANCE_ROW] if guidance else []) + rows], opening)


def home_office_pages(path: Path, pages: list[list[list[str]]], opening: list[str]) -> Path:
    """The template with the rows of each page given, as Word lays out a row broken across a page: the part
    that fits closes the table on one page, the rest opens it on the next, under the repeated headings."""
    size = landscape(A4)
    document, on_page = _document(path, "", size)
    story = [Paragraph(_escape(opening[0]), TITLE)] + [Paragraph(_escape(line), BODY) for line in opening[1:]]
    story.append(Spacer(1, 6))
    widths = [5.6 * cm, 2.8 * cm, 6 * cm, 3 * cm, 4.4 * cm, 2.2 * cm, 2.7 * cm]
    for number, rows in enumerate(pages):
        if number:
            story.append(PageBreak())
        body = [HOME_OFFICE_HEADINGS] + rows
        cells = [[_cell(text, HEAD_CELL if index == 0 else CELL) for text in row] for index, row in enumerate(body)]
        table = Table(cells, colWidths=widths, repeatRows=1, splitByRow=1)
        table.setStyle(GRID)
        story.append(table)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path


def spanned_pdf(path: Path, rows: list[list[str]], spans: list[tuple], opening: list[str]) -> Path:
    """The template in one table on one page, with merged cells: `spans` as reportlab gives them,
    ((first column, first row), (last column, last row)), rows counted from the headings (row 0)."""
    size = landscape(A4)
    document, on_page = _document(path, "", size)
    story = [Paragraph(_escape(opening[0]), TITLE)] + [Paragraph(_escape(line), BODY) for line in opening[1:]]
    body = [HOME_OFFICE_HEADINGS] + rows
    cells = [[_cell(text, HEAD_CELL if index == 0 else CELL) for text in row] for index, row in enumerate(body)]
    table = Table(cells, colWidths=[5.6 * cm, 2.8 * cm, 6 * cm, 3 * cm, 4.4 * cm, 2.2 * cm, 2.7 * cm])
    table.setStyle(GRID)
    table.setStyle(TableStyle([("SPAN", start, end) for start, end in spans]))
    story.append(table)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path
