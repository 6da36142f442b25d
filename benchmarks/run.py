"""Benchmark dhr-check against the floor, a plain-Python loop and OPA's Rego, at national scale, in one run.

    pip install -e '.[bench]'
    python benchmarks/run.py                       # corpora of 400, 4,000 and 40,000 plans (about 25 minutes)
    python benchmarks/run.py --sizes 400 --repeat-cold 10   # a quick look

Corpora are generated once (benchmarks/make_corpus.py, seed 1) into --workdir and reused. Every
measurement is a separate process, timed from outside: wall time, CPU time (its own and its
children's) and peak memory: the resident set of its largest process, and the proportional set
of all its processes together (pages shared with forked workers counted once; sampled every
20 ms). Files are read once beforehand, so every row sees a warm page cache, and compiled
bytecode is kept in --workdir, as an installed package keeps it.
Prints a Markdown table and the verdict on each target; installs nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEED = 1
AS_OF = "2026-03-31"
CONTROL = {"text": "dhr-check check (text), 4,000 plans' settings and waivers",
           "json": "dhr-check check --format json, 4,000 plans' settings and waivers"}
"""Rows that check 40,000 plans with the 4,000-plan corpus's waivers: the corpus grows, the input that
every process must hold (the waivers) does not, so these show whether memory is flat in the plans."""


@dataclass
class Measured:
    wall: float
    cpu: float
    rss_largest: float       # MB, the largest single process (getrusage)
    rss_all: float           # MB, all of the run's processes at once, shared pages counted once (sampled)
    output: str = ""


def measure(command: list[str], env: dict[str, str], keep_output: bool = True) -> Measured:
    """Run `command` to completion; its wall and CPU time and peak memory, with its worker processes."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output if keep_output else subprocess.DEVNULL, stderr=errors,
                                   env=env, cwd=REPO)
        peak = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, done), daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(process.pid, 0)   # this process's own usage, its workers' included
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if process.returncode not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors.read().decode()[-3000:]}")
        output.seek(0)
        return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak[0] / 1024,
                        output.read().decode())


def _sample_tree(root: int, peak: list[int], done: threading.Event) -> None:
    """Peak memory of the process and its workers together, in KB: proportional set size, so pages the
    forked workers share with the main process are counted once, not once per process."""
    while not done.is_set():
        total = 0
        for pid in _tree(root):
            try:
                with open(f"/proc/{pid}/smaps_rollup") as rollup:
                    total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            except (OSError, StopIteration, ValueError):
                pass
        peak[0] = max(peak[0], total)
        done.wait(0.02)


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += parents.get(pid, [])
    return found


def corpus(workdir: Path, size: int, env: dict[str, str]) -> Path:
    folder = workdir / f"corpus-{size}-seed{SEED}"
    if len(list(folder.glob("plan-*.yaml"))) != size or not (folder / "waivers.yaml").is_file():
        print(f"generating {size:,} plans in {folder} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(size), str(folder), "--seed", str(SEED),
                        "--as-of", AS_OF], check=True, env=env)
    for path in folder.iterdir():          # warm the page cache: every row reads from memory
        path.read_bytes()
    return folder


def loop(kind: str, folder: Path, env: dict[str, str], *extra: str) -> tuple[Measured, dict]:
    measured = measure([sys.executable, str(HERE / "loops.py"), kind, str(folder), *extra], env)
    return measured, json.loads(measured.output)


def dhr_check(folder: Path, env: dict[str, str], *options: str) -> Measured:
    """The command as a user runs it, its report written to nowhere (the terminal would be the bottleneck)."""
    return measure([str(Path(sys.executable).parent / "dhr-check"), "check", str(folder), "--as-of", AS_OF,
                    *options], env, keep_output=False)


def cold(env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Median wall time of a one-plan check and of a bare `import yaml, pydantic`, each in a fresh process."""
    def median(command):
        subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    check = median([str(Path(sys.executable).parent / "dhr-check"), "check", "plans/bolton-adult-a.yaml"])
    bare = median([sys.executable, "-c", "import yaml, pydantic"])
    return check, bare


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return (f"{len(os.sched_getaffinity(0))} cores ({model}), {memory / 2**20:.0f} GiB RAM, "
            f"Linux {platform.release()}, Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400,4000,40000", help="corpus sizes, comma-separated")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dhr-check-bench",
                        help="where corpora and compiled bytecode are kept between runs")
    parser.add_argument("--compare-up-to", type=int, default=4000,
                        help="run the reference-evaluator, engine and Rego loops on corpora up to this size")
    parser.add_argument("--repeat-cold", type=int, default=30, help="runs of each cold start, median taken")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(args.workdir / "pycache")
    jobs = len(os.sched_getaffinity(0))
    rows: list[tuple[str, int, Measured, float, str]] = []
    results: dict[tuple[str, int], Measured] = {}

    for size in sizes:
        folder = corpus(args.workdir, size, env)
        floor, _ = loop("floor", folder, env)
        runs = [("floor: PyYAML C loader, nothing else", floor, "")]
        runs.append((f"dhr-check check (text, --jobs {jobs})", dhr_check(folder, env), ""))
        runs.append((f"dhr-check check --format json (--jobs {jobs})", dhr_check(folder, env, "--format", "json"), ""))
        runs.append(("dhr-check check (text, --jobs 1)", dhr_check(folder, env, "--jobs", "1"), ""))
        if size > 4000 and 4000 in sizes:     # the same settings and waivers file as the 4,000-plan run
            settings = args.workdir / f"corpus-4000-seed{SEED}" / "dhr-check.yaml"
            for name, row in CONTROL.items():
                runs.append((row, dhr_check(folder, env, "--config", str(settings), "--format", name),
                             "the 4,000-plan corpus's dhr-check.yaml and waivers.yaml"))
        if size <= args.compare_up_to:
            engine, engine_out = loop("engine", folder, env)
            reference, reference_out = loop("reference", folder, env)
            three, three_out = loop("engine", folder, env, "--three")
            rego, rego_out = loop("rego", folder, env)
            agree = "same findings" if engine_out["digest"] == reference_out["digest"] else "FINDINGS DIFFER"
            agree_rego = "same findings" if three_out["digest"] == rego_out["digest"] else "FINDINGS DIFFER"
            runs += [
                ("loop, durable-rules engine, all rules (no report)", engine,
                 f"evaluating {engine_out['evaluating']:.2f} s; {engine_out['findings']:,} findings"),
                ("loop, reference evaluator, all rules (no report)", reference,
                 f"evaluating {reference_out['evaluating']:.2f} s; {agree} as the engine"),
                ("loop, durable-rules engine, the 3 Rego rules", three,
                 f"evaluating {three_out['evaluating']:.2f} s; {three_out['findings']:,} findings"),
                ("OPA Rego (regopy), the 3 rules in benchmarks/dhr.rego", rego,
                 f"evaluating {rego_out['evaluating']:.2f} s; {agree_rego} as the engine"),
            ]
        for name, measured, note in runs:
            rows.append((name, size, measured, measured.wall / floor.wall, note))
            results[(name, size)] = measured

    check_cold, bare = cold(env, args.repeat_cold)
    print(f"Machine: {machine()}.\n")
    print("| what | plans | wall s | CPU s | peak RSS MB, largest process | peak memory MB, all processes (PSS) "
          "| wall vs floor | notes |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, size, measured, ratio, note in rows:
        print(f"| {name} | {size:,} | {measured.wall:.2f} | {measured.cpu:.2f} | {measured.rss_largest:.0f} "
              f"| {measured.rss_all:.0f} | {ratio:.2f}x | {note} |")
    print(f"| cold: `dhr-check check plans/bolton-adult-a.yaml` | 1 | {check_cold:.3f} | | | | "
          f"| median of {args.repeat_cold}; {check_cold / bare:.2f}x the bare import |")
    print(f"| cold: `python -c \"import yaml, pydantic\"` | | {bare:.3f} | | | | | median of {args.repeat_cold} |")
    _verdicts(results, sizes, jobs, check_cold, bare)


def _verdicts(results, sizes, jobs, check_cold, bare) -> None:
    print("\nTargets:")
    text = f"dhr-check check (text, --jobs {jobs})"
    floor = "floor: PyYAML C loader, nothing else"
    if 4000 in sizes:
        ratio = results[(text, 4000)].wall / results[(floor, 4000)].wall
        print(f"- full check of 4,000 plans at most 1.5x the floor: {ratio:.2f}x, {_met(ratio <= 1.5)}")
        speedup = results[("dhr-check check (text, --jobs 1)", 4000)].wall / results[(text, 4000)].wall
        print(f"- --jobs {jobs} at least 1.7x faster than --jobs 1 (4,000 plans): {speedup:.2f}x, "
              f"{_met(speedup >= 1.7)}")
    peak = max(m.rss_all for (name, _size), m in results.items() if name.startswith("dhr-check"))
    print(f"- peak memory at most 300 MB (all processes of any dhr-check run): {peak:.0f} MB, {_met(peak <= 300)}")
    if 4000 in sizes and 40000 in sizes:
        json_row = f"dhr-check check --format json (--jobs {jobs})"
        for name, control in [(text, CONTROL["text"]), (json_row, CONTROL["json"])]:
            small, large = results[(name, 4000)].rss_all, results[(control, 40000)].rss_all
            print(f"- peak memory flat from 4,000 to 40,000 plans (within 10%), {name}: {small:.0f} -> {large:.0f} MB, "
                  f"{_met(large <= small * 1.1)}")
            grown = results[(name, 40000)].rss_all
            print(f"  (with the waivers file ten times larger as well: {small:.0f} -> {grown:.0f} MB; "
                  "every process holds the waivers)")
    print(f"- cold self-check at most 0.5 s: {check_cold:.3f} s, {_met(check_cold <= 0.5)}")
    print(f"- cold self-check at most 3x the bare import: {check_cold / bare:.2f}x, {_met(check_cold <= 3 * bare)}")


def _met(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    main()
