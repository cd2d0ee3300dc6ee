#!/usr/bin/env python3
"""Builds the demo store behind the README's report screenshots and writes the six reports.

A made-up district, the same every run (seeded): 247 students in five schools, six raters and a
lead. Every student's ela-skate-park and sci-catalase-temperature essays are double-scored over
three weeks (one rater drifts harsh in the third); the raters calibrate on five anchors in session
fall-2026; then a scoring event on ela-community-inquiry runs for three days through the blind
queue, with validity papers, one rater locked out, and a lead's backreads.

The work folder gets the store (demo.sqlite), its content (a copy of TaskBank and Rubrics, where
ela-community-inquiry gets a scoring plan generous with validity papers and argumentative-writing
asks 60% exact agreement instead of 75%), and the pages:
agreement.html, raters.html, calibration.html, equity.html, event.html, dependability.html.
With --screenshots, each page is rendered by headless Chromium into Examples/reports/KIND.png.

usage: Examples/reports/make-demo.py [--binary .build/debug/scorebench] [--work DIR] [--screenshots]
"""
import argparse
import csv
import json
import os
import random
import select
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

SCHOOLS = [("adams", 84, 0.35), ("baker", 72, 0.0), ("carver", 60, -0.2), ("dewey", 24, -0.45), ("evers", 7, 0.1)]
# Severity in score points (higher: harsher); r-fox turns harsh in the third week.
RATERS = {"r-ames": 0.0, "r-baptiste": 0.12, "r-chen": -0.1, "r-diaz": 0.04, "r-evans": -0.04, "r-fox": 0.0}
ARGUMENT = {"claim": -0.15, "evidence": 0.2, "reasoning": 0.3, "organization": -0.1, "conventions": -0.25}
SCIENCE = {"question": -0.2, "design": 0.1, "data": -0.1, "analysis": 0.25, "explanation": 0.3}
RESEARCH = {"question": -0.1, "sources": 0.1, "synthesis": 0.3, "argument": 0.15, "citation": -0.2, "style": -0.1}
WEEK_ONE = 1_790_553_600  # 2026-09-28T00:00:00Z, a Monday
DAY = 86_400

PLAN = """
# Added by Examples/reports/make-demo.py: a plan generous with validity papers, so that a
# three-day demo event shows lock-outs.
scoring:
  validity: 0.25
  backreads: 0.1
  lockout: { after: 4, exact: 0.6, within_one: 0.9 }
  seed: 11
"""


def iso(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def level(value):
    return min(4, max(1, int(round(value))))


class Shell:
    """One scorebench process in batch mode with --format json, a command at a time."""

    def __init__(self, binary, work, now, identity=None):
        arguments = [binary, "--db", "demo.sqlite", "--format", "json"] + (["--as", identity] if identity else [])
        environment = dict(os.environ, SCOREBENCH_NOW=iso(now))
        self.process = subprocess.Popen(arguments, cwd=work, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, bufsize=1)

    def run(self, command):
        """The command's JSON result, or raises with its error."""
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout, self.process.stderr], [], [], 60)
        if self.process.stdout in ready:
            return json.loads(self.process.stdout.readline())
        if self.process.stderr in ready:
            raise RuntimeError(self.process.stderr.readline().strip())
        raise RuntimeError(f"no answer to {command}")

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def batch(binary, work, commands, now=WEEK_ONE + 20 * DAY):
    """Runs commands in one batch shell; every one must succeed."""
    script = os.path.join(work, "setup.sb")
    with open(script, "w") as out:
        out.write("\n".join(commands) + "\n")
    environment = dict(os.environ, SCOREBENCH_NOW=iso(now))
    result = subprocess.run([binary, "--db", "demo.sqlite", "--bail", "-f", "setup.sb"], cwd=work, env=environment,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"make-demo: {result.stderr.strip()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build", "debug", "scorebench"))
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "scorebench-demo"))
    parser.add_argument("--screenshots", action="store_true")
    args = parser.parse_args()
    binary, work = os.path.abspath(args.binary), os.path.abspath(args.work)
    rng = random.Random(2026)

    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(os.path.join(work, "work"))
    shutil.copytree(os.path.join(REPO, "Rubrics"), os.path.join(work, "Rubrics"))
    shutil.copytree(os.path.join(REPO, "TaskBank"), os.path.join(work, "TaskBank"))
    with open(os.path.join(work, "TaskBank", "ela-community-inquiry.yaml"), "a") as task:
        task.write(PLAN)
    # The district asks 60% exact agreement of its argument raters, not the rubric's 75%.
    rubric = os.path.join(work, "Rubrics", "argumentative-writing.yaml")
    with open(rubric) as text:
        content = text.read().replace("  exact: 0.75\n", "  exact: 0.60\n")
    with open(rubric, "w") as text:
        text.write(content)

    # The roster: students with a school, a grade and groups; ability in score points.
    students, ability = [], {}
    for school, count, effect in SCHOOLS:
        for _ in range(count):
            sid = f"s-{len(students) + 1:04d}"
            groups = [g for g, p in (("ell", 0.15), ("iep", 0.12), ("frl", 0.4)) if rng.random() < p]
            students.append((sid, rng.choice(["9", "10", "11", "12"]), school, ";".join(groups)))
            ability[sid] = 2.75 + effect + rng.gauss(0, 0.5)
    school_of = {s[0]: s[2] for s in students}
    with open(os.path.join(work, "students.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "grade", "school", "groups"])
        writer.writerows(students)

    # Double-scoring of two tasks over three weeks.
    def score(rater, sid, difficulty, week):
        severity = RATERS[rater] + (0.8 if rater == "r-fox" and week == 2 else 0)
        # r-chen is lenient with dewey's students only: a rater x school bias.
        if rater == "r-chen" and school_of.get(sid) == "dewey":
            severity -= 0.6
        return level(ability[sid] - severity - difficulty + rng.gauss(0, 0.3))

    with open(os.path.join(work, "scores.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["student", "task", "rater", "criterion", "score", "scored_at"])
        for task, criteria in (("ela-skate-park", ARGUMENT), ("sci-catalase-temperature", SCIENCE)):
            for index, (sid, _, _, _) in enumerate(students):
                week = index % 3
                # In the third week r-fox reads less: the drift shows on r-fox, not on co-raters.
                pool = sorted(RATERS) if week < 2 or rng.random() < 0.25 else sorted(set(RATERS) - {"r-fox"})
                first, second = rng.sample(pool, 2)
                for order, rater in enumerate((first, second)):
                    moment = WEEK_ONE + week * 7 * DAY + (index % 5) * DAY + 9 * 3600 + order * 7200 + index * 60
                    if task == "sci-catalase-temperature":
                        moment += 3600
                    for criterion, difficulty in criteria.items():
                        writer.writerow([sid, task, rater, criterion, score(rater, sid, difficulty, week), iso(moment)])

    setup = ["rater add r-lead --name \"Lee Lead\" --role lead"]
    setup += [f"rater add {rater}" for rater in RATERS]
    setup += ["import students students.csv", "import scores scores.csv"]
    # Calibration: five anchors with master scores, every rater scores each blind, then the lead closes.
    anchors = {f"a-{n:02d}": rng.uniform(1.4, 3.8) for n in range(1, 6)}
    for anchor, quality in anchors.items():
        setup.append(f"student add {anchor}")
        masters = " ".join(f"{c}={level(quality - d)}" for c, d in ARGUMENT.items())
        setup.append(f"anchor add {anchor} ela-skate-park --rater r-lead {masters} --note \"agreed by the scoring committee\"")
    setup += ["as r-lead", "session open fall-2026 --task ela-skate-park", "session anchors fall-2026 " + " ".join(anchors)]
    for rater in sorted(RATERS):
        setup.append(f"as {rater}")
        for anchor, quality in anchors.items():
            noise = 0.45 if rater == "r-fox" else 0.2
            scores = " ".join(f"{c}={level(quality - d - RATERS[rater] * 0.6 + rng.gauss(0, noise))}" for c, d in ARGUMENT.items())
            setup.append(f"score {anchor} ela-skate-park --session fall-2026 {scores}")
    setup += ["as r-lead", "session close fall-2026", "as --nobody"]
    # research-writing requires qualified raters: a short qualifying session on three anchors,
    # each rater one point off on a single score.
    qualifying = {f"q-{n:02d}": rng.uniform(1.6, 3.6) for n in range(1, 4)}
    for anchor, value in qualifying.items():
        setup.append(f"student add {anchor}")
        masters = " ".join(f"{c}={level(value - d)}" for c, d in RESEARCH.items())
        setup.append(f"anchor add {anchor} ela-community-inquiry --rater r-lead {masters}")
    setup += ["as r-lead", "session open inquiry-qualifying --task ela-community-inquiry",
              "session anchors inquiry-qualifying " + " ".join(qualifying)]
    for slot, rater in enumerate(sorted(RATERS)):
        setup.append(f"as {rater}")
        for number, (anchor, value) in enumerate(qualifying.items()):
            given = {c: level(value - d) for c, d in RESEARCH.items()}
            if number == slot % 3:
                off = list(RESEARCH)[slot % len(RESEARCH)]
                given[off] = given[off] + 1 if given[off] < 4 else given[off] - 1
            setup.append(f"score {anchor} ela-community-inquiry --session inquiry-qualifying "
                         + " ".join(f"{c}={v}" for c, v in given.items()))
    setup += ["as r-lead", "session close inquiry-qualifying", "as --nobody"]

    # The event's work: 90 essays and six validity papers, each a text with a sample number
    # only the script can trace back.
    quality = {}
    lines = ["student,task,component,file"]
    for index, (sid, _, _, _) in enumerate(students[:90]):
        name = f"work/e{index + 1:03d}.txt"
        with open(os.path.join(work, name), "w") as essay:
            essay.write(f"Community inquiry paper, sample {index + 1:03d}.\n")
        quality[f"sample {index + 1:03d}"] = ability[sid]
        lines.append(f"{sid},ela-community-inquiry,main,{name}")
    for n in range(1, 7):
        anchor, value = f"v-{n:02d}", rng.uniform(1.5, 3.6)
        name = f"work/v{n}.txt"
        with open(os.path.join(work, name), "w") as essay:
            essay.write(f"Community inquiry paper, sample V{n}.\n")
        quality[f"sample V{n}"] = value
        setup.append(f"student add {anchor}")
        setup.append(f"submission add {anchor} ela-community-inquiry {name}")
        masters = " ".join(f"{c}={level(value - d)}" for c, d in RESEARCH.items())
        setup.append(f"anchor add {anchor} ela-community-inquiry --rater r-lead {masters}")
    with open(os.path.join(work, "submissions.csv"), "w") as out:
        out.write("\n".join(lines) + "\n")
    setup.append("import submissions submissions.csv")
    batch(binary, work, setup)

    # Three days of the event: each rater pulls and scores work; r-fox scores carelessly.
    event_start = WEEK_ONE + 21 * DAY
    for day, per_rater in enumerate((9, 12, 8)):
        for slot, rater in enumerate(sorted(RATERS)):
            shell = Shell(binary, work, event_start + day * DAY + 9 * 3600 + slot * 1800, identity=rater)
            for _ in range(per_rater):
                try:
                    item = shell.run("next --task ela-community-inquiry")
                except RuntimeError:
                    break  # locked out, or nothing left for this rater
                value = quality[item["work"].strip().split(", ")[1].rstrip(".")]
                careless = 1.0 if rater == "r-fox" else 0.2
                scores = " ".join(f"{c}={level(value - d - RATERS[rater] + rng.gauss(0, careless))}" for c, d in RESEARCH.items())
                shell.run(f"score {item['code']} {scores}")
            shell.close()
        lead = Shell(binary, work, event_start + day * DAY + 16 * 3600, identity="r-lead")
        for _ in range(4):
            try:
                item = lead.run("next --backread --task ela-community-inquiry")
                lead.run(f"confirm {item['code']}")
            except RuntimeError:
                break
        lead.close()

    reports = [
        ("agreement", "report agreement --task ela-skate-park"),
        ("raters", "report raters --task ela-skate-park"),
        ("calibration", "report calibration --session fall-2026"),
        ("equity", "report equity --by school --task ela-skate-park"),
        ("event", "report event --task ela-community-inquiry"),
        ("dependability", "report dependability --tasks ela-skate-park,sci-catalase-temperature"),
    ]
    now = event_start + 2 * DAY + 18 * 3600
    for kind, command in reports:
        result = subprocess.run([binary, "--db", "demo.sqlite", "-c", f"{command} --out {kind}.html"], cwd=work,
                                env=dict(os.environ, SCOREBENCH_NOW=iso(now)), capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"make-demo: {command}: {result.stderr.strip()}")
        print(result.stdout.strip())
        if args.screenshots:
            image = os.path.join(HERE, f"{kind}.png")
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            f"--user-data-dir={os.path.join(work, 'chromium')}", f"--screenshot={image}",
                            "--window-size=1100,1400", "file://" + os.path.join(work, f"{kind}.html")],
                           check=True, capture_output=True)
    print(f"pages in {work}")


if __name__ == "__main__":
    main()
