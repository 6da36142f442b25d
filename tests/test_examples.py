"""`dhr-check examples DIR`: a wheel install gets what a clone has in plans/ and docs/, and nothing is overwritten."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import main

from .common import REPO

COPY = "examples-copy"       # a name that appears nowhere in a report but as the folder's path
SHIPPED = sorted(p.name for p in (REPO / "plans").glob("*.yaml")) + ["rules.md"]


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_writes_every_plan_the_settings_the_waivers_and_the_rule_reference(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run("examples", COPY)
    assert code == 0
    assert sorted(p.name for p in (tmp_path / COPY).iterdir()) == sorted(SHIPPED)
    assert {"dhr-check.yaml", "waivers.yaml", "bolton-adult-a.yaml"} <= set(SHIPPED)
    for name in SHIPPED:
        source = REPO / ("docs" if name == "rules.md" else "plans") / name
        assert (tmp_path / COPY / name).read_bytes() == source.read_bytes(), name
        assert f"wrote {COPY}/{name}" in err


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_the_written_folder_gives_the_same_report_as_plans(tmp_path, monkeypatch, output_format):
    monkeypatch.chdir(tmp_path)
    assert run("examples", COPY)[0] == 0
    copy = run("check", COPY, "--as-of", "2026-03-31", "--format", output_format)
    monkeypatch.chdir(REPO)
    original = run("check", "plans", "--as-of", "2026-03-31", "--format", output_format)
    assert copy[0] == original[0] == 1                       # red findings in both
    # the settings were found beside the plans, and with them the board's waivers:
    assert "Westvale Community Safety Partnership Board" in original[1]     # only waivers.yaml names it
    # the same report, apart from the folder's name (which can move where the text report wraps a line)
    assert " ".join(copy[1].replace(COPY, "plans").split()) == " ".join(original[1].split())


def test_refuses_to_overwrite_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / COPY).mkdir()
    (tmp_path / COPY / "waivers.yaml").write_text("our own waivers\n", encoding="utf-8")
    code, _out, err = run("examples", COPY)
    assert code == 2
    assert f"{COPY}/waivers.yaml already exists; nothing was written" in err
    assert [p.name for p in (tmp_path / COPY).iterdir()] == ["waivers.yaml"]
    assert (tmp_path / COPY / "waivers.yaml").read_text(encoding="utf-8") == "our own waivers\n"


def test_a_file_in_place_of_the_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / COPY).write_text("not a folder\n", encoding="utf-8")
    code, _out, err = run("examples", COPY)
    assert code == 2
    assert f"{COPY} is a file, not a folder" in err
    assert (tmp_path / COPY).read_text(encoding="utf-8") == "not a folder\n"
