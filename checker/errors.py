"""Errors raised by dhr-checker, each carrying the exit code the CLI uses: every error a user can meet.

    DhrCheckError                 base class; exit code 2 (bad input, usage or configuration)
    ├── YamlProblem               a file is not YAML the tool can read (one `Problem`)
    ├── PlanError                 a plan file cannot be read or is invalid (file:line:col)
    ├── RuleError                 a rule file is malformed (file and key)
    │   └── SettingsError         the settings, rules or waivers of a run cannot be loaded: nothing was checked
    ├── OutputError               a report cannot be written where asked
    ├── RunFileError              a file given to `diff` is not a run result, or the two cannot be compared
    ├── UsageError                options the command cannot act on (a format a terminal cannot show, ...)
    └── NothingDone               a command gave up before doing anything: what was wrong, then what was not done

The core never prints: it raises these (or returns them as error records when
one bad plan must not stop the others) and the CLI, in one place, turns them into
messages and the exit code. Ctrl-C and SIGTERM are `signals.Stopped`, a `BaseException`
outside this tree, so that no `except DhrCheckError` can swallow them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DhrCheckError",
    "NothingDone",
    "OutputError",
    "PlanError",
    "Problem",
    "RuleError",
    "RunFileError",
    "SettingsError",
    "UsageError",
    "YamlProblem",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def as_record(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "message": self.message}


class DhrCheckError(Exception):
    """Base class. `exit_code` is what the CLI exits with; `consequence`, when set, what was therefore not done."""

    exit_code = 2
    consequence: str | None = None


class YamlProblem(DhrCheckError):
    """A file is not YAML the tool can read (see `load`); carries one `Problem`."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.problems = [problem]
        super().__init__(str(problem))


class PlanError(DhrCheckError):
    """A plan file is unreadable or invalid. Holds every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RuleError(DhrCheckError):
    """A rule file (or the rule set) is malformed. Holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SettingsError(RuleError):
    """The settings, rules or waivers of a run cannot be loaded, so nothing was checked."""

    consequence = "the settings or rules could not be loaded; nothing was checked."


class OutputError(DhrCheckError):
    """A report cannot be written where asked: the folder is missing, the path is an input, no permission."""


class RunFileError(DhrCheckError):
    """A file given to `dhr-check diff` is not a saved run result, or two runs cannot be compared."""


class UsageError(DhrCheckError):
    """Options the command cannot act on: a format a terminal cannot show, a marking too long, ..."""


class NothingDone(DhrCheckError):
    """A command gave up before doing anything: `details`, lines that say what was wrong (printed as they
    are), then `consequence`, what was therefore not done."""

    def __init__(self, details: list[str], consequence: str):
        self.details = list(details)
        self.consequence = consequence
        super().__init__("\n".join([*self.details, consequence]))
