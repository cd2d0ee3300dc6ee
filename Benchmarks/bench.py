#!/usr/bin/env python3
"""ScoreBench at statewide scale, side by side with bare sqlite3.

Figures (median of --runs runs, scorebench and sqlite3 runs alternating so that a busy
machine slows both alike):
  import   `import scores` of 1,000,000 CSV rows into an empty store, against
           `sqlite3 .import --csv` of the same file into a bare table (target: <= 2x)
  help     a first command, `scorebench -c help`, on the 1M-row store (target: < 50 ms)
  irr      `irr --task` with every statistic and interval, against a bare sqlite3 scan of
           the same rows (targets: < 1 s and <= 2x), with its peak memory (< 300 MB)
  decide   `decide --task` over every submission, against the same scan (target: <= 2x)
  rasch    `rasch --task`, the many-facet Rasch model by JMLE over 1M observations
           (targets: < 5 s, peak memory < 300 MB; the scan is shown for scale)
  gstudy   `gstudy --task`, variance components of the design found (target: < 1 s)
  proficiency  `proficiency --by school` over 100,000 students with evidence for 6
           competencies (the store plus more.csv and the roster), target < 2 s
  report   `report agreement` and `report raters` of the task as HTML pages, targets < 2 s each
           and a page under 2 MB

usage: bench.py --binary .build-release/release/scorebench [--data Benchmarks/data] [--runs 3]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASK = "ela-skate-park"


def timed(command, **kwargs):
    """Wall-clock seconds of one run."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.decode()}")
    return elapsed


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def scorebench(binary, db, *commands):
    arguments = [binary, "--db", db, "--bank", os.path.join(REPO, "TaskBank"), "--rubrics", os.path.join(REPO, "Rubrics")]
    for command in commands:
        arguments += ["-c", command]
    return arguments


def peak_memory(command):
    """Peak resident memory (MB) of one run, in a wrapper process whose only child it is."""
    wrapper = ["/usr/bin/env", "python3", "-c",
               "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,check=True);"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"] + command
    output = subprocess.run(wrapper, capture_output=True, check=True).stdout.decode().strip()
    return int(output) / 1024


def report(name, ours, baseline, target_seconds=None, target_ratio=None, note=""):
    line = f"{name:<11} scorebench {ours * 1000:8.0f} ms"
    verdicts = []
    if baseline is not None:
        ratio = ours / baseline
        line += f"   sqlite3 {baseline * 1000:8.0f} ms   ratio {ratio:4.2f}x"
        if target_ratio is not None:
            verdicts.append(ratio <= target_ratio)
    if target_seconds is not None:
        verdicts.append(ours < target_seconds)
    line += f"   {note}" if note else ""
    line += "   " + ("PASS" if all(verdicts) else "FAIL")
    print(line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build-release", "release", "scorebench"))
    parser.add_argument("--data", default=os.path.join(REPO, "Benchmarks", "data"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["import", "help", "irr", "decide", "rasch", "gstudy", "proficiency", "monitor", "report"])
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    scores = os.path.join(args.data, "scores.csv")
    if not os.path.exists(scores) or not os.path.exists(os.path.join(args.data, "more.csv")):
        print("generating the statewide data set…", flush=True)
        subprocess.run([sys.executable, os.path.join(REPO, "Benchmarks", "generate_statewide.py"), args.data], check=True)
    rows = sum(1 for _ in open(scores, "rb")) - 1
    print(f"data: {scores}, {rows:,} rows; {args.runs} runs each, medians", flush=True)
    work = os.path.join(args.data, "work")
    os.makedirs(work, exist_ok=True)
    bare = os.path.join(work, "bare.sqlite")
    store = os.path.join(work, "store.sqlite")

    ours, theirs = [], []
    for _ in range(args.runs):
        fresh(bare)
        theirs.append(timed(["sqlite3", bare, ".import --csv " + scores + " scores"]))
        fresh(store)
        ours.append(timed(scorebench(binary, store, f"import scores {scores} --add-missing")))
    if "import" in args.only:
        report("import", statistics.median(ours), statistics.median(theirs), target_ratio=2.0)

    if "help" in args.only:
        times = [timed(scorebench(binary, store, "help")) for _ in range(max(10, args.runs))]
        report("help", statistics.median(times), None, target_seconds=0.050, note="first command on the 1M-row store")

    scan = ["sqlite3", bare, "SELECT student, task, rater, criterion, score FROM scores"]
    measured = {
        "irr": (f"irr --task {TASK}", 1.0, 2.0, 300),
        "decide": (f"decide --task {TASK}", None, 2.0, None),
        "rasch": (f"rasch --task {TASK}", 5.0, None, 300),
        "gstudy": (f"gstudy --task {TASK}", 1.0, None, None),
    }
    for name, (command, seconds, ratio, megabytes) in measured.items():
        if name not in args.only:
            continue
        probe = subprocess.run(scorebench(binary, store, "help " + command.split()[0]), capture_output=True)
        if probe.returncode != 0:
            print(f"{name:<11} (not available in this build)", flush=True)
            continue
        ours, theirs = [], []
        for _ in range(args.runs):
            theirs.append(timed(scan))
            ours.append(timed(scorebench(binary, store, command)))
        note = ""
        if megabytes is not None:
            peak = peak_memory(scorebench(binary, store, command))
            note = f"peak {peak:.0f} MB (target < {megabytes} MB)"
            if peak >= megabytes:
                note += " FAIL"
        report(name, statistics.median(ours), statistics.median(theirs), target_seconds=seconds, target_ratio=ratio, note=note)

    if "proficiency" in args.only:
        proficiency_benchmark(binary, args, store, work)

    if "report" in args.only:
        report_benchmark(binary, args, store, work)


def report_benchmark(binary, args, store, work):
    """`report agreement` and `report raters` on the 1M-row store: the time and the page's size."""
    if subprocess.run(scorebench(binary, store, "help report"), capture_output=True).returncode != 0:
        print(f"{'report':<11} (not available in this build)", flush=True)
        return
    for kind in ("agreement", "raters"):
        page = os.path.join(work, f"{kind}.html")
        command = f"report {kind} --task {TASK} --out {page}"
        times = [timed(scorebench(binary, store, command)) for _ in range(args.runs)]
        size = os.path.getsize(page) / 1_000_000
        note = f"page {size:.2f} MB (target < 2 MB)" + ("" if size < 2 else " FAIL")
        report(f"report {kind}", statistics.median(times), None, target_seconds=2.0, note=note)


def proficiency_benchmark(binary, args, store, work):
    """`proficiency --by school` on a copy of the store with the roster and more evidence."""
    full = os.path.join(work, "proficiency.sqlite")
    fresh(full)
    subprocess.run(["sqlite3", store, f".backup {full}"], check=True)
    more = os.path.join(args.data, "more.csv")
    students = os.path.join(args.data, "students.csv")
    timed(scorebench(binary, full, f"import students {students}", f"import scores {more} --add-missing"))
    times = [timed(scorebench(binary, full, "proficiency --by school")) for _ in range(args.runs)]
    report("proficiency", statistics.median(times), None, target_seconds=2.0, note="--by school, 100,000 students, 6 competencies")


if __name__ == "__main__":
    main()
