#!/usr/bin/env bash
# Builds scorebench as it ships (release, Swift runtime and Foundation linked in) and prints the
# statewide benchmark figures.
# usage: Benchmarks/run.sh [--runs N] [--only import help irr decide]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --scratch-path .build-release --product scorebench >&2
exec python3 Benchmarks/bench.py --binary .build-release/release/scorebench "$@"
