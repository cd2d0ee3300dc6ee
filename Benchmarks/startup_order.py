#!/usr/bin/env python3
"""Writes Sources/scorebench/startup.order: the functions a first command runs, for the linker.

The release link (Package.swift) hands this file to lld's --symbol-ordering-file, which lays
these functions out side by side at the start of the program's code: a first command then
faults in a few dozen pages of code instead of pages scattered over 20 MB (README, start-up).
A function the file names that no longer exists is skipped, and one it does not name is laid
out as before, so a stale file costs only speed; run this again after large changes (and
remove the binary, so that the next build links it anew: SwiftPM does not track the file).

It runs valgrind's callgrind over `--version`, `-c help` and `-c "task list"` (the bank cache
cold, then warm) on an empty store, and lists every function of the binary that ran, the
warm first commands' first.

usage: Benchmarks/startup_order.py [--binary .build-release/release/scorebench]
build: swift build -c release --static-swift-stdlib --scratch-path .build-release --product scorebench
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO, "Sources", "scorebench", "startup.order")


def functions_run(binary, arguments, environment, folder):
    """The mangled names of the binary's functions that ran, most instructions first."""
    profile = os.path.join(folder, "callgrind.out")
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}", binary] + arguments,
        cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    listing = subprocess.run(
        ["callgrind_annotate", "--threshold=100", profile], capture_output=True, text=True, check=True).stdout
    names = []
    pattern = re.compile(r"^\s*[\d,]+ \([\s\d.]+%\)\s+\?\?\?:(\S+) \[" + re.escape(binary) + r"\]$")
    for line in listing.splitlines():
        match = pattern.match(line)
        if match:
            names.append(match.group(1))
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(REPO, ".build-release", "release", "scorebench"))
    args = parser.parse_args()
    for tool in ("valgrind", "callgrind_annotate", "objcopy"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed (apt-get install valgrind binutils)")
    with tempfile.TemporaryDirectory() as folder:
        # valgrind cannot read the debug information of a binary this size; symbols suffice.
        binary = os.path.join(folder, "scorebench")
        subprocess.run(["objcopy", "--strip-debug", os.path.abspath(args.binary), binary], check=True)
        environment = dict(os.environ, SCOREBENCH_CACHE=os.path.join(folder, "cache"), HOME=folder)
        store = ["--db", os.path.join(folder, "store.sqlite")]
        warm = [store + ["-c", "task list"], store + ["-c", "help"], ["--version"]]
        cold = [store + ["-c", "task list"]]
        order = []
        functions_run(binary, store + ["-c", "quit"], environment, folder)  # makes the store, fills the cache
        for arguments in warm:
            order += functions_run(binary, arguments, environment, folder)
        shutil.rmtree(os.path.join(folder, "cache"))
        for arguments in cold:
            order += functions_run(binary, arguments, environment, folder)
    unique = list(dict.fromkeys(order))
    with open(OUTPUT, "w") as file:
        file.write("\n".join(unique) + "\n")
    print(f"{OUTPUT}: {len(unique)} functions")
    # SwiftPM does not know the linker reads the file: only a new link takes it up.
    print(f"to link with it: rm {os.path.realpath(args.binary)}, then build again")


if __name__ == "__main__":
    main()
