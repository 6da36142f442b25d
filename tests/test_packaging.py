"""What a release carries: the sdist and the wheel built from it, as `python -m build` makes them.

The build runs on a copy of the source tree whose `__version__` is changed, so the test also proves
that the version is written in one place only. `.ci/package` goes further: it installs the wheel
in a fresh environment and runs it.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .common import REPO

pytest.importorskip("build", reason="install the test extra (pip install -e '.[test]') to build the wheel")

VERSION = "0.1.0+packaging.test"      # a local version no release will ever have
IGNORE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                ".hypothesis")


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> tuple[zipfile.ZipFile, tarfile.TarFile]:
    source = tmp_path_factory.mktemp("source") / "dhr-checker"
    shutil.copytree(REPO, source, ignore=IGNORE)
    init = source / "checker" / "__init__.py"
    text, count = re.subn(r'^__version__ = ".*"$', f'__version__ = "{VERSION}"', init.read_text(encoding="utf-8"),
                          flags=re.M)
    assert count == 1
    init.write_text(text, encoding="utf-8")
    dist = source / "dist"
    # PYTHONDONTWRITEBYTECODE makes setuptools warn that it skips byte-compiling: about the machine, not the package
    environ = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    built = subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)],
                           capture_output=True, text=True, timeout=300, env=environ)
    assert built.returncode == 0, built.stdout + built.stderr
    assert [line for line in (built.stdout + built.stderr).splitlines() if "warning" in line.lower()] == []
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(wheel) as zipped, tarfile.open(sdist) as tarred:
        yield zipped, tarred


def _metadata(wheel: zipfile.ZipFile):
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return email.parser.Parser().parsestr(wheel.read(name).decode("utf-8"))


def test_wheel_version_is_the_one_in_the_code(release):
    wheel, _sdist = release
    assert _metadata(wheel)["Version"] == VERSION
    assert Path(wheel.filename).name.startswith(f"dhr_checker-{VERSION}-")


def test_wheel_licence_is_an_spdx_expression_with_its_file(release):
    wheel, _sdist = release
    metadata = _metadata(wheel)
    assert metadata["License-Expression"] == "MIT"
    licence = next(n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE"))
    assert wheel.read(licence) == (REPO / "LICENSE").read_bytes()


def test_wheel_carries_every_rule_template_example_and_the_rule_reference(release):
    wheel, _sdist = release
    names = set(wheel.namelist())
    expected = {f"checker/bundled_rules/{p.relative_to(REPO / 'rules').as_posix()}"
                for p in (REPO / "rules").rglob("*.yaml")}
    expected |= {f"checker/bundled_examples/{p.name}" for p in (REPO / "plans").glob("*.yaml")}
    expected |= {f"checker/{p.relative_to(REPO / 'checker').as_posix()}"
                 for folder in ("templates", "report/templates", "web/templates", "web/static") for p in (REPO / "checker" / folder).iterdir()
                 if p.is_file()}
    expected |= {f"checker/{p.relative_to(REPO / 'checker').as_posix()}" for p in (REPO / "checker").rglob("*.py")}
    expected.add("checker/bundled_docs/rules.md")
    assert {"checker/bundled_examples/dhr-check.yaml", "checker/bundled_examples/waivers.yaml",
            "checker/bundled_rules/default/DHR-EVIDENCE-001.yaml",
            "checker/bundled_rules/thresholds/DHR-LEAD-002.test.yaml",
            "checker/report/templates/report.html.j2", "checker/web/templates/result.html.j2"} <= expected
    assert sorted(expected - names) == []


def test_sdist_carries_the_licence_readme_and_changelog(release):
    _wheel, sdist = release
    names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml"} <= names
