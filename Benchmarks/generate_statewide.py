#!/usr/bin/env python3
"""Generate the statewide benchmark data set.

100,000 students x 2 reads x 5 criteria of task ela-skate-park (rubric argumentative-writing)
= 1,000,000 score rows (scores.csv), plus a roster of the students with grade, school and
groups (students.csv). For the proficiency benchmark, more evidence of the same students
(more.csv): task sci-catalase-temperature (2 reads x 5 criteria, competencies SCI.INQ and
SCI.EXP) and the single-read reflection component of stem-portfolio (SDL.REF), so that each
student has evidence for 6 competencies.

Scores are realistic: each student has a latent proficiency, each rater a small severity or
leniency, so reads mostly agree exactly or by one point and a few percent differ by two.
Deterministic: the same seed always writes the same files.

`--students 1000000` writes the ten-million-row set (1,000,000 students x 2 reads x 5
criteria = 10,000,000 score rows, and 14,000,000 rows of more.csv) that bench.py's 10M
figures use, in Benchmarks/data/10m.

usage: generate_statewide.py OUTDIR [--students N] [--seed S]
"""
import argparse
import csv
import os
import random

CRITERIA = ["claim", "evidence", "reasoning", "organization", "conventions"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir")
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--raters", type=int, default=400)
    parser.add_argument("--schools", type=int, default=120)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)

    raters = [f"r-{i:04d}" for i in range(args.raters)]
    severity = {r: rng.gauss(0, 0.25) for r in raters}
    groups = ["ell", "iep", "frl"]

    with open(os.path.join(args.outdir, "students.csv"), "w", newline="") as roster:
        writer = csv.writer(roster, lineterminator="\n")
        writer.writerow(["id", "grade", "school", "groups"])
        for s in range(args.students):
            member = [g for g, p in zip(groups, (0.12, 0.14, 0.45)) if rng.random() < p]
            writer.writerow([f"s-{s:06d}", rng.choice(["9", "10", "11", "12"]), f"sch-{rng.randrange(args.schools):03d}", ";".join(member)])

    base = 1_790_000_000  # 2026-09-21
    with open(os.path.join(args.outdir, "scores.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["student", "task", "rater", "criterion", "score", "scored_at"])
        for s in range(args.students):
            student = f"s-{s:06d}"
            ability = rng.gauss(2.6, 0.8)
            first, second = rng.sample(raters, 2)
            for order, rater in enumerate((first, second)):
                moment = base + s * 20 + order * 86_400 * 3
                stamp = f"{_iso(moment)}"
                for criterion in CRITERIA:
                    value = ability + severity[rater] + rng.gauss(0, 0.45)
                    score = min(4, max(1, int(round(value))))
                    writer.writerow([student, "ela-skate-park", rater, criterion, score, stamp])


    science = ["question", "design", "data", "analysis", "explanation"]
    reflection = ["growth", "self-assessment", "feedback", "goals"]
    with open(os.path.join(args.outdir, "more.csv"), "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["student", "task", "component", "rater", "criterion", "score", "scored_at"])
        for s in range(args.students):
            student = f"s-{s:06d}"
            ability = rng.gauss(2.7, 0.8)
            first, second = rng.sample(raters, 2)
            for order, rater in enumerate((first, second)):
                stamp = _iso(base + 86_400 * 20 + s * 20 + order * 86_400 * 2)
                for criterion in science:
                    score = min(4, max(1, int(round(ability + severity[rater] + rng.gauss(0, 0.45)))))
                    writer.writerow([student, "sci-catalase-temperature", "", rater, criterion, score, stamp])
            stamp = _iso(base + 86_400 * 40 + s * 20)
            for criterion in reflection:
                score = min(4, max(1, int(round(ability + rng.gauss(0, 0.5)))))
                writer.writerow([student, "stem-portfolio", "reflection", first, criterion, score, stamp])


def _iso(seconds):
    import datetime
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    main()
