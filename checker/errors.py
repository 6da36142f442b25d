"""Errors raised by dhr-checker, each carrying the exit code the CLI uses.

    DhrCheckError                 base class; exit code 2 (bad input)
    ├── PlanError                 a plan file cannot be read or is invalid (file:line:col)
    ├── RuleError                 a rule file is malformed (file and key)
    ├── OutputError               a report cannot be written where asked
    └── RunFileError              a file given to `diff` is not a run result, or the two cannot be compared

The core never prints: it raises these (or returns them as error records when
one bad plan must not stop the others) and the CLI turns them into messages.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DhrCheckError", "PlanError", "RuleError", "OutputError", "RunFileError", "Problem"]


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
    """Base class. `exit_code` is what the CLI exits with."""

    exit_code = 2


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


class OutputError(DhrCheckError):
    """A report cannot be written where asked: the folder is missing, the path is an input, no permission."""


class RunFileError(DhrCheckError):
    """A file given to `dhr-check diff` is not a saved run result, or two runs cannot be compared."""
