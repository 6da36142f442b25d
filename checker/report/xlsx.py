"""The action tracker as an Excel workbook: actions with coloured RAG cells, every finding, and provenance.

Plan text is always stored as text (never as a formula, whatever it starts with) and cells
that a person editing the sheet could turn into a formula carry Excel's quote prefix. The
workbook's dates and the zip entries' timestamps are fixed (from SOURCE_DATE_EPOCH or
`--timestamp` when given, else the as-of date), so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import zipfile
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ..results import RunResult
from ..provenance import Provenance
from .escape import FORMULA_START, xml_text
from .summary import RunView
from .tracker import COLUMNS, RAG_COLUMNS, tracker_rows

__all__ = ["render", "RAG_FILLS"]

RAG_FILLS = {"red": ("B3261E", "FFFFFF"), "amber": ("F0B400", "1B1B1B"), "green": ("1E7B34", "FFFFFF"),
             "blue": ("1D4ED8", "FFFFFF")}
"""Background and text colour per RAG; the same colours as the HTML report, with readable contrast."""

WIDTHS = {"What the agency will do": 60, "What was found": 80, "Message": 80, "Why": 50, "Source": 40}
DATE_FORMAT = "d mmm yyyy"
HEADER_FILL = PatternFill("solid", fgColor="E6E6E3")
_TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")
HEADER, BODY = "dhr-check heading", "dhr-check cell"


def _rag_style(rag: str) -> str:
    return f"dhr-check {rag}"


def _named_styles() -> list[NamedStyle]:
    """The workbook's few looks (headings, cells, one per RAG), registered once for `_looks`."""
    styles = [NamedStyle(HEADER, font=Font(bold=True), fill=HEADER_FILL, alignment=_TOP_WRAPPED),
              NamedStyle(BODY, alignment=_TOP_WRAPPED)]
    styles += [NamedStyle(_rag_style(rag), font=Font(bold=True, color=text), alignment=_TOP_WRAPPED,
                          fill=PatternFill("solid", fgColor=background))
               for rag, (background, text) in RAG_FILLS.items()]
    return styles


LINE_HEIGHT = 15.0
"""Points per line of wrapped text in the default font (Calibri 11; LibreOffice's Carlito is the same size)."""


def render(result: RunResult) -> bytes:
    view = RunView(result)
    workbook = Workbook()
    for style in _named_styles():
        workbook.add_named_style(style)
    actions = workbook.active
    assert isinstance(actions, Worksheet), "a new workbook opens on its one worksheet"
    actions.title = "Actions"
    _table(actions, COLUMNS, [row.cells for row in tracker_rows(view)])
    findings = workbook.create_sheet("Findings")
    _table(findings, ("Finding id", "Plan", "Recommendation", "Action", "About", "Rule", "Suggested RAG",
                      "Message", "Why", "Source", "Plan file", "Line"),
           [(f.identity, f.plan, f.recommendation, f.action, f.subject, f.rule, f.rag, f.message,
             _rule_text(view, f.rule, "rationale"), _rule_text(view, f.rule, "source"), f.file, f.line)
            for f in result.findings])
    _about(workbook.create_sheet("About this run"), view.provenance)
    return _fixed_bytes(workbook, _stamp(result))


def _table(sheet: Worksheet, columns: tuple[str, ...], rows) -> None:
    looks = _looks(sheet)
    sheet.append([_cell(sheet, name, looks[HEADER]) for name in columns])
    rag_columns = {index for index, name in enumerate(columns) if name in RAG_COLUMNS or name == "Suggested RAG"}
    body = looks[BODY]
    widths = [WIDTHS.get(name, 18) for name in columns]
    _fit_row(sheet, 1, columns, widths)
    for row_number, values in enumerate(rows, start=2):
        sheet.append([_cell(sheet, value, looks[_rag_style(value)] if index in rag_columns and value in RAG_FILLS
                            else body) for index, value in enumerate(values)])
        _fit_row(sheet, row_number, values, widths)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    _print_setup(sheet)
    sheet.print_title_rows = "1:1"          # the column headings on every printed page


def _print_setup(sheet: Worksheet) -> None:
    """Printed on A4, landscape, the columns fitted to the page width and as many pages long as needed."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    page_setup = sheet.sheet_properties.pageSetUpPr
    assert page_setup is not None, "openpyxl gives every new sheet its page setup properties"
    page_setup.fitToPage = True


def _fit_row(sheet: Worksheet, row_number: int, values, widths: Sequence[float]) -> None:
    """A row tall enough for its longest wrapped cell: spreadsheets do not grow a row whose height is unset
    when a file is opened, so wrapped text would be cut off or run under the next row."""
    lines = max((_wrapped_lines(value, width) for value, width in zip(values, widths)), default=1)
    if lines > 1:
        sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT


def _wrapped_lines(value, width: float) -> int:
    """Lines a text cell wraps to in a column `width` characters wide (a little more than it needs, never less)."""
    if not isinstance(value, str):
        return 1
    per_line = max(int(width) - 2, 1)          # the cell's margins take about two characters
    if len(value) <= per_line and "\n" not in value:
        return 1
    return sum(max(len(textwrap.wrap(part, per_line)), 1) for part in value.split("\n"))


def _looks(sheet: Worksheet) -> dict[str, StyleArray]:
    """Each named style's style array, found once by giving it to a cell: cells then take a copy of it."""
    workbook = sheet.parent
    assert workbook is not None, "the sheets are made by their workbook"
    looks = {}
    for style in workbook.named_styles:
        if style.startswith("dhr-check "):
            probe = _unplaced_cell(sheet)
            probe.style = style
            looks[style] = probe._style   # type: ignore[attr-defined]  # openpyxl has no public reader for it
    return looks


def _unplaced_cell(sheet: Worksheet, look: StyleArray | None = None) -> Cell:
    """A cell with no row or column yet (`sheet.append` gives it them), its style array a copy of `look`."""
    return Cell(sheet, style_array=look)   # type: ignore[call-arg]  # stubs require row, column; openpyxl does not


def _cell(sheet: Worksheet, value, look: StyleArray | None = None) -> Cell:
    """Text becomes a text cell whatever it starts with; dates get a date format; numbers stay numbers.

    `look`, a named style's array from `_looks`, is copied onto the cell: assigning a style through
    openpyxl's descriptors hashes it into the workbook's lists, 20 s for a plan of 4,000 actions.
    """
    cell = _unplaced_cell(sheet, look)
    if isinstance(value, str):
        cell.value = xml_text(value)
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
        return cell
    cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _about(sheet: Worksheet, about: Provenance) -> None:
    rows = [("Tool", f"{about.tool} {about.version}"), ("As of", about.as_of),
            ("Produced at", about.generated_at or "not stamped, so the same inputs give the same workbook"),
            ("Command", about.command), ("Filtered to agency", about.agency or "no: all agencies"),
            ("Due window (days)", about.due_within_days), ("Rules", about.rules_from),
            ("Rule set SHA-256", about.rule_set_sha256), (None, None), ("Plan file", "SHA-256")]
    rows += [(plan["file"], plan["sha256"]) for plan in about.plans]
    rows += [(None, None), ("Rule", "SHA-256")] + [(rule["id"], rule["sha256"]) for rule in about.rules]
    rows += [(None, None), ("Rule parameter", "Value in force")]
    rows += [(f"{rule_id}: {name}", ", ".join(value) if isinstance(value, list) else value)
             for rule_id, values in about.parameters.items() for name, value in values.items()]
    for row_number, row in enumerate(rows, start=1):
        sheet.append([_cell(sheet, value) for value in row])
        _fit_row(sheet, row_number, row, (44, 80))
    for cells in sheet.iter_rows():
        if cells[0].value in ("Plan file", "Rule", "Rule parameter", "Tool"):
            for cell in cells:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 80
    for (cell,) in sheet.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _print_setup(sheet)


def _rule_text(view: RunView, rule_id: str, attribute: str) -> str | None:
    rule = view.rules.get(rule_id)
    return getattr(rule, attribute) if rule else None


def _stamp(result: RunResult) -> dt.datetime:
    generated = result.settings.generated_at
    if generated is not None:
        return generated.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.combine(result.as_of, dt.time())


def _fixed_bytes(workbook: Workbook, stamp: dt.datetime) -> bytes:
    """Save without openpyxl's 'now': fixed document dates, then zip entries with one fixed timestamp."""
    workbook.properties.creator = "dhr-check"
    workbook.properties.lastModifiedBy = "dhr-check"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    zip_time = max(stamp, dt.datetime(1980, 1, 1)).timetuple()[:6]
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=zip_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()
