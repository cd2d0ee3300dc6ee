#!/usr/bin/env python3
"""Calibration and monitoring at scale (release build).

Figures (median of --runs runs):
  report   `calibration report` of one session: 500 raters x 20 anchors x 5 criteria
           (10,000 calibration reads, 50,000 scores), JSON and table (target: < 1 s)
  monitor  `monitor --task ela-skate-park` over the 1,000,000-row statewide store (200,000
           reads), 7-day windows (target: < 1 s)

The statewide store is Benchmarks/data/work/store.sqlite, left by
`python3 Benchmarks/bench.py --only help --runs 1`; this script runs that first when it is missing.

usage: calibration_bench.py [--binary .build-release/release/scorebench] [--runs 5]
build: swift build -c release --static-swift-stdlib --scratch-path .build-release --product scorebench
"""
import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASK = "ela-skate-park"
CRITERIA = ["claim", "evidence", "reasoning", "organization", "conventions"]


def command(binary, db, *commands, fmt=None):
    arguments = [binary, "--db", db, "--bank", os.path.join(REPO, "TaskBank"), "--rubrics", os.path.join(REPO, "Rubrics")]
    if fmt:
        arguments += ["--format", fmt]
    for c in commands:
        arguments += ["-c", c]
    return arguments


def run(arguments):
    result = subprocess.run(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(arguments)}\n{result.stderr.decode()}")
    return result.stdout


def timed(arguments):
    start = time.perf_counter()
    run(arguments)
    return time.perf_counter() - start


def report(name, seconds, note=""):
    verdict = "PASS" if seconds < 1.0 else "FAIL"
    print(f"{name:<16} {seconds * 1000:8.0f} ms   target < 1000 ms   {verdict}   {note}", flush=True)


def calibration_store(binary, folder, raters=500, anchors=20, seed=20261123):
    rng = random.Random(seed)
    db = os.path.join(folder, "calibration.sqlite")
    students = [f"a-{i:02d}" for i in range(anchors)]
    masters = {s: {c: rng.randint(1, 4) for c in CRITERIA} for s in students}
    with open(os.path.join(folder, "masters.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["student", "task", "rater", "kind", "criterion", "score", "note"])
        for s in students:
            for c in CRITERIA:
                w.writerow([s, TASK, "lead-1", "master", c, masters[s][c], f"why {s} earns these scores"])
    with open(os.path.join(folder, "reads.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["student", "task", "rater", "kind", "session", "criterion", "score"])
        for r in range(raters):
            rater = f"r-{r:04d}"
            severity = rng.gauss(0, 0.4)
            for s in students:
                for c in CRITERIA:
                    score = min(4, max(1, round(masters[s][c] + severity + rng.gauss(0, 0.5))))
                    w.writerow([s, TASK, rater, "calibration", "bench", c, score])
    run(command(binary, db, "rater add lead-1 --role lead", f"import scores {os.path.join(folder, 'masters.csv')} --add-missing",
                f"session open bench --task {TASK}", "session anchors bench " + " ".join(students),
                f"import scores {os.path.join(folder, 'reads.csv')} --add-missing"))
    return db


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build-release", "release", "scorebench"))
    parser.add_argument("--data", default=os.path.join(REPO, "Benchmarks", "data"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        sys.exit(f"no binary at {binary}; build it with: swift build -c release --static-swift-stdlib --scratch-path .build-release --product scorebench")

    with tempfile.TemporaryDirectory() as folder:
        db = calibration_store(binary, folder)
        summary = run(command(binary, db, "session show bench", fmt="json")).decode()
        raters = summary.count('"rater":')
        print(f"calibration store: 500 raters x 20 anchors x 5 criteria; {raters} raters in the session", flush=True)
        for fmt in ("json", "table"):
            times = [timed(command(binary, db, "calibration report bench", fmt=fmt)) for _ in range(args.runs)]
            report(f"report ({fmt})", statistics.median(times), f"min {min(times) * 1000:.0f} ms")

    store = os.path.join(args.data, "work", "store.sqlite")
    if not os.path.exists(store):
        print("building the statewide store (bench.py --only help --runs 1)…", flush=True)
        subprocess.run([sys.executable, os.path.join(REPO, "Benchmarks", "bench.py"), "--binary", binary, "--data", args.data,
                        "--only", "help", "--runs", "1"], check=True)
    rows = run(command(binary, store, f"monitor --task {TASK}", fmt="json")).decode()
    count = rows.count('"rater":')
    print(f"statewide store: {store}; monitor lists {count} rater-window rows", flush=True)
    for fmt in ("json", "table"):
        times = [timed(command(binary, store, f"monitor --task {TASK}", fmt=fmt)) for _ in range(args.runs)]
        report(f"monitor ({fmt})", statistics.median(times), f"min {min(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
