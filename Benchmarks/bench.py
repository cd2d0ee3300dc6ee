#!/usr/bin/env python3
"""ScoreBench at statewide scale, side by side with bare sqlite3.

Figures (median of --runs runs, scorebench and sqlite3 runs alternating so that a busy
machine slows both alike; targets from issue 15):
  import   `import scores` of 1,000,000 CSV rows into an empty store, against
           `sqlite3 .import --csv` of the same file into a bare table (target: <= 1.0x)
  help     first commands, `scorebench -c help` and `-c "task list"`, on the 1M-row store:
           CPU time (user + system) against `sqlite3 DB "select 1"` (target: <= 5x)
  irr      `irr --task` with every statistic and interval, against a bare sqlite3 scan of
           the same rows (targets: < 1 s and <= 1.0x), with its peak memory (< 300 MB)
  decide   `decide --task` over every submission, against the same scan (target: <= 1.0x)
  rasch    `rasch --task`, the many-facet Rasch model by JMLE over 1M observations
           (targets: < 5 s, peak memory < 300 MB; the scan is shown for scale)
  gstudy   `gstudy --task`, variance components of the design found (target: < 1 s)
  proficiency  `proficiency --by school` over 100,000 students with evidence for 6
           competencies (the store plus more.csv and the roster), target < 2 s
  report   `report agreement` and `report raters` of the task as HTML pages, targets < 2 s each
           and a page under 2 MB
  10M      the same statewide data ten times over (1,000,000 students x 2 reads x 5 criteria
           = 10,000,000 rows, in DATA/10m): import, irr and decide times beside the 1M ones
           (targets: at most 11x; the import's against 1M imports timed just before and after
           each 10M one), and the peak memory of import (< 500 MB) and of irr,
           decide and `proficiency --by school` (< 300 MB each) at 10M

usage: bench.py --binary .build-release/release/scorebench [--data Benchmarks/data] [--runs 3]
                [--only import help irr decide ... 10M]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASK = "ela-skate-park"


def measured(command):
    """Wall-clock seconds, CPU seconds (user + system) and peak resident memory (MB) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def timed(command):
    """Wall-clock seconds of one run."""
    return measured(command)[0]


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
    """Peak resident memory (MB) of one run."""
    return measured(command)[2]


def report(name, ours, baseline, target_seconds=None, target_ratio=None, note="", unit="ms"):
    # A few milliseconds of CPU need a decimal to be read at all.
    digits = 2 if unit == "ms CPU" else 0
    line = f"{name:<12} scorebench {ours * 1000:8.{digits}f} {unit}"
    verdicts = []
    if baseline is not None:
        ratio = ours / baseline
        line += f"   sqlite3 {baseline * 1000:8.{digits}f} {unit}   ratio {ratio:4.2f}x"
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
    parser.add_argument("--only", nargs="*", default=["import", "help", "irr", "decide", "rasch", "gstudy", "proficiency", "monitor", "report", "10M"])
    parser.add_argument("--large-runs", type=int, default=None, help="runs of each 10M figure (default: --runs)")
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
    small = {"import": statistics.median(ours), "import sqlite3": statistics.median(theirs)}
    if "import" in args.only:
        report("import", small["import"], small["import sqlite3"], target_ratio=1.0)

    if "help" in args.only:
        # CPU time (user + system), which a busy machine does not inflate as it does wall time;
        # the three commands take turns, so a machine that slows down or speeds up meanwhile
        # weighs on each alike. The first run fills the bank cache, as a user's first shell does.
        commands = {"sqlite3": ["sqlite3", store, "select 1"],
                    "help": scorebench(binary, store, "help"), "task list": scorebench(binary, store, "task list")}
        times = {name: [] for name in commands}
        for _ in range(max(30, args.runs)):
            for name, command in commands.items():
                times[name].append(measured(command)[1])
        baseline = statistics.median(times["sqlite3"])
        for command in ("help", "task list"):
            report(f"-c {command}", statistics.median(times[command]), baseline, target_ratio=5.0, unit="ms CPU",
                   note=f"first command on the 1M-row store, against sqlite3 DB 'select 1'")

    scan = ["sqlite3", bare, "SELECT student, task, rater, criterion, score FROM scores"]
    figures = {
        "irr": (f"irr --task {TASK}", 1.0, 1.0, 300),
        "decide": (f"decide --task {TASK}", None, 1.0, 300),
        "rasch": (f"rasch --task {TASK}", 5.0, None, 300),
        "gstudy": (f"gstudy --task {TASK}", 1.0, None, None),
    }
    for name, (command, seconds, ratio, megabytes) in figures.items():
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
        small[name] = statistics.median(ours)
        small[name + " scan"] = statistics.median(theirs)
        report(name, statistics.median(ours), statistics.median(theirs), target_seconds=seconds, target_ratio=ratio, note=note)

    if "proficiency" in args.only:
        proficiency_benchmark(binary, args, store, work)

    if "report" in args.only:
        report_benchmark(binary, args, store, work)

    if "10M" in args.only:
        large_benchmark(binary, args, small)


def large_benchmark(binary, args, small):
    """The statewide figures at ten million rows, beside the one-million-row ones."""
    data = os.path.join(args.data, "10m")
    scores = os.path.join(data, "scores.csv")
    if not os.path.exists(scores) or not os.path.exists(os.path.join(data, "more.csv")):
        print("generating the 10M-row data set…", flush=True)
        subprocess.run([sys.executable, os.path.join(REPO, "Benchmarks", "generate_statewide.py"), data, "--students", "1000000"], check=True)
    runs = args.large_runs or args.runs
    work = os.path.join(args.data, "work")
    bare = os.path.join(work, "bare10m.sqlite")
    store = os.path.join(work, "store10m.sqlite")
    large, peaks = {}, {}

    # The import's 10M/1M ratio divides two times, and this machine's speed drifts by a third
    # over an hour: the 1M import is timed again just before and just after each 10M one, and
    # the ratio is taken against those.
    small_scores, small_store = os.path.join(args.data, "scores.csv"), os.path.join(work, "store.sqlite")
    def import_1m():
        fresh(small_store)
        return timed(scorebench(binary, small_store, f"import scores {small_scores} --add-missing"))

    ours, theirs, memory, beside = [], [], [], []
    for _ in range(runs):
        beside.append(import_1m())
        fresh(bare)
        theirs.append(timed(["sqlite3", bare, ".import --csv " + scores + " scores"]))
        fresh(store)
        wall, _, peak = measured(scorebench(binary, store, f"import scores {scores} --add-missing"))
        ours.append(wall)
        memory.append(peak)
        beside.append(import_1m())
    large["import"], large["import sqlite3"], peaks["import"] = statistics.median(ours), statistics.median(theirs), max(memory)
    small = dict(small, **{"import": statistics.median(beside)})

    scan = ["sqlite3", bare, "SELECT student, task, rater, criterion, score FROM scores"]
    for name in ("irr", "decide"):
        ours, theirs, memory = [], [], []
        for _ in range(runs):
            theirs.append(timed(scan))
            wall, _, peak = measured(scorebench(binary, store, f"{name} --task {TASK}"))
            ours.append(wall)
            memory.append(peak)
        large[name], large[name + " scan"], peaks[name] = statistics.median(ours), statistics.median(theirs), max(memory)

    full = os.path.join(work, "proficiency10m.sqlite")
    fresh(full)
    subprocess.run(["sqlite3", store, f".backup {full}"], check=True)
    timed(scorebench(binary, full, f"import students {os.path.join(data, 'students.csv')}",
                     f"import scores {os.path.join(data, 'more.csv')} --add-missing"))
    wall, _, peaks["proficiency"] = measured(scorebench(binary, full, "proficiency --by school"))
    large["proficiency"] = wall
    fresh(full)

    print(f"\nten million rows ({scores}), {runs} runs each, medians, beside the 1M figures above", flush=True)
    print(f"(the import's 1M figure: {len(beside)} runs just before and after the 10M ones: "
          f"{', '.join(f'{t:.2f}s' for t in beside)})", flush=True)
    print(f"{'figure':<12}{'1M':>10}{'10M':>10}{'10M/1M':>9}   {'10M baseline (sqlite3)':<30}{'peak at 10M':>13}   verdict")
    for name, baseline, limit in (("import", "import sqlite3", 500), ("irr", "irr scan", 300), ("decide", "decide scan", 300),
                                  ("proficiency", None, 300)):
        verdicts = []
        line = f"{name:<12}"
        if name in small:
            ratio = large[name] / small[name]
            verdicts.append(ratio <= 11)
            line += f"{small[name]:9.2f}s{large[name]:9.2f}s{ratio:8.1f}x"
        else:
            line += f"{'':>10}{large[name]:9.2f}s{'':>9}"
        if baseline:
            line += f"   {large[baseline]:6.2f}s ({large[name] / large[baseline]:4.2f}x){'':<16}"
        else:
            line += f"   {'':<30}"
        line += f"{peaks[name]:9.0f} MB (< {limit})"
        verdicts.append(peaks[name] < limit)
        print(line + "   " + ("PASS" if all(verdicts) else "FAIL") + "   (targets: 10M/1M <= 11x, peak memory)", flush=True)


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
