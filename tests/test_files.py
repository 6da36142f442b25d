"""Only regular files are opened, every plan-like entry not checked is reported, and rule folders are walked bounded.

FIFOs would block a reader for ever, so the tests that give one run the CLI in a subprocess with a
generous hang guard (`HANG_GUARD` seconds): before the fix they time out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import files, rules
from checker.discovery import discover_plans
from checker.errors import RuleError
from checker.files import describe, files_below, open_regular
from checker.rules import load_rules

from .common import REPO

HANG_GUARD = 30
AS_OF = "2026-03-31"
PLAN = REPO / "plans" / "illustrative-westvale-mr-c.yaml"


def dhr_check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=HANG_GUARD, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture
def odd_entries(tmp_path) -> Path:
    """A folder holding one good plan and every kind of *.yaml entry that is not a file that can be read."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLAN, folder / "good.yaml")
    os.mkfifo(folder / "fifo.yaml")
    os.symlink("/dev/zero", folder / "zero.yaml")
    os.symlink(folder / "gone.yaml", folder / "dangling.yaml")
    os.symlink(folder / "loop-b.yaml", folder / "loop-a.yaml")
    os.symlink(folder / "loop-a.yaml", folder / "loop-b.yaml")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", folder / "folder-link.yaml")
    return folder


def test_open_regular_opens_files_and_links_to_files_only(odd_entries):
    os.symlink(odd_entries / "good.yaml", odd_entries / "link.yaml")
    with open_regular(odd_entries / "link.yaml") as stream:
        assert stream.read() == PLAN.read_bytes()
    reasons = {}
    for name in ["fifo.yaml", "zero.yaml", "dangling.yaml", "loop-a.yaml", "folder-link.yaml", "missing.yaml"]:
        with pytest.raises(OSError) as raised:
            open_regular(odd_entries / name)
        reasons[name] = raised.value.strerror
        assert reasons[name] == describe(odd_entries / name)
    assert reasons == {
        "fifo.yaml": "it is a named pipe (FIFO), not a file", "zero.yaml": "it is a device, not a file",
        "dangling.yaml": f"it is a symbolic link to {odd_entries / 'gone.yaml'}, which does not exist",
        "loop-a.yaml": "it is a symbolic link that leads back to itself (a link loop)",
        "folder-link.yaml": "it is a folder, not a file", "missing.yaml": "no such file or folder"}
    assert describe(odd_entries / "good.yaml") is None


def test_every_plan_like_entry_not_checked_is_reported_in_its_place(odd_entries):
    found = [(os.path.basename(path or problem.file), problem and problem.message)
             for path, problem in discover_plans([odd_entries])]
    assert found == [
        ("dangling.yaml", f"not checked: it is a symbolic link to {odd_entries / 'gone.yaml'}, which does not exist."),
        ("fifo.yaml", "not checked: it is a named pipe (FIFO), not a file."),
        ("folder-link.yaml", "not checked: it is a link to a folder, and links to folders are not followed."),
        ("good.yaml", None),
        ("loop-a.yaml", "not checked: it is a symbolic link that leads back to itself (a link loop)."),
        ("loop-b.yaml", "not checked: it is a symbolic link that leads back to itself (a link loop)."),
        ("zero.yaml", "not checked: it is a device, not a file.")]


def test_named_directly_each_says_what_it_is(odd_entries):
    found = [problem.message for _path, problem in discover_plans([odd_entries / "fifo.yaml",
                                                                  odd_entries / "loop-a.yaml"])]
    assert found == ["not checked: it is a named pipe (FIFO), not a file.",
                     "not checked: it is a symbolic link that leads back to itself (a link loop)."]


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    """As root every folder can be read, so the refusal the kernel gives others is simulated for one folder."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.yaml").write_text("review: {}\n")
    (tmp_path / "open.yaml").write_text("review: {}\n")
    listdir = os.listdir

    def refuse_locked(folder):
        if os.path.basename(folder) == "locked":
            raise PermissionError(13, "Permission denied", folder)
        return listdir(folder)

    monkeypatch.setattr(os, "listdir", refuse_locked)
    found = [(path, problem and str(problem)) for path, problem in discover_plans([tmp_path])]
    assert found == [(None, f"{tmp_path / 'locked'}:1:1: not checked: this folder cannot be read (Permission "
                            "denied), so any plans in it were left out. Give read access to it, or move the plans."),
                     (str(tmp_path / "open.yaml"), None)]


def test_a_run_over_odd_entries_reports_each_exits_2_and_checks_the_good_plan(odd_entries, tmp_path):
    done = dhr_check("check", str(odd_entries), "--as-of", AS_OF, "-o", str(tmp_path / "r.json"), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    report = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert '"subject": "Mr C"' in report
    for name in ["fifo.yaml", "zero.yaml", "dangling.yaml", "loop-a.yaml", "loop-b.yaml", "folder-link.yaml"]:
        assert f'"file": "{odd_entries / name}"' in report, name


def test_a_link_loop_given_as_a_plan_is_a_problem_and_the_other_plan_is_checked(tmp_path):
    os.symlink("b.yaml", tmp_path / "a.yaml")
    os.symlink("a.yaml", tmp_path / "b.yaml")
    shutil.copy(PLAN, tmp_path / "good.yaml")
    done = dhr_check("check", "a.yaml", "good.yaml", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "a.yaml:1:1: not checked: it is a symbolic link that leads back to itself (a link loop)." in done.stdout
    assert "1 plan checked, 1 file could not be checked" in done.stdout and "good.yaml: Mr C" in done.stdout


# --- FIFOs where a file is expected: refused, not waited on --------------------------------------------------


def test_a_fifo_in_a_rules_folder_is_refused(tmp_path):
    own = tmp_path / "rules"
    shutil.copytree(REPO / "rules" / "default", own)
    os.mkfifo(own / "DHR-FIFO-001.yaml")
    done = dhr_check("check", str(PLAN), "--rules", str(own), "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{own / 'DHR-FIFO-001.yaml'}:1:1: cannot read the file: it is a named pipe (FIFO), not a file." \
        in done.stderr


@pytest.mark.parametrize("role", ["source", "columns", "summary"])
def test_a_fifo_given_to_import_is_refused(tmp_path, role):
    (tmp_path / "tracker.csv").write_text("Recommendation,Action\n1,Train staff\n", encoding="utf-8")
    (tmp_path / "columns.yaml").write_text("columns: {}\n", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.csv")
    args = {"source": ["fifo.csv"], "columns": ["tracker.csv", "--columns", "fifo.csv"],
            "summary": ["tracker.csv", "--summary", "fifo.csv"]}[role]
    done = dhr_check("import", *args, "-o", "plan.yaml", "--subject", "Adult Z", "--partnership", "Testshire",
                     cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "fifo.csv:1:1: cannot read the file: it is a named pipe (FIFO), not a file." in done.stderr
    assert not (tmp_path / "plan.yaml").exists()


def test_a_fifo_given_to_diff_is_refused(tmp_path):
    done = dhr_check("check", str(PLAN), "--as-of", AS_OF, "-o", "new.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    os.mkfifo(tmp_path / "old.json")
    done = dhr_check("diff", "old.json", "new.json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot read old.json: it is a named pipe (FIFO), not a file." in done.stderr


# --- rule folders: bounded walks -------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["option", "settings"])
def test_the_root_folder_as_rules_is_refused_without_walking_the_disk(tmp_path, how):
    shutil.copy(PLAN, tmp_path / "plan.yaml")
    if how == "settings":
        (tmp_path / "dhr-check.yaml").write_text("rules_dir: /\n", encoding="utf-8")
    done = dhr_check("check", "plan.yaml", "--as-of", AS_OF, *(["--rules", "/"] if how == "option" else []),
                     cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (f"/:1:1: this is not a folder of rule files (it holds more than {rules.MAX_RULES_FOLDER_ENTRIES:,} "
            "files and folders)") in done.stderr


def test_the_walk_stops_at_its_bound_and_skips_hidden_and_linked_folders(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "A-1.yaml").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "B-1.yaml").write_text("x")
    os.symlink(tmp_path / "pack", tmp_path / "linked")
    assert files_below(tmp_path, ".yaml", 10) == [str(tmp_path / "pack" / "A-1.yaml")]
    for number in range(10):
        (tmp_path / "pack" / f"N-{number}.txt").write_text("x")
    with pytest.raises(files.TooManyEntries):
        files_below(tmp_path, ".yaml", 10)


def test_a_rules_folder_too_big_to_be_one_is_a_rule_error(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "MAX_RULES_FOLDER_ENTRIES", 5)
    for number in range(6):
        (tmp_path / f"notes-{number}.txt").write_text("x")
    with pytest.raises(RuleError, match="this is not a folder of rule files"):
        load_rules(tmp_path)




@pytest.mark.parametrize("name", ["dhr-check.yaml", "waivers.yaml"])
def test_settings_or_waivers_that_are_not_files_are_reported_not_passed_over(tmp_path, name):
    """Passing over them would run with the default rules or without the board's waivers, without a word."""
    shutil.copy(PLAN, tmp_path / "plan.yaml")
    if name == "waivers.yaml":
        (tmp_path / "dhr-check.yaml").write_text("rag_policy: worst_of\n", encoding="utf-8")
    os.mkfifo(tmp_path / name)
    done = dhr_check("check", "plan.yaml", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{name}:1:1: cannot read the file: it is a named pipe (FIFO), not a file." in done.stderr
    assert done.stdout == ""
