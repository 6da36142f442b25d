"""Plan discovery walks folders lazily and yields plans in sorted-path order, as the reports list them."""

from __future__ import annotations

import os
from pathlib import Path

from checker.discovery import discover_plans


def test_plans_come_in_sorted_path_order_without_settings_tests_or_linked_folders(tmp_path):
    for name in ["b.yaml", "b/z.yaml", "b-x/a.yml", "a/deep/er/p.yaml", "b/dhr-check.yaml", "b/waivers.yaml",
                 "rules/R-1.test.yaml", "notes.txt", "c.yaml/inside.yaml", ".hidden/h.yaml"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("review: {}\n", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "linked")                # a link to a folder is not followed
    os.symlink(tmp_path / "notes.txt", tmp_path / "linked-plan.yaml")  # a link to a file is a plan
    found = [path for path, _problem in discover_plans([tmp_path])]
    expected = sorted(p for p in tmp_path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                      and not p.name.endswith(".test.yaml") and p.name not in ("dhr-check.yaml", "waivers.yaml"))
    assert found == [str(path) for path in expected]
    assert [os.path.relpath(path, tmp_path) for path in found] == [
        ".hidden/h.yaml", "a/deep/er/p.yaml", "b/z.yaml", "b-x/a.yml", "b.yaml", "c.yaml/inside.yaml",
        "linked-plan.yaml"]


def test_a_folder_without_plans_and_a_missing_path_are_problems_in_their_place(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "one.yaml").write_text("review: {}\n", encoding="utf-8")
    found = list(discover_plans([tmp_path / "empty", tmp_path / "one.yaml", tmp_path / "gone"]))
    assert [(path, problem.message if problem else None) for path, problem in found] == [
        (None, "this folder holds no plan files (*.yaml)."), (str(tmp_path / "one.yaml"), None),
        (None, "no such file or folder.")]


def test_plans_are_named_as_pathlib_names_them(tmp_path, monkeypatch):
    """The names shown in reports: no './' in front for the current folder, no doubled or trailing slash."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text("review: {}\n", encoding="utf-8")
    (tmp_path / "top.yaml").write_text("review: {}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in [".", "./", "sub/", "./sub//", "top.yaml", "./top.yaml"]:
        found = [path for path, _problem in discover_plans([given])]
        by_pathlib = sorted(str(p) for p in Path(given).rglob("*.yaml")) if Path(given).is_dir() else [str(Path(given))]
        assert found == by_pathlib, given
