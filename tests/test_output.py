"""Reports are written all at once, never half-written, and never over a file being checked."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import stat
import subprocess
import sys

import pytest

from checker.errors import OutputError
from checker.output import refuse_inputs, write_atomic

from .common import REPO
from .reporting import run

HANG_GUARD = 30


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


# --- where a report may go: regular files only, written through links, never over the run's own files ----------

def test_a_link_to_a_report_is_written_through_and_stays_a_link(tmp_path):
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "q1.html"
    real.write_bytes(b"old")
    link = tmp_path / "latest.html"
    os.symlink(real, link)
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["latest.html", "reports"] and os.listdir(tmp_path / "reports") == ["q1.html"]


def _device(tmp_path):
    """A character device like /dev/null, made in tmp_path (root only)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return device


@pytest.mark.parametrize("kind", ["fifo", "link-to-fifo", "device", "link-to-device", "dangling-link", "link-loop"])
def test_a_target_that_is_not_a_regular_file_is_refused_and_left_as_it_was(tmp_path, kind):
    target = tmp_path / "report.json"
    if kind in ("fifo", "link-to-fifo"):
        os.mkfifo(tmp_path / "fifo")
    if kind in ("device", "link-to-device"):
        _device(tmp_path)
    real = {"fifo": "fifo", "link-to-fifo": "fifo", "device": "null", "link-to-device": "null"}.get(kind)
    if kind in ("fifo", "device"):
        os.rename(tmp_path / real, target)
    elif kind.startswith("link-to"):
        os.symlink(tmp_path / real, target)
    elif kind == "dangling-link":
        os.symlink(tmp_path / "gone.json", target)
    else:
        os.symlink(tmp_path / "report.json", target)
    before = os.lstat(target)
    with pytest.raises(OutputError, match=f"cannot write {target}: it is .*(not a file|does not exist|link loop)"):
        write_atomic(target, b"{}")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    assert sorted(os.listdir(tmp_path)) == sorted(["report.json"] + ([real] if kind.startswith("link-to") else []))


def test_the_check_command_refuses_a_fifo_as_output(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    code, _out, err = run("check", str(REPO / "plans" / "bolton-adult-a.yaml"), "--as-of", "2026-03-31",
                          "-o", str(tmp_path / "pipe.txt"))
    assert code == 2 and "it is a named pipe (FIFO), not a file" in err
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.txt").st_mode)


@pytest.mark.parametrize("output", ["waivers.yaml", "dhr-check.yaml", "other.yaml", "link-to-waivers.json"])
def test_a_report_is_never_written_over_the_settings_or_waivers_in_use(tmp_path, monkeypatch, output):
    for name in ["illustrative-westvale-mr-c.yaml", "dhr-check.yaml", "waivers.yaml"]:
        shutil.copy(REPO / "plans" / name, tmp_path / name)
    shutil.copy(REPO / "plans" / "dhr-check.yaml", tmp_path / "other.yaml")
    os.symlink(tmp_path / "waivers.yaml", tmp_path / "link-to-waivers.json")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    monkeypatch.chdir(tmp_path)
    config = ["--config", "other.yaml"] if output == "other.yaml" else []
    code, _out, err = run("check", "illustrative-westvale-mr-c.yaml", *config, "--as-of", "2026-03-31",
                          "-o", output, "--format", "json")
    role = "waivers" if "waivers" in output else "settings"
    assert code == 2 and f"will not write a report to {output}: it is the {role} file this run uses." in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- a full disk: exit 2 with a message, no traceback, no temporary file, the old report untouched -------------

def _check_with_file_size_limit(tmp_path, *args, limit=None, stdout=subprocess.DEVNULL):
    """Run `check` on the three shipped plans; files it writes may grow to `limit` bytes at most (EFBIG past it,
    as ENOSPC on a full disk: Python ignores SIGXFSZ)."""
    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "checker", "check", str(REPO / "plans"), "--as-of", "2026-03-31",
                           *args], cwd=tmp_path, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=HANG_GUARD, preexec_fn=limit_file_size if limit else None,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("name", ["r.json", "r.txt"])      # streamed reports; a whole one (HTML) already was
def test_a_report_that_does_not_fit_on_the_disk_is_a_clean_error(tmp_path, name):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / name).write_bytes(b"last quarter")
    done = _check_with_file_size_limit(tmp_path, "-o", f"full/{name}", limit=4096)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"dhr-check: cannot write full/{name}: {os.strerror(errno.EFBIG)}." in done.stderr   # the system's words
    assert os.listdir(tmp_path / "full") == [name] and (tmp_path / "full" / name).read_bytes() == b"last quarter"


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_a_full_standard_output_is_a_clean_error(tmp_path, fmt):
    with open("/dev/full", "wb") as full:
        done = _check_with_file_size_limit(tmp_path, "--format", fmt, stdout=full)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (f"dhr-check: cannot write the report to the standard output: {os.strerror(errno.ENOSPC)}."
            in done.stderr)


@pytest.mark.parametrize("command", [["validate", "plans"], ["rules", "list"]])
def test_other_commands_on_a_full_standard_output_end_cleanly(command):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "checker", *command], cwd=REPO, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=HANG_GUARD)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"dhr-check: cannot write to the standard output: {os.strerror(errno.ENOSPC)}." in done.stderr
