#!/usr/bin/env python3
"""ScoreBench on a PostgreSQL server, side by side with plain psql (issue 10).

Figures (median of --runs runs; scorebench and psql runs alternate, so that a busy machine
slows both alike):
  import   `import scores` of the 1,000,000-row statewide CSV into an empty server schema
           (made by `server init`), against psql's `\\copy` of the same file into a bare
           table of its columns (target: <= 1.5x)
  irr      `irr --task` on that store, against a plain psql select of the same rows from the
           bare table (target: <= 2x)
  decide   `decide --task`, against the same select (target: <= 2x)
  shells   50 shells at once, each recording 200 reads through `score` lines on its stdin
           (10,000 in all): every read stored, and the latency of `score` from the line
           written to its `recorded:` acknowledgement (p50, p99, max)

Each run uses a schema of its own in the database --server names (created if missing, on
the same server); nothing outside those schemas is touched, and they are dropped at the end.

usage: server_bench.py [--binary .build-release/release/scorebench] [--data Benchmarks/data]
                       [--server "host=/var/run/postgresql dbname=scorebench_bench"] [--runs 3]
                       [--only import irr decide shells]
"""
import argparse
import os
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASK = "ela-skate-park"
LEVELS = "claim={} evidence=3 reasoning=2 organization=3 conventions=2"


def psql(server, *arguments, schema=None, capture=False):
    """Runs psql on the benchmark database; returns its stdout."""
    environment = dict(os.environ)
    if schema:
        environment["PGOPTIONS"] = f"-c search_path={schema}"
    result = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server, "-c", "SET client_min_messages = warning", *arguments],
        capture_output=True, env=environment)
    if result.returncode != 0:
        sys.exit(f"psql failed: {' '.join(arguments)}\n{result.stderr.decode()}")
    return result.stdout.decode()


def timed(command, environment=None):
    """Wall-clock seconds of one run, its output thrown away."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr.decode()}")
    return elapsed


class Schema:
    """A schema of the benchmark's own with a ScoreBench store in it, made by `server init`."""

    def __init__(self, binary, server, name):
        self.binary, self.server, self.name = binary, server, name
        psql(server, "-c", f"DROP SCHEMA IF EXISTS {name} CASCADE", "-c", f"CREATE SCHEMA {name}")
        self.environment = dict(os.environ, PGOPTIONS=f"-c search_path={name}")
        subprocess.run(self.command("server init"), env=self.environment, check=True, stdout=subprocess.DEVNULL)

    def command(self, *commands, extra=()):
        arguments = [self.binary, "--db", self.server, "--bank", os.path.join(REPO, "TaskBank"),
                     "--rubrics", os.path.join(REPO, "Rubrics"), *extra]
        for command in commands:
            arguments += ["-c", command]
        return arguments

    def drop(self):
        psql(self.server, "-c", f"DROP SCHEMA IF EXISTS {self.name} CASCADE")


def report(name, ours, baseline, target_ratio=None, note=""):
    line = f"{name:<8} scorebench {ours * 1000:8.0f} ms"
    verdicts = []
    if baseline is not None:
        ratio = ours / baseline
        line += f"   psql {baseline * 1000:8.0f} ms   ratio {ratio:4.2f}x (target <= {target_ratio}x)"
        verdicts.append(ratio <= target_ratio)
    line += f"   {note}" if note else ""
    line += "   " + ("PASS" if all(verdicts) else "FAIL")
    print(line, flush=True)


def bare_table(server, scores):
    """A new bare table of the CSV's columns, logged like ScoreBench's; returns psql's \\copy of the file into it."""
    header = open(scores).readline().strip().split(",")
    columns = ", ".join(f"{column} text" for column in header)
    psql(server, "-c", "DROP TABLE IF EXISTS scorebench_bench_bare", "-c", f"CREATE TABLE scorebench_bench_bare ({columns})")
    return f"\\copy scorebench_bench_bare FROM '{scores}' WITH (FORMAT csv, HEADER true)"


def import_and_query(binary, server, scores, runs, only):
    ours, theirs = [], []
    store = None
    for run in range(runs):
        copy = bare_table(server, scores)
        theirs.append(timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server, "-c", copy]))
        if store:
            store.drop()
        store = Schema(binary, server, "scorebench_bench_import")
        ours.append(timed(store.command(f"import scores {scores} --add-missing"), store.environment))
    if "import" in only:
        report("import", statistics.median(ours), statistics.median(theirs), 1.5, note=f"{runs} runs, medians")
    select = ["psql", "-X", "-q", "-A", "-t", "-d", server, "-o", "/dev/null",
              "-c", "SELECT student, task, rater, criterion, score FROM scorebench_bench_bare"]
    for name in ("irr", "decide"):
        if name not in only:
            continue
        ours, theirs = [], []
        for _ in range(runs):
            theirs.append(timed(select))
            ours.append(timed(store.command(f"{name} --task {TASK}"), store.environment))
        report(name, statistics.median(ours), statistics.median(theirs), 2.0)
    store.drop()
    psql(server, "-c", "DROP TABLE IF EXISTS scorebench_bench_bare")


def shells(binary, server, count=50, reads=200):
    """`count` shells at once, each scoring `reads` students; latency of each `score`."""
    store = Schema(binary, server, "scorebench_bench_shells")
    roster = [f"rater add r-{n}" for n in range(1, count + 1)] + [f"student add s-{n}" for n in range(1, reads + 1)]
    subprocess.run(store.command(*roster), env=store.environment, check=True, stdout=subprocess.DEVNULL)
    processes = [
        subprocess.Popen(store.command(extra=["--as", f"r-{n}"]), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=store.environment)
        for n in range(1, count + 1)
    ]
    latencies = [[] for _ in processes]
    failures = []
    start = threading.Barrier(count)

    def drive(index, process):
        start.wait()
        for student in range(1, reads + 1):
            line = f"score s-{student} {TASK} {LEVELS.format(1 + (student + index) % 4)}\n"
            began = time.perf_counter()
            process.stdin.write(line.encode())
            process.stdin.flush()
            answer = process.stdout.readline().decode()
            latencies[index].append(time.perf_counter() - began)
            if not answer.startswith("recorded:"):
                failures.append(f"r-{index + 1}: {answer.strip() or process.stderr.readline().decode().strip()}")
                return
        process.stdin.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=drive, args=(index, process)) for index, process in enumerate(processes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    for process in processes:
        process.wait()
    stored = int(psql(server, "-A", "-t", "-c", "SELECT count(*) FROM read", schema=store.name).strip())
    every = sorted(value for values in latencies for value in values)

    def percentile(share):
        return every[min(len(every) - 1, int(share * len(every)))] * 1000

    verdict = "PASS" if not failures and stored == count * reads else "FAIL"
    print(f"shells   {count} shells x {reads} reads: {stored:,} of {count * reads:,} stored in {elapsed:.1f} s "
          f"({stored / elapsed:,.0f} reads/s); score latency p50 {percentile(0.50):.1f} ms, "
          f"p99 {percentile(0.99):.1f} ms, max {every[-1] * 1000:.1f} ms   {verdict}", flush=True)
    for failure in failures[:5]:
        print(f"         {failure}", flush=True)
    store.drop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build-release", "release", "scorebench"))
    parser.add_argument("--data", default=os.path.join(REPO, "Benchmarks", "data"))
    parser.add_argument("--server", default="host=/var/run/postgresql dbname=scorebench_bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=["import", "irr", "decide", "shells"])
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    scores = os.path.abspath(os.path.join(args.data, "scores.csv"))
    if not os.path.exists(scores):
        print("generating the statewide data set…", flush=True)
        subprocess.run([sys.executable, os.path.join(REPO, "Benchmarks", "generate_statewide.py"), args.data], check=True)
    database = dict(part.split("=", 1) for part in args.server.split() if "=" in part).get("dbname")
    if database and subprocess.run(["psql", "-X", "-d", args.server, "-c", "SELECT 1"], capture_output=True).returncode != 0:
        subprocess.run(["createdb", database], check=True)
    version = psql(args.server, "-A", "-t", "-c", "SHOW server_version").strip()
    rows = sum(1 for _ in open(scores, "rb")) - 1
    print(f"server: PostgreSQL {version} ({args.server}); data: {scores}, {rows:,} rows; {args.runs} runs each", flush=True)
    if {"import", "irr", "decide"} & set(args.only):
        import_and_query(binary, args.server, scores, args.runs, args.only)
    if "shells" in args.only:
        shells(binary, args.server)


if __name__ == "__main__":
    main()
