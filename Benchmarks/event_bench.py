#!/usr/bin/env python3
"""A statewide scoring event at scale (issue 11): 100,000 stored essays, the queue, and progress.

Figures:
  sqlite   one rater's shell asking `next` and answering `score @CODE …`, --rounds round trips
           on a SQLite store of 100,000 submissions; latency of each round trip, from `next`
           written to the score's acknowledgement (target: p99 < 20 ms)
  server   the same event on a PostgreSQL server, 50 raters' shells scoring at once, each
           reading for --think seconds on average (0.5x to 1.5x, drawn from a fixed seed)
           between essays (target: p99 < 50 ms), every read stored and no component
           over-read; then, as a stress figure, the 50 shells with no pause at all
  status   `event status --task` on each store once the round trips are done (target: < 1 s)

The event: task ela-skate-park (two independent reads each, the default plan: 5% validity
papers, 30-minute leases), 100,000 students at 120 schools, 60 raters at those schools, and
20 anchors with master reads, served as validity papers. Every rater scores as the masters
do, so nobody is locked out. The work files are generated once under --data/event.

usage: event_bench.py [--binary .build-release/release/scorebench] [--data Benchmarks/data]
                      [--server "host=/var/run/postgresql dbname=scorebench_bench"]
                      [--submissions 100000] [--rounds 500] [--only sqlite server]
"""
import argparse
import json
import os
import random
import selectors
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASK = "ela-skate-park"
LEVELS = "claim=3 evidence=3 reasoning=3 organization=3 conventions=3"
SCHOOLS = 120
RATERS = 60
ANCHORS = 20


def make_event(folder, submissions):
    """The roster, the submissions CSV and its files, and the set-up script; once."""
    setup = os.path.join(folder, "setup.sb")
    marker = os.path.join(folder, f"made-{submissions}")
    if os.path.exists(marker):
        return setup
    work = os.path.join(folder, "work")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(folder, "students.csv"), "w") as roster, open(os.path.join(folder, "submissions.csv"), "w") as csv:
        roster.write("id,grade,school\n")
        csv.write("student,task,file\n")
        for index in range(submissions + ANCHORS):
            student = f"s-{index:06d}" if index < submissions else f"a-{index - submissions:02d}"
            roster.write(f"{student},10,school-{index % SCHOOLS:03d}\n")
            name = os.path.join("work", f"{student}.txt")
            with open(os.path.join(folder, name), "w") as text:
                text.write(f"Essay {index}. The town should build the skate park, because the sources show it is used.\n")
            csv.write(f"{student},{TASK},{name}\n")
    lines = ["rater add lead-1 --role lead"]
    lines += [f"rater add r-{n:02d} --school school-{n % SCHOOLS:03d}" for n in range(1, RATERS + 1)]
    lines += ["import students students.csv", "import submissions submissions.csv"]
    lines += [f"anchor add a-{n:02d} {TASK} --rater lead-1 {LEVELS}" for n in range(ANCHORS)]
    with open(setup, "w") as script:
        script.write("\n".join(lines) + "\n")
    open(marker, "w").close()
    return setup


class Shell:
    """One rater's interactive-less shell on a pipe: a command in, one line out (JSON)."""

    def __init__(self, command, environment, folder):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=environment, cwd=folder)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ, "out")
        self.selector.register(self.process.stderr, selectors.EVENT_READ, "err")

    def ask(self, line):
        """Sends a command; returns ("out" or "err", the first line it printed)."""
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()
        while True:
            for key, _ in self.selector.select(timeout=60):
                return key.data, key.fileobj.readline().decode().strip()
            raise TimeoutError(f"no answer to {line!r} within 60 s")

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def score_rounds(shell, rounds, latencies, failures, name, think=0.0, chooser=None):
    """`rounds` next+score round trips; between them the rater "reads" for about `think` seconds."""
    for _ in range(rounds):
        if think:
            time.sleep(chooser.uniform(0.5 * think, 1.5 * think))
        began = time.perf_counter()
        stream, answer = shell.ask(f"next --task {TASK}")
        if stream != "out":
            failures.append(f"{name}: {answer}")
            return
        code = json.loads(answer)["code"]
        stream, answer = shell.ask(f"score {code} {LEVELS}")
        latencies.append(time.perf_counter() - began)
        if stream != "out":
            failures.append(f"{name}: {answer}")
            return


def summary(label, latencies, target_ms, extra=""):
    every = sorted(latencies)
    if not every:
        print(f"{label:<8} no round trips   FAIL", flush=True)
        return
    p99 = every[min(len(every) - 1, int(0.99 * len(every)))] * 1000
    p50 = every[len(every) // 2] * 1000
    verdict = "PASS" if p99 < target_ms else "FAIL"
    print(f"{label:<8} {len(every):,} next+score round trips: p50 {p50:.1f} ms, p99 {p99:.1f} ms (target < {target_ms} ms), "
          f"max {every[-1] * 1000:.1f} ms{extra}   {verdict}", flush=True)


def status(command, environment, folder, label):
    began = time.perf_counter()
    result = subprocess.run(command, capture_output=True, env=environment, cwd=folder)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"event status failed: {result.stderr.decode()}")
    figures = json.loads(result.stdout)
    print(f"{label:<8} event status --task: {elapsed * 1000:.0f} ms (target < 1000 ms)   "
          f"{'PASS' if elapsed < 1 else 'FAIL'}   [{figures['submissions']:,} submissions, "
          f"{figures['read_once']:,} read once, {figures['read_twice']:,} read twice]", flush=True)
    return figures


def base(binary, db, folder):
    return [binary, "--db", db, "--bank", os.path.join(REPO, "TaskBank"), "--rubrics", os.path.join(REPO, "Rubrics")]


def run_sqlite(binary, folder, setup, rounds):
    db = os.path.join(folder, "event.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    began = time.perf_counter()
    subprocess.run(base(binary, db, folder) + ["-f", setup], check=True, cwd=folder, stdout=subprocess.DEVNULL)
    print(f"sqlite   set-up (roster, {count_rows(folder):,} submissions, anchors): {time.perf_counter() - began:.1f} s", flush=True)
    shell = Shell(base(binary, db, folder) + ["--as", "r-01", "--format", "json"], None, folder)
    latencies, failures = [], []
    score_rounds(shell, rounds, latencies, failures, "r-01")
    shell.close()
    summary("sqlite", latencies, 20)
    for failure in failures:
        print(f"         {failure}")
    status(base(binary, db, folder) + ["--format", "json", "-c", f"event status --task {TASK}"], None, folder, "sqlite")


def count_rows(folder):
    return sum(1 for _ in open(os.path.join(folder, "submissions.csv"))) - 1 - ANCHORS


def run_server(binary, server, folder, setup, rounds, think, shells=50):
    schema = "scorebench_bench_event"
    subprocess.run(["psql", "-X", "-q", "-d", server, "-c", "SET client_min_messages = warning", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE", "-c", f"CREATE SCHEMA {schema}"],
                   check=True)
    environment = dict(os.environ, PGOPTIONS=f"-c search_path={schema}")
    command = base(binary, server, folder)
    subprocess.run(command + ["-c", "server init"], check=True, env=environment, cwd=folder, stdout=subprocess.DEVNULL)
    began = time.perf_counter()
    subprocess.run(command + ["-f", setup], check=True, env=environment, cwd=folder, stdout=subprocess.DEVNULL)
    print(f"server   set-up (roster, {count_rows(folder):,} submissions, anchors): {time.perf_counter() - began:.1f} s", flush=True)
    each = max(1, rounds * 4 // shells)
    for pause in (think, 0.0):
        latencies, failures, elapsed = drive_shells(command, environment, folder, shells, each, pause)
        over = subprocess.run(
            ["psql", "-X", "-A", "-t", "-d", server, "-c",
             f"SELECT count(*) FROM (SELECT 1 FROM {schema}.current_read r JOIN {schema}.submission s USING (task, component, student) "
             f"WHERE r.kind = 'read' GROUP BY r.task, r.component, r.student, s.planned_reads HAVING count(*) > s.planned_reads) x"],
            capture_output=True, check=True).stdout.decode().strip()
        label = f"{shells} shells at once, each pausing {pause:g} s on average" if pause else f"stress: {shells} shells with no pause"
        summary("server", latencies, 50, extra=f"; {label}, {len(latencies) / elapsed:,.0f} round trips/s, components over-read: {over}")
        for failure in failures[:5]:
            print(f"         {failure}")
    status(command + ["--format", "json", "-c", f"event status --task {TASK}"], environment, folder, "server")
    subprocess.run(["psql", "-X", "-q", "-d", server, "-c", "SET client_min_messages = warning", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], check=True)


def drive_shells(command, environment, folder, shells, each, think):
    """`shells` raters' shells at once, `each` round trips apiece; returns latencies, failures, seconds."""
    raters = [f"r-{n:02d}" for n in range(1, shells + 1)]
    latencies, failures = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(shells)

    def drive(index, rater):
        shell = Shell(command + ["--as", rater, "--format", "json"], environment, folder)
        mine = []
        barrier.wait()
        chooser = random.Random(index)
        # Raters arrive over one pause, not all in the same millisecond: the figure is the steady
        # state of 50 people scoring, not 50 requests fired at once (the stress run is that).
        time.sleep(chooser.uniform(0, think))
        score_rounds(shell, each, mine, failures, rater, think, chooser)
        shell.close()
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=drive, args=(index, rater)) for index, rater in enumerate(raters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build-release", "release", "scorebench"))
    parser.add_argument("--data", default=os.path.join(REPO, "Benchmarks", "data"))
    parser.add_argument("--server", default="host=/var/run/postgresql dbname=scorebench_bench")
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--think", type=float, default=1.0, help="a server rater's mean pause between essays, in seconds")
    parser.add_argument("--only", nargs="*", default=["sqlite", "server"])
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    folder = os.path.abspath(os.path.join(args.data, "event"))
    os.makedirs(folder, exist_ok=True)
    setup = make_event(folder, args.submissions)
    if "sqlite" in args.only:
        run_sqlite(binary, folder, setup, args.rounds)
    if "server" in args.only:
        database = dict(part.split("=", 1) for part in args.server.split() if "=" in part).get("dbname")
        if database and subprocess.run(["psql", "-X", "-d", args.server, "-c", "SELECT 1"], capture_output=True).returncode != 0:
            subprocess.run(["createdb", database], check=True)
        run_server(binary, args.server, folder, setup, args.rounds, args.think)


if __name__ == "__main__":
    main()
