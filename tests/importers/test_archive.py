"""Word and Excel files whose zip headers lie: every part is inflated within its declared size first.

The big case is run by `dhr-check` in a process of its own under 500 MB of address space with a
30 s hang guard (tests/bounded.py): a 600 MB part that says it is 2 KB.
"""

from __future__ import annotations

import zipfile

import pytest

from checker.errors import PlanError
from checker.importers import import_plan

from ..bounded import bounded_dhr_check
from .builders import lying_archive, patch_zip_headers, word_plan, workbook

TRACKER = {"Actions": [["CSP: Northvale"], ["DHR: Adult Q"], ["Recommendation", "Action"], [1, "Train staff."]]}


def test_a_word_file_whose_headers_understate_a_part_is_refused_without_inflating_it(tmp_path):
    honest = word_plan(tmp_path / "honest.docx", "Domestic Homicide Review – Adult Q")
    lying = lying_archive(honest, tmp_path / "plan.docx", "word/document.xml", 600 << 20)
    assert lying.stat().st_size < 5 << 20                       # small on disk, 600 MB inflated
    for args in (("import", str(lying), "-o", str(tmp_path / "plan.yaml")), ("check", str(lying))):
        done = bounded_dhr_check(*args, *(("--as-of", "2026-03-31") if args[0] == "check" else ()))
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
        assert done.returncode == 2
        assert (f"{lying}:1:1: this Word file is damaged: its part 'word/document.xml' unpacks to more than the "
                in done.stdout + done.stderr)
    assert not (tmp_path / "plan.yaml").exists()


def test_an_excel_file_whose_headers_understate_a_part_is_refused(tmp_path):
    honest = workbook(tmp_path / "honest.xlsx", TRACKER)
    lying = lying_archive(honest, tmp_path / "tracker.xlsx", "xl/worksheets/sheet1.xml", 3 << 20)
    with pytest.raises(PlanError) as caught:
        import_plan(lying)
    [problem] = caught.value.problems
    assert "this Excel file is damaged: its part 'xl/worksheets/sheet1.xml' unpacks to more than" in problem.message


def test_a_part_that_does_not_match_its_checksum_is_refused(tmp_path):
    path = workbook(tmp_path / "tracker.xlsx", TRACKER)
    with zipfile.ZipFile(path) as archive:
        crc = archive.getinfo("xl/worksheets/sheet1.xml").CRC
    patch_zip_headers(path, "xl/worksheets/sheet1.xml", crc=crc ^ 1)
    with pytest.raises(PlanError, match="its part 'xl/worksheets/sheet1.xml' does not match its checksum"):
        import_plan(path)


def test_a_part_compressed_in_a_way_word_does_not_use_is_refused(tmp_path):
    honest = word_plan(tmp_path / "honest.docx", "Domestic Homicide Review – Adult Q")
    with zipfile.ZipFile(honest) as original, \
            zipfile.ZipFile(tmp_path / "plan.docx", "w", zipfile.ZIP_BZIP2) as copy:   # bzip2 inflates unbounded
        for info in original.infolist():
            copy.writestr(info.filename, original.read(info))
    with pytest.raises(PlanError, match=r"is compressed with a method \(number 12\) that Word and Excel do not use"):
        import_plan(tmp_path / "plan.docx")


def test_an_xml_part_larger_than_an_action_plan_needs_is_refused_before_parsing(tmp_path):
    """An honest 20 MB document.xml in a small file: python-docx would hold about ten times that."""
    from checker.importers.archive import MAX_XML_PART_BYTES
    honest = word_plan(tmp_path / "honest.docx", "Domestic Homicide Review – Adult Q")
    _with_document_body(honest, tmp_path / "plan.docx", b" " * (MAX_XML_PART_BYTES + 1))   # whitespace: valid XML
    done = bounded_dhr_check("import", str(tmp_path / "plan.docx"), "-o", str(tmp_path / "plan.yaml"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{tmp_path / 'plan.docx'}:1:1: this Word file's part 'word/document.xml' is " in done.stderr
    assert f"bytes of XML, more than the {MAX_XML_PART_BYTES:,} an action plan needs" in done.stderr


def test_a_document_with_more_paragraphs_than_an_action_plan_is_refused(tmp_path):
    from checker.importers.docx import MAX_BLOCKS
    honest = word_plan(tmp_path / "honest.docx", "Domestic Homicide Review – Adult Q")
    paragraph = b"<w:p><w:r><w:t>Refresher training.</w:t></w:r></w:p>"
    _with_document_body(honest, tmp_path / "plan.docx", paragraph * (MAX_BLOCKS + 1))
    with pytest.raises(PlanError) as caught:
        import_plan(tmp_path / "plan.docx")
    [problem] = caught.value.problems
    assert problem.line == MAX_BLOCKS + 1 and f"more than {MAX_BLOCKS:,} paragraphs and table rows" in problem.message


def _with_document_body(source, target, extra: bytes):
    """A copy of a .docx with `extra` written at the end of its document's body."""
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in original.infolist():
            body = original.read(info)
            if info.filename == "word/document.xml":
                end = body.index(b"<w:sectPr")
                body = body[:end] + extra + body[end:]
            copy.writestr(info.filename, body)
    return target
