"""Installed, dhr-checker reads its own rules, examples and rule reference, never a same-named folder beside it.

Another distribution may put `rules/`, `plans/` or `docs/` next to our package in site-packages
(django-rules installs a package called `rules`); a checkout's folders of those names must not win then.
The layout of a wheel install is built here by hand, as the wheel lays it out, with decoys beside it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .common import REPO

DECOY_RULE = """\
id: DHR-DECOY-001
title: Not one of ours
applies_to: plan
when: {missing: subject}
suggested_rag: green
message: decoy
rationale: decoy
source: decoy
"""


def _installed_layout(site):
    package = site / "checker"
    shutil.copytree(REPO / "checker", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "rules", package / "bundled_rules")
    shutil.copytree(REPO / "plans", package / "bundled_examples")
    (package / "bundled_docs").mkdir()
    shutil.copy(REPO / "docs" / "rules.md", package / "bundled_docs" / "rules.md")
    for pack in ("default", "thresholds"):
        (site / "rules" / pack).mkdir(parents=True)
        (site / "rules" / pack / "DHR-DECOY-001.yaml").write_text(DECOY_RULE, encoding="utf-8")
    (site / "plans").mkdir()
    (site / "plans" / "decoy.yaml").write_text("decoy: true\n", encoding="utf-8")
    (site / "docs").mkdir()
    (site / "docs" / "rules.md").write_text("decoy\n", encoding="utf-8")


def _dhr_check(site, cwd, *args):
    environ = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=environ, capture_output=True,
                          text=True, timeout=60)


def test_an_installed_package_uses_its_own_rules_not_a_rules_folder_beside_it(tmp_path):
    site, elsewhere = tmp_path / "site-packages", tmp_path / "work"
    _installed_layout(site)
    elsewhere.mkdir()
    listed = _dhr_check(site, elsewhere, "rules", "list")
    assert listed.returncode == 0, listed.stderr
    assert "DHR-DECOY-001" not in listed.stdout
    assert "DHR-EVIDENCE-001" in listed.stdout


def test_an_installed_package_hands_out_its_own_examples_and_reference(tmp_path):
    site, elsewhere = tmp_path / "site-packages", tmp_path / "work"
    _installed_layout(site)
    elsewhere.mkdir()
    written = _dhr_check(site, elsewhere, "examples", "ex")
    assert written.returncode == 0, written.stderr
    out = elsewhere / "ex"
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in (REPO / "plans").glob("*.yaml")]
                                                           + ["rules.md"])
    assert (out / "rules.md").read_bytes() == (REPO / "docs" / "rules.md").read_bytes()
