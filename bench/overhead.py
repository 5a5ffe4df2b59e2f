#!/usr/bin/env python3
"""What `cargo faults` adds on top of running a fault harness directly, with a warm build.

Times, in one run and interleaved: the toolforge fault harness run directly (records written),
`cargo faults -p toolforge` (installed-style release binary: discovery, build check, handshake,
run, table, summary.json), and the two cargo invocations cargo faults makes, alone. Prints
medians and the overhead; the target is under 100 ms.

    python3 bench/overhead.py [--runs 21]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0


def sh(argv, **kwargs):
    return subprocess.run(argv, cwd=ROOT, check=True, **kwargs)


def harness_binary() -> str:
    out = sh(["cargo", "test", "--no-run", "-p", "toolforge", "--test", "faults",
              "--message-format=json"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "faults":
            return message["executable"]
    sys.exit("error: cargo did not report the toolforge fault harness")


def timed(argv, env, expect=0) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    elapsed = (time.perf_counter() - start) * 1000.0
    if result.returncode != expect:
        sys.exit(f"error: {' '.join(argv)} exited {result.returncode}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    print("building (cargo-faults in release, the toolforge harness warm)...", flush=True)
    sh(["cargo", "build", "--quiet", "--release", "-p", "cargo-faults"])
    harness = harness_binary()
    cargo_faults = str(ROOT / "target" / "release" / "cargo-faults")
    env = dict(os.environ)
    env["CARGO"] = subprocess.run(["rustup", "which", "cargo"], capture_output=True,
                                  text=True).stdout.strip() or "cargo"
    env.pop("FAULTS_RUN_ID", None)
    # Warm cargo faults' own view of the build (its feature set for -p toolforge).
    timed([cargo_faults, "faults", "-p", "toolforge"], env)

    measures = {
        "harness run directly": lambda records: [harness],
        "cargo faults -p toolforge": lambda records: [
            cargo_faults, "faults", "-p", "toolforge", "--records-dir", records],
        "  cargo metadata --no-deps": lambda records: [
            env["CARGO"], "metadata", "--no-deps", "--format-version", "1"],
        "  cargo test --no-run -p toolforge": lambda records: [
            env["CARGO"], "test", "--no-run", "-p", "toolforge",
            "--message-format=json-render-diagnostics"],
    }
    samples = {name: [] for name in measures}
    with tempfile.TemporaryDirectory(prefix="faults-overhead-") as scratch:
        for i in range(args.runs):
            for name, argv in measures.items():
                records = os.path.join(scratch, f"{i}-{len(samples[name])}")
                run_env = dict(env, FAULTS_RECORDS_DIR=records)
                samples[name].append(timed(argv(records), run_env))

    med = {name: statistics.median(v) for name, v in samples.items()}
    print(f"\n{args.runs} runs each, interleaved; medians\n")
    print("| measurement | median ms | min ms |\n|---|---:|---:|")
    for name, values in samples.items():
        print(f"| {name} | {med[name]:.1f} | {min(values):.1f} |")
    overhead = med["cargo faults -p toolforge"] - med["harness run directly"]
    verdict = "met" if overhead < TARGET_MS else "missed"
    print(f"\noverhead of cargo faults: {overhead:.1f} ms (target < {TARGET_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
