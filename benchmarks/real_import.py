"""How much of each real file in tests/fixtures/real/ comes through exactly, as a Markdown table.

    python benchmarks/real_import.py

Each file is given to the importer as a person would save it (the fixture's source note removed).
A review summary's row is exact when its identifier, text and every addressee are those the page
shows; a plan's recommendation and each of its actions when number and text are. What the pages
show is read from the pipe tables themselves, and for the browser copies (no cell separators) from
the identifiers and addressees transcribed by hand in tests/test_real_identifiers.py. The copies are
cut short: a last row's text ends where the copy ends, and it has no addressee.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checker.errors import PlanError  # noqa: E402
from checker.importers import import_plan  # noqa: E402
from tests.importers.test_real_fixtures import ACTIONS, PART_A, PART_B  # noqa: E402
from tests.test_real_identifiers import FLATTENED  # noqa: E402

REAL = REPO / "tests" / "fixtures" / "real"
_PIPE_ROW = re.compile(r"^\| (?!#|---|Recommendations extracted)(.+)$")


def body(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[lines.index("---") + 1:]) if "---" in lines else "\n".join(lines)


def shown_rows(path: Path, text: str) -> list[tuple[str, str, list[str]]]:
    """(identifier, text, addressees) of each row the page shows."""
    if path.name in FLATTENED:
        lines = text.split("\n")
        start = next(i for i, line in enumerate(lines) if line.startswith("# Recommendation"))
        rows = []
        for line, (identifier, addressees) in zip(lines[start + 1:], FLATTENED[path.name]):
            rest = line.strip()[len(identifier):].strip()
            named = " | ".join(addressees)
            rows.append((identifier, rest[:len(rest) - len(named)].strip() if named else rest, addressees))
        return rows
    rows = []
    for line in text.split("\n"):
        if match := _PIPE_ROW.match(line):
            cells = [cell.strip() for cell in match.group(1).rstrip("|").split(" | ")]
            rows.append((cells[0], cells[1].rstrip(" |").strip(),
                         [n.strip() for cell in cells[2:] for n in cell.split("|") if n.strip()]))
    return rows


def imported_rows(data: dict) -> list[tuple[str, str, list[str]]]:
    rows = []
    for published in data["review"].get("published_recommendations", []):
        addressed = published.get("addressed_to") or []
        rows.append((str(published["number"]), published["text"], [addressed] if isinstance(addressed, str)
                     else list(addressed)))
    return rows


def plan_items(data: dict) -> list[tuple[str, str]]:
    items = []
    for recommendation in data.get("recommendations", []):
        items.append((f"R{recommendation['number']}", recommendation.get("text", "")))
        items += [(f"R{recommendation['number']}.A{action['number']}", action.get("description", ""))
                  for action in recommendation.get("actions", [])]
    return items


def measure(path: Path) -> tuple[int, int]:
    """(rows imported exactly, rows visible)."""
    text = body(path)
    with tempfile.TemporaryDirectory() as folder:
        given = Path(folder) / path.name
        given.write_text(text, encoding="utf-8")
        summary = path.parent.name == "summaries"
        try:
            data = import_plan(given, subject="Adult X" if summary else None).document.data
        except PlanError:
            data = {"review": {}, "recommendations": []}
    if summary:
        shown, got = shown_rows(path, text), imported_rows(data)
    else:
        shown = [("R1", f"{PART_A}\n{PART_B}")] + [(f"R1.A{n}", action) for n, action in enumerate(ACTIONS, 1)]
        got = plan_items(data)
    exact = sum(1 for row in shown if row in got)
    return exact, len(shown)


def main() -> None:
    print("| file | rows imported exactly / visible |")
    print("|---|---|")
    total_exact = total_shown = 0
    for path in sorted(REAL.glob("*/*")):
        if path.suffix not in (".txt", ".html"):
            continue
        exact, shown = measure(path)
        total_exact, total_shown = total_exact + exact, total_shown + shown
        print(f"| {path.parent.name}/{path.name} | {exact} / {shown} |")
    print(f"| **all** | **{total_exact} / {total_shown}** |")


if __name__ == "__main__":
    main()
