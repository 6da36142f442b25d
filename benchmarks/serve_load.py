"""Load on the self-check page: many agency leads pressing Check at once on one small server.

    python benchmarks/serve_load.py                          # 200 uploads of a 100-action plan, 20 clients
    python benchmarks/serve_load.py --uploads 40 --clients 4 # a quick look

Starts the real `dhr-check serve` (its own process, default settings) and sends the uploads from concurrent
clients (threads, one httpx2 client each). Every answer must be a 200 result page with the plan RAG and the
number of findings that `dhr-check check --format json` gives for the same file and as-of date; any other
answer is counted and makes the run fail. Prints throughput (checks per second), median and 95th-percentile
latency, and the peak memory of the server and all its worker processes together (resident set summed, and
proportional set, where pages the workers share are counted once; sampled every 20 ms from /proc).
A measurement, not a test: it depends on the machine and on whatever else is running (the load average is
printed before and after).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx   # the HTTP client the test extra already has (Starlette's TestClient uses it)
import lxml.html
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from make_corpus import plan as corpus_plan  # noqa: E402  (the benchmark corpus's plans)
from run import _tree, machine  # noqa: E402

from tests.serving import served  # noqa: E402  (the server as the browser tests start it)

AS_OF = dt.date(2026, 3, 31)
REQUEST_TIMEOUT = 300   # seconds: a hang guard, not a timing


def plan_with_actions(count: int, seed: int) -> dict:
    """A plan of exactly `count` actions: corpus plans 0, 1, 2, ... joined recommendation by recommendation
    (renumbered 1, 2, 3, ..., each with its published wording), the last one cut to the count."""
    merged = corpus_plan(0, seed, AS_OF)
    merged["review"]["published_recommendations"], merged["recommendations"] = [], []
    total, index = 0, 0
    while total < count:
        source = corpus_plan(index, seed, AS_OF)
        index += 1
        published = {entry["number"]: entry for entry in source["review"]["published_recommendations"]}
        for recommendation in source["recommendations"]:
            if total >= count or not recommendation["actions"]:
                continue
            number = len(merged["recommendations"]) + 1
            recommendation["actions"] = recommendation["actions"][:count - total]
            total += len(recommendation["actions"])
            merged["review"]["published_recommendations"].append(
                {**published[recommendation["number"]], "number": number})
            merged["recommendations"].append({**recommendation, "number": number})
    return merged


def expected(path: Path, folder: Path) -> tuple[str, int]:
    """(plan RAG, number of findings) from the CLI for the same file, settings and as-of date."""
    done = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--as-of", AS_OF.isoformat(),
                           "--format", "json"], capture_output=True, text=True, cwd=folder, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    result = json.loads(done.stdout)
    return result["plans"][0]["rag"], len(result["findings"])


def answer(page: str) -> tuple[str | None, int]:
    """(plan RAG, number of findings) as the result page shows them (the page contract's elements)."""
    document = lxml.html.fromstring(page)
    rag = document.xpath('//*[@id="plan-rag"]/@data-rag')
    findings = document.xpath('count(//li[contains(concat(" ", normalize-space(@class), " "), " finding ")])')
    return (rag[0] if rag else None), int(findings)


class Memory(threading.Thread):
    """Peak memory of a process and its children together, in MB: RSS summed, and PSS."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.rss, self.pss, self.processes = root, 0.0, 0.0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            rss = pss = 0
            pids = _tree(self.root)
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as rollup:
                        for line in rollup:
                            if line.startswith("Rss:"):
                                rss += int(line.split()[1])
                            elif line.startswith("Pss:"):
                                pss += int(line.split()[1])
                except (OSError, ValueError):
                    pass
            self.rss, self.pss = max(self.rss, rss / 1024), max(self.pss, pss / 1024)
            self.processes = max(self.processes, len(pids))
            self.done.wait(0.02)


def load(url: str, path: Path, uploads: int, clients: int, want: tuple[str, int]) -> tuple[list[float], list[str]]:
    """Send `uploads` checks of `path` from `clients` threads; every latency (s) and every wrong answer."""
    content = path.read_bytes()
    jobs: queue.Queue[int] = queue.Queue()
    for number in range(uploads):
        jobs.put(number)
    latencies: list[float] = []
    wrong: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT) as http:
            while True:
                try:
                    number = jobs.get_nowait()
                except queue.Empty:
                    return
                start = time.perf_counter()
                try:
                    response = http.post("/check", data={"as_of": AS_OF.isoformat()},
                                         files={"plan": (path.name, content, "application/yaml")})
                    problem = None if response.status_code == 200 else f"upload {number}: HTTP {response.status_code}"
                    got = answer(response.text) if problem is None else None
                except httpx.HTTPError as error:
                    problem, got = f"upload {number}: {type(error).__name__}: {error}", None
                elapsed = time.perf_counter() - start
                if problem is None and got != want:
                    problem = f"upload {number}: the page says {got}, the CLI {want}"
                with lock:
                    latencies.append(elapsed)
                    if problem:
                        wrong.append(problem)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--actions", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = folder / f"plan-{args.actions}-actions.yaml"
        path.write_text(yaml.dump(plan_with_actions(args.actions, args.seed), Dumper=yaml.CSafeDumper,
                                  sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
        want = expected(path, folder)
        size = path.stat().st_size
        load_before = os.getloadavg()
        with served(cwd=folder) as server:
            memory = Memory(server.process.pid)
            memory.start()
            start = time.perf_counter()
            latencies, wrong = load(server.url, path, args.uploads, args.clients, want)
            wall = time.perf_counter() - start
            memory.done.set()
            memory.join()
        load_after = os.getloadavg()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies) + 0.5) - 1)]
    print(f"Machine: {machine()}. {dt.date.today().isoformat()}.")
    print(f"Load average (1, 5, 15 min) before: {', '.join(f'{v:.2f}' for v in load_before)}; "
          f"after: {', '.join(f'{v:.2f}' for v in load_after)}")
    print(f"Plan: {size / 1024:.0f} KB, {args.actions} actions; the CLI: plan RAG {want[0]}, "
          f"{want[1]} findings")
    print("| uploads | clients | correct | wall s | checks/s | median latency s | 95th percentile s | "
          "peak RSS MB, all processes | peak PSS MB, all processes | processes |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.uploads} | {args.clients} | {len(latencies) - len(wrong)} | {wall:.1f} | "
          f"{args.uploads / wall:.1f} | {statistics.median(latencies):.2f} | {p95:.2f} | {memory.rss:.0f} | "
          f"{memory.pss:.0f} | {memory.processes} |")
    if wrong:
        print(f"{len(wrong)} wrong answers, the first: " + "; ".join(wrong[:5]), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
