"""Every command's errors are printed in one place, the command group, each with its own exit code.

So an error reaches the user the same way from any command and from anywhere in it, whether
`dhr-check` runs as the console script or inside another program (click's runner here).
"""

from __future__ import annotations

import errno
import os

import click

from checker.cli import rules_commands
from checker.errors import DhrCheckError

from .reporting import run


def test_an_error_while_a_command_prints_is_told_on_standard_error_with_exit_code_2(monkeypatch):
    real_echo = click.echo

    def standard_output_full(message=None, file=None, nl=True, err=False, color=None):
        if not err:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_echo(message, file=file, nl=nl, err=err, color=color)

    monkeypatch.setattr(click, "echo", standard_output_full)
    code, out, err = run("rules", "fields", "action")
    assert (code, out) == (2, "")
    assert err == f"dhr-check: cannot write to the standard output: {os.strerror(errno.ENOSPC)}.\n"


def test_an_error_exits_with_the_code_it_carries(monkeypatch):
    class Unusual(DhrCheckError):
        exit_code = 3

    def lint_rules(directory):
        raise Unusual("the rule folder went away")

    monkeypatch.setattr(rules_commands, "lint_rules", lint_rules)
    code, out, err = run("rules", "lint")
    assert (code, out, err) == (3, "", "dhr-check: the rule folder went away\n")
