"""Reports are written all at once, never half-written, and never over a file being checked."""

from __future__ import annotations

import os
import stat

import pytest

from checker.errors import OutputError
from checker.output import refuse_inputs, write_atomic


def test_writes_and_replaces_leaving_no_temporary_file(tmp_path):
    target = tmp_path / "report.html"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_failed_write_leaves_the_old_report_whole(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_bytes(b"last quarter's report")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"x" * 100_000)
    assert target.read_bytes() == b"last quarter's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_keeps_an_existing_reports_permissions(tmp_path):
    target = tmp_path / "report.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_report_gets_the_usual_permissions_not_the_temporary_files(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.md", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.md").stat().st_mode) == 0o644


def test_missing_folder_and_folder_as_target(tmp_path):
    with pytest.raises(OutputError, match="the folder .* does not exist"):
        write_atomic(tmp_path / "nowhere" / "report.html", b"x")
    with pytest.raises(OutputError, match="it is a folder"):
        write_atomic(tmp_path, b"x")


def test_refuses_an_input_and_the_same_output_twice(tmp_path, monkeypatch):
    plan = tmp_path / "plan.yaml"
    plan.write_text("x")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="one of the files being checked"):
        refuse_inputs([tmp_path / "." / "plan.yaml"], ["plan.yaml"])
    with pytest.raises(OutputError, match="given twice"):
        refuse_inputs(["a.html", tmp_path / "a.html"], [])
    refuse_inputs(["report.html"], ["plan.yaml"])
