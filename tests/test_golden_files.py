"""Every report format has a golden file, and every golden file belongs to a format's test (no orphans).

The formats come from the code's registry, so a format added there without a golden file fails here.
"""

from __future__ import annotations

import pytest

from checker.report import FORMATS as REGISTRY

from . import test_report_golden
from .reporting import AS_OF, GOLDEN, LAST_QUARTER

FORMATS = sorted(REGISTRY)
DIFF_FORMATS = sorted(name for name, f in REGISTRY.items() if f.diff)

WITHOUT_GOLDEN = {"pdf": "its bytes depend on the fonts the machine has; tests/test_report_pdf.py reads it back "
                         "(pages, headings, marking) and the HTML golden file holds the same report"}
"""Formats compared otherwise, each with the reason; nothing else may be left without a golden file."""

OTHER_GOLDEN = {"bolton-2015-10-01.txt": "tests/test_cli.py", "bolton-2015-10-01.json": "tests/test_cli.py",
                f"plans-{AS_OF}-westvale-police.md": "tests/test_report_golden.py"}
"""Golden files of one command each (the real Bolton plan, the agency report), with the test that reads them."""


def extension(report_format: str) -> str:
    """The file name ending `--output` takes for the format (its first in the registry)."""
    return REGISTRY[report_format].extensions[0]


def run_golden(report_format: str) -> str:
    """Binary formats are kept as a text dump of their content, so a change reads as a diff."""
    return f"plans-{AS_OF}{extension(report_format)}" + (".txt" if REGISTRY[report_format].binary else "")


def diff_golden(report_format: str) -> str:
    return f"diff-{LAST_QUARTER}-{AS_OF}{extension(report_format)}"


@pytest.mark.parametrize("report_format", FORMATS)
def test_every_report_format_has_a_golden_file_that_a_test_compares(report_format):
    if report_format in WITHOUT_GOLDEN:
        assert not (GOLDEN / run_golden(report_format)).exists(), "it has one now: take it out of WITHOUT_GOLDEN"
        return
    assert (GOLDEN / run_golden(report_format)).is_file(), f"no golden file {run_golden(report_format)}"
    assert report_format in test_report_golden.EXTENSIONS, "tests/test_report_golden.py does not compare it"


@pytest.mark.parametrize("report_format", DIFF_FORMATS)
def test_every_diff_format_has_a_golden_file(report_format):
    assert (GOLDEN / diff_golden(report_format)).is_file(), f"no golden file {diff_golden(report_format)}"


def test_formats_left_without_a_golden_file_are_formats():
    assert set(WITHOUT_GOLDEN) <= set(FORMATS)


def test_every_golden_file_belongs_to_a_format_or_a_named_test():
    expected = {run_golden(f) for f in FORMATS if f not in WITHOUT_GOLDEN} | {diff_golden(f) for f in DIFF_FORMATS}
    orphans = sorted(p.name for p in GOLDEN.iterdir() if p.name not in expected and p.name not in OTHER_GOLDEN)
    assert orphans == [], "golden files no test reads; remove them, or name the test in OTHER_GOLDEN"


@pytest.mark.parametrize("name, test_file", sorted(OTHER_GOLDEN.items()))
def test_each_named_golden_file_exists_and_its_test_names_it(name, test_file):
    assert (GOLDEN / name).is_file()
    source = (GOLDEN.parent.parent / test_file).read_text(encoding="utf-8")
    assert name in source or name.replace(AS_OF, "{AS_OF}") in source
