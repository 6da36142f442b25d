"""The example plans, partnership settings, waivers and rule reference that ship with dhr-checker.

A clone has them in `plans/` and `docs/`; a wheel carries copies as package data
(`checker/bundled_examples`, `checker/bundled_docs`). `write_examples` puts them in one
folder, side by side as in `plans/`, so that the settings file finds its waivers and
`dhr-check check FOLDER` gives the same report as `dhr-check check plans/`. It never
replaces a file: when any would be overwritten, nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import OutputError

__all__ = ["bundled_examples", "write_examples", "RULE_REFERENCE"]

RULE_REFERENCE = "rules.md"
_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def bundled_examples() -> list[Path]:
    """The files to hand out, sorted: every example plan with the settings and waivers, then the rule reference.

    The installed copies come first, so a stray `plans/` or `docs/` folder beside an installed package is
    never taken for ours; in a checkout (or an editable install) they are `plans/` and `docs/`.
    """
    folder = _first_folder(_PACKAGE / "bundled_examples", _CHECKOUT / "plans")
    docs = _first_folder(_PACKAGE / "bundled_docs", _CHECKOUT / "docs")
    return sorted(folder.glob("*.yaml")) + [docs / RULE_REFERENCE]


def write_examples(directory: Path) -> list[Path]:
    """Copy the bundled examples into `directory` (made if missing) and return the files written.

    Raises `OutputError` naming every file that already exists, before anything is written.
    """
    sources = bundled_examples()
    targets = [directory / source.name for source in sources]
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} is a file, not a folder; name a new or empty folder for the examples.")
    existing = [target for target in targets if os.path.lexists(target)]
    if existing:
        raise OutputError(f"{', '.join(map(str, existing))} already exist{'s' if len(existing) == 1 else ''}; "
                          "nothing was written. Name a new or empty folder for the examples.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for source, target in zip(sources, targets):
            with open(target, "xb") as handle:       # "x": never over a file that appeared meanwhile
                handle.write(source.read_bytes())
    except FileExistsError as error:
        raise OutputError(f"{error.filename} already exists and was not changed; the files before it were "
                          "written. Name a new or empty folder for the examples.") from None
    except OSError as error:
        raise OutputError(f"cannot write the examples to {directory}: {error.strerror}.") from None
    return targets


def _first_folder(*candidates: Path) -> Path:
    return next((folder for folder in candidates if folder.is_dir()), candidates[-1])
