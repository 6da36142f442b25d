"""What one file under 1 MB costs: a plan of 3,996 actions in every report format, and tracker imports.

    python benchmarks/output_cost.py              # about two minutes; prints a Markdown table

Each row is a separate `dhr-check` process timed from outside with `benchmarks/run.py`'s `measure`
(wall time, CPU time, peak resident memory). The inputs are generated into a temporary folder:

- plan.yaml: 4 recommendations of 999 actions with a description only (every action has findings),
- tracker.csv: 8,000 action rows under a heading row,
- tracker.xlsx: 4,990 action rows of 10 columns, just under the importer's 50,000-cell bound.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import machine, measure  # noqa: E402  (benchmarks/run.py, beside this file)

AS_OF = "2026-03-31"
FORMATS = ("txt", "json", "md", "html", "sarif", "xml", "csv", "xlsx")


def make_plan(path: Path) -> Path:
    lines = ["review: {subject: Adult Z, community_safety_partnership: Testshire}", "recommendations:"]
    for number in range(1, 5):
        lines.append(f"  - number: {number}\n    text: t\n    actions:")
        lines += [f"      - {{number: {action}, description: d, status: in_progress}}" for action in range(1, 1000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerows([["CSP: Testshire"], ["DHR: Adult Z"],
                          ["Recommendation", "Action", "Lead agency", "Target date", "RAG"]])
        for row in range(8000):
            writer.writerow([f"{row // 500 + 1}. That the agency improves its practice",
                             f"Action {row % 500 + 1} Deliver the training to staff", "Testshire Police",
                             "31/12/2026", "Amber"])
    return path


def make_xlsx(path: Path) -> Path:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(["CSP: Testshire"])
    sheet.append(["DHR: Adult Z"])
    sheet.append(["Recommendation", "Action", "Lead agency", "Target date", "Evidence", "Outcome", "RAG",
                  "Notes", "Progress", "Status"])
    for row in range(4990):
        sheet.append([f"{row // 50 + 1}. That agency {row // 50} improves.", f"Action {row % 50 + 1} Do thing {row}.",
                      "Testshire Police", "31/12/2026", "Audit report", "Better", "Amber", "note", "ongoing",
                      "in progress"])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    dhr_check = [sys.executable, "-m", "checker"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        plan, tracker_csv, tracker_xlsx = make_plan(work / "plan.yaml"), make_csv(work / "tracker.csv"), \
            make_xlsx(work / "tracker.xlsx")
        rows = []
        for extension in FORMATS:
            rows.append((f"check plan.yaml -o report.{extension}", plan,
                         dhr_check + ["check", str(plan), "--as-of", AS_OF, "-o", str(work / f"r.{extension}")]))
        rows.append(("check plan.yaml, all 8 formats in one run", plan,
                     dhr_check + ["check", str(plan), "--as-of", AS_OF]
                     + [f"--output={work / f'all.{extension}'}" for extension in FORMATS]))
        rows.append(("import tracker.csv", tracker_csv,
                     dhr_check + ["import", str(tracker_csv), "-o", str(work / "from-csv.yaml")]))
        rows.append(("import tracker.xlsx (50,000 cells)", tracker_xlsx,
                     dhr_check + ["import", str(tracker_xlsx), "-o", str(work / "from-xlsx.yaml")]))
        print(f"Machine: {machine()}\n")
        print("| what | input KB | wall s | CPU s | peak RSS MB |")
        print("|---|---:|---:|---:|---:|")
        for what, source, command in rows:
            result = measure(command, env, keep_output=False)
            print(f"| {what} | {source.stat().st_size / 1024:,.0f} | {result.wall:.2f} | {result.cpu:.2f} | "
                  f"{result.rss_largest:.0f} |", flush=True)


if __name__ == "__main__":
    main()
