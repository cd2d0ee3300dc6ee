#!/usr/bin/env bash
# Builds scorebench in release mode and prints the statewide benchmark figures.
# usage: Benchmarks/run.sh [--runs N] [--only import help irr decide]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-release --product scorebench >&2
exec python3 Benchmarks/bench.py --binary .build-release/release/scorebench "$@"
