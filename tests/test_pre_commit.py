"""The pre-commit hooks, as an agency's plans repository runs them: `pre-commit try-repo` on a fresh git repository.

pre-commit installs dhr-checker from this checkout into an environment of its own (a minute or two the
first time; PRE_COMMIT_HOME keeps it for later runs), so the test needs pre-commit (the test extra) and
this checkout to be a git repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .common import REPO

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed: pip install -e '.[test]' installs it"),
    pytest.mark.skipif(not (REPO / ".git").exists(),
                       reason="the hooks are tried from a git checkout of dhr-checker, and this is not one"),
]
GOOD = (REPO / "plans" / "illustrative-northshire-adult-b.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def plans_repository(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agency-plans")
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / "adult-b.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "waivers.yaml").write_text("waivers: []\n", encoding="utf-8")       # not a plan: not passed
    return folder


def try_hook(folder, hook: str, *files: str) -> subprocess.CompletedProcess:
    subprocess.run(["git", "-C", str(folder), "add", "-A"], check=True)
    home = os.environ.get("PRE_COMMIT_HOME") or str(REPO / ".pre-commit-cache")
    return subprocess.run([PRE_COMMIT, "try-repo", str(REPO), hook, "--files", *files], cwd=folder,
                          capture_output=True, text=True, timeout=900, env={**os.environ, "PRE_COMMIT_HOME": home})


def test_validate_hook_passes_good_plans_and_stops_a_broken_one_with_its_line(plans_repository):
    done = try_hook(plans_repository, "dhr-check-validate", "adult-b.yaml", "waivers.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    (plans_repository / "broken.yaml").write_text("review: {subject: X\n", encoding="utf-8")
    done = try_hook(plans_repository, "dhr-check-validate", "adult-b.yaml", "broken.yaml")
    assert done.returncode == 1 and "broken.yaml:2:1:" in done.stdout and "adult-b.yaml: valid" in done.stdout
    (plans_repository / "broken.yaml").unlink()


def test_check_hook_stops_a_commit_with_red_findings(plans_repository):
    done = try_hook(plans_repository, "dhr-check", "adult-b.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Suggested RAG for the plan: RED" in done.stdout
