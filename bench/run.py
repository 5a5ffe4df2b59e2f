#!/usr/bin/env python3
"""Benchmark process-per-case fault isolation against its physical floor, nextest and libtest.

Builds the bench crate in release, then times, in interleaved rounds:

  isolated        the faults harness over 1000 trivial fault cases, each in its own process
                  (`isolated --test-threads W`, records written to a fresh directory), with
                  TMPDIR (the sandboxes) and the records under the system temp dir
  isolated (tmpfs) the same with TMPDIR and the records on /dev/shm, when it is a tmpfs and
                  the system temp dir is not
  isolated (container) the same cases, each in a Linux container (FAULTS_ISOLATION=container)
  spawn floor     the same harness binary spawned 1000 times bare, W at a time (exits at once)
  nextest         `cargo nextest run --release --test plain --test-threads W` on 1000 plain
                  `#[test]`s, as is: cargo's up-to-date check included
  nextest (reuse) the same tests through `cargo nextest run --binaries-metadata ...
                  --cargo-metadata ...`: nextest without the cargo build step
  libtest         the 1000 plain `#[test]`s in-process (`plain --test-threads W`)

Before each timed sample the driver waits (up to --settle seconds) for the machine to be idle,
so another process's work, or the kernel finishing the previous sample's deletions, does not
land in the measurement.

Usage: python3 bench/run.py [--runs N] [--workers W] [--settle S] [--check-targets]

Exits 1 when a step fails (a build, a run, a missing `1000 passed`, missing records), and with
--check-targets also when a target ratio is missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
CASES = 1000
TARGET_ISOLATED_OVER_FLOOR = 1.3
TARGET_NEXTEST_OVER_ISOLATED = 4.0
# A container isolates far more than nextest's process per test, and may cost up to twice it.
TARGET_CONTAINER_OVER_NEXTEST = 2.0


class StepFailed(Exception):
    """A build or run did not do what the benchmark needs."""


def base_env() -> dict[str, str]:
    """The environment of every command: the caller's, minus anything that would steer a run."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FAULTS_", "NEXTEST_", "CARGO_TARGET_DIR"))
    }
    env["CARGO_TARGET_DIR"] = str(BENCH_DIR / "target")
    env["CARGO_TERM_COLOR"] = "never"
    return env


def tail(path: Path, lines: int = 20) -> str:
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def cargo_json(args: list[str], log: Path) -> list[dict]:
    """Runs a cargo command with `--message-format=json` and returns its messages."""
    with open(log, "w") as err:
        proc = subprocess.run(
            ["cargo", *args, "--message-format=json"],
            cwd=BENCH_DIR,
            env=base_env(),
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    if proc.returncode != 0:
        raise StepFailed(f"`cargo {' '.join(args)}` failed:\n{tail(log)}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def executables(messages: list[dict], *, test: bool) -> dict[str, str]:
    """Maps target name to executable for the artifacts of this package."""
    found = {}
    for msg in messages:
        if msg.get("reason") != "compiler-artifact" or not msg.get("executable"):
            continue
        if "faults-bench" not in msg.get("package_id", ""):
            continue
        if bool(msg["profile"]["test"]) != test:
            continue
        found[msg["target"]["name"]] = msg["executable"]
    return found


def build(work: Path) -> dict[str, object]:
    print("building (release)...", flush=True)
    bins = executables(
        cargo_json(["build", "--release", "--bin", "spawn-floor"], work / "build-bin.log"),
        test=False,
    )
    tests = executables(
        cargo_json(["test", "--release", "--no-run"], work / "build-test.log"), test=True
    )
    try:
        paths = {
            "spawn_floor": bins["spawn-floor"],
            "isolated": tests["isolated"],
            "plain": tests["plain"],
        }
    except KeyError as missing:
        raise StepFailed(f"cargo did not report the executable of target {missing}") from None

    # What `cargo nextest run` needs to run without invoking cargo: the binaries list and the
    # cargo metadata, as a reused build.
    binaries = work / "nextest-binaries.json"
    metadata = work / "cargo-metadata.json"
    for argv, out in (
        (
            ["cargo", "nextest", "list", "--release", "--test", "plain",
             "--list-type", "binaries-only", "--message-format", "json"],
            binaries,
        ),
        (["cargo", "metadata", "--format-version", "1"], metadata),
    ):
        log = work / (out.stem + ".log")
        with open(out, "w") as stdout, open(log, "w") as stderr:
            rc = subprocess.run(argv, cwd=BENCH_DIR, env=base_env(), stdout=stdout,
                                stderr=stderr).returncode
        if rc != 0:
            raise StepFailed(f"`{' '.join(argv)}` failed:\n{tail(log)}")
    paths["nextest_binaries"] = str(binaries)
    paths["cargo_metadata"] = str(metadata)
    return paths


BUSY_STARTS = 0


def proc_stat_busy() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs, or None where /proc/stat is missing."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    total = sum(fields[:8])
    return total - idle, total


def settle(max_wait: float) -> None:
    """Waits until the machine has been idle (under 10% busy) for a quarter second, at most
    `max_wait` seconds; counts samples that had to start on a busy machine."""
    global BUSY_STARTS
    if max_wait <= 0:
        return
    deadline = time.monotonic() + max_wait
    while True:
        a = proc_stat_busy()
        time.sleep(0.25)
        b = proc_stat_busy()
        if a is None or b is None:
            return
        busy = (b[0] - a[0]) / max(1, b[1] - a[1])
        if busy < 0.10:
            return
        if time.monotonic() >= deadline:
            BUSY_STARTS += 1
            return


def timed(argv: list[str], log: Path, env: dict[str, str]) -> tuple[float, int]:
    """Runs `argv` with stdout and stderr to `log`; returns (elapsed ms, exit code). The CPU
    time of the run and its descendants goes to `LAST_CPU_MS`."""
    global LAST_CPU_MS
    with open(log, "wb") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        rc = subprocess.run(argv, cwd=BENCH_DIR, env=env, stdin=subprocess.DEVNULL,
                            stdout=out, stderr=subprocess.STDOUT).returncode
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU_MS = 1000.0 * ((after.ru_utime - before.ru_utime)
                            + (after.ru_stime - before.ru_stime))
    return elapsed * 1000.0, rc


LAST_CPU_MS = 0.0


def expect_libtest_ok(log: Path, what: str) -> None:
    text = log.read_text(errors="replace")
    if f"test result: ok. {CASES} passed" not in text:
        raise StepFailed(f"{what}: no `test result: ok. {CASES} passed` line:\n{tail(log)}")


# Records of earlier samples stay on disk until every measurement is done, as a user's earlier
# runs stay in target/faults. Deleting 1000 files right before the next sample would make that
# sample pay for the deletion (ext4 without a journal skips recently freed inodes when it
# allocates new ones), a cost no real run has.
DEFERRED_CLEANUP: list[Path] = []


def make_run_isolated(base: Path | None, container: bool = False):
    """The isolated measurement with TMPDIR and records in a fresh directory under `base`
    (the system temp dir when None); every case in a container when `container`."""

    def run_isolated(paths, workers: int, work: Path) -> float:
        scratch = Path(tempfile.mkdtemp(prefix="faults-bench-iso-", dir=base))
        tmp = scratch / "tmp"
        records = scratch / "records"
        tmp.mkdir()
        env = base_env()
        env["TMPDIR"] = str(tmp)
        env["FAULTS_RECORDS_DIR"] = str(records)
        if container:
            env["FAULTS_ISOLATION"] = "container"
        log = work / "isolated.log"
        try:
            ms, rc = timed([paths["isolated"], "--test-threads", str(workers)], log, env)
            if rc != 0:
                raise StepFailed(f"isolated harness exited {rc}:\n{tail(log)}")
            expect_libtest_ok(log, "isolated harness")
            written = [p for p in records.iterdir() if p.suffix == ".json" and p.is_file()]
            if len(written) != CASES:
                raise StepFailed(
                    f"isolated harness wrote {len(written)} records, expected {CASES}")
            left = list(tmp.iterdir())
            if left:
                raise StepFailed(f"isolated harness left {len(left)} entries in TMPDIR {tmp}")
        finally:
            DEFERRED_CLEANUP.append(scratch)
        return ms

    return run_isolated


def run_spawn_floor(paths, workers: int, work: Path) -> float:
    log = work / "spawn-floor.log"
    argv = [paths["spawn_floor"], paths["isolated"], str(CASES), str(workers)]
    ms, rc = timed(argv, log, base_env())
    if rc != 0:
        raise StepFailed(f"spawn-floor exited {rc}:\n{tail(log)}")
    return ms


def nextest_checked(argv: list[str], log: Path, what: str) -> float:
    """Times a nextest run; a run that had to recompile (the sources changed under the
    benchmark) is rebuilt untimed and measured again."""
    for _attempt in range(3):
        ms, rc = timed(argv, log, base_env())
        text = log.read_text(errors="replace")
        if rc != 0:
            raise StepFailed(f"{what} exited {rc}:\n{tail(log)}")
        if f"{CASES} tests run: {CASES} passed" not in text:
            raise StepFailed(f"{what}: no `{CASES} tests run: {CASES} passed` line:\n{tail(log)}")
        if "Compiling " not in text:
            return ms
        print(f"  ({what} recompiled: sources changed; measuring again)", flush=True)
    raise StepFailed(f"{what} recompiled on every attempt: sources keep changing")


def run_nextest(paths, workers: int, work: Path) -> float:
    argv = ["cargo", "nextest", "run", "--release", "--test", "plain",
            "--test-threads", str(workers)]
    return nextest_checked(argv, work / "nextest.log", "cargo nextest run")


def run_nextest_reuse(paths, workers: int, work: Path) -> float:
    argv = ["cargo", "nextest", "run",
            "--binaries-metadata", paths["nextest_binaries"],
            "--cargo-metadata", paths["cargo_metadata"],
            "--test-threads", str(workers)]
    return nextest_checked(argv, work / "nextest-reuse.log", "cargo nextest run (reused build)")


def run_libtest(paths, workers: int, work: Path) -> float:
    log = work / "libtest.log"
    ms, rc = timed([paths["plain"], "--test-threads", str(workers)], log, base_env())
    if rc != 0:
        raise StepFailed(f"libtest binary exited {rc}:\n{tail(log)}")
    expect_libtest_ok(log, "libtest binary")
    return ms


def fs_type(path: Path) -> str:
    """The filesystem type `path` lives on, from /proc/mounts ("?" elsewhere)."""
    try:
        mounts = [line.split()[1:3] for line in open("/proc/mounts")]
    except OSError:
        return "?"
    real = str(path.resolve())
    best, kind = "", "?"
    for mount, fstype in mounts:
        mount = mount.replace("\\040", " ")
        inside = real == mount or real.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) > len(best):
            best, kind = mount, fstype
    return kind


def file_creation_us(base: Path | None, files: int = 200) -> float:
    """Microseconds to create and write one small file in a fresh directory under `base`: what
    each record costs the filesystem. The files stay until the end (see DEFERRED_CLEANUP)."""
    scratch = Path(tempfile.mkdtemp(prefix="faults-bench-probe-", dir=base))
    DEFERRED_CLEANUP.append(scratch)
    payload = b"x" * 2048
    start = time.perf_counter()
    for n in range(files):
        (scratch / f"{n}.json").write_bytes(payload)
    return (time.perf_counter() - start) * 1e6 / files


def probe_filesystems() -> str:
    """One line of file-creation costs, and a warning when the system temp dir's is inflated."""
    system_tmp = Path(tempfile.gettempdir())
    tmp_us = file_creation_us(None)
    line = f"file creation: {system_tmp} {tmp_us:.0f} us/file"
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and fs_type(shm) == "tmpfs":
        shm_us = file_creation_us(shm)
        line += f", /dev/shm {shm_us:.0f} us/file"
        if tmp_us > 4 * shm_us and tmp_us > 60:
            line += (f"\nnote: creating a file on {system_tmp} is slow right now (ext4 without a "
                     "journal skips inodes freed in the last few minutes, so mass deletions "
                     "shortly before make every new file dearer); the isolated row pays it per "
                     "record: rerun after a few idle minutes")
    return line


def measurements() -> list[tuple[str, str, object]]:
    system_tmp = Path(tempfile.gettempdir())
    rows = [("isolated", f"faults harness, process per case; TMPDIR on {system_tmp} "
             f"({fs_type(system_tmp)})", make_run_isolated(None))]
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and fs_type(shm) == "tmpfs" \
            and fs_type(system_tmp) != "tmpfs":
        rows.append(("isolated (tmpfs)", "the same; TMPDIR and records on /dev/shm (tmpfs)",
                     make_run_isolated(shm)))
    rows.append(("isolated (container)", "the same cases, each in a container "
                 "(FAULTS_ISOLATION=container)", make_run_isolated(None, container=True)))
    rows += [
        ("spawn floor", "the harness binary spawned bare", run_spawn_floor),
        ("nextest", "cargo nextest run (cargo's up-to-date check included)", run_nextest),
        ("nextest (reuse)", "cargo nextest run on the reused build (no cargo build step)",
         run_nextest_reuse),
        ("libtest", "plain tests in-process (test binary run directly)", run_libtest),
    ]
    return rows


def version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, env=base_env()).stdout
        return out.splitlines()[0].strip() if out else "?"
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--workers", type=int, default=2, help="concurrent workers (threads)")
    parser.add_argument("--settle", type=float, default=20.0,
                        help="seconds to wait at most for an idle machine before each sample "
                             "(0: do not wait)")
    parser.add_argument("--check-targets", action="store_true",
                        help="exit 1 when a target ratio is missed")
    args = parser.parse_args()
    if args.runs < 1 or args.workers < 1:
        parser.error("--runs and --workers must be at least 1")

    rows = measurements()
    samples: dict[str, list[float]] = {name: [] for name, _, _ in rows}
    cpu: dict[str, list[float]] = {name: [] for name, _, _ in rows}
    work = Path(tempfile.mkdtemp(prefix="faults-bench-"))
    try:
        paths = build(work)
        probe_before = probe_filesystems()
        print("warming up (one untimed run of each)...", flush=True)
        for _name, _desc, fn in rows:
            fn(paths, args.workers, work)
        for i in range(args.runs):
            print(f"round {i + 1}/{args.runs}", flush=True)
            for name, _desc, fn in rows:
                settle(args.settle)
                samples[name].append(fn(paths, args.workers, work))
                cpu[name].append(LAST_CPU_MS)
        probe_after = probe_filesystems()
    except StepFailed as err:
        print(f"error: {err}", file=sys.stderr)
        print(f"(logs kept in {work})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted (logs kept in {work})", file=sys.stderr)
        return 130
    finally:
        for scratch in DEFERRED_CLEANUP:
            shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in samples.items()}
    low = {k: min(v) for k, v in samples.items()}
    cpu_med = {k: statistics.median(v) for k, v in cpu.items()}

    print()
    print(f"date: {datetime.date.today().isoformat()}  cpus: {os.cpu_count()}  "
          f"load avg at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{platform.system()} {platform.release()}; {version(['rustc', '--version'])}; "
          f"{version(['cargo', 'nextest', '--version'])}")
    print(f"{CASES} cases, {args.workers} workers, {args.runs} runs each (release build)")
    print(f"before: {probe_before}")
    print(f"after:  {probe_after}")
    if BUSY_STARTS:
        print(f"note: {BUSY_STARTS} samples started while the machine was busy "
              f"(not idle within {args.settle:g} s)")
    print()
    print("| measurement | what | median ms | min ms | median ms/case | min ms/case "
          "| CPU ms/case |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, desc, _ in rows:
        print(f"| {name} | {desc} | {med[name]:.1f} | {low[name]:.1f} "
              f"| {med[name] / CASES:.3f} | {low[name] / CASES:.3f} "
              f"| {cpu_med[name] / CASES:.3f} |")
    print()

    isolated_rows = [name for name, _, _ in rows
                     if name.startswith("isolated") and name != "isolated (container)"]
    ratios = []
    for iso in isolated_rows:
        primary = iso == "isolated"
        ratios += [
            (f"{iso} / spawn floor", iso, "spawn floor", "<=", TARGET_ISOLATED_OVER_FLOOR,
             primary),
            (f"nextest / {iso}", "nextest", iso, ">=", TARGET_NEXTEST_OVER_ISOLATED, primary),
            (f"nextest (reuse) / {iso}", "nextest (reuse)", iso, ">=",
             TARGET_NEXTEST_OVER_ISOLATED, False),
        ]
    ratios += [
        ("isolated (container) / nextest", "isolated (container)", "nextest", "<=",
         TARGET_CONTAINER_OVER_NEXTEST, True),
        ("isolated (container) / nextest (reuse)", "isolated (container)", "nextest (reuse)",
         "<=", TARGET_CONTAINER_OVER_NEXTEST, False),
        ("isolated (container) / isolated", "isolated (container)", "isolated", None, None,
         False),
        ("isolated / libtest", "isolated", "libtest", None, None, False),
    ]

    missed = False
    print("| ratio | median | min/min | target |")
    print("|---|---:|---:|---|")
    for label, num, den, op, target, checked in ratios:
        r_med = med[num] / med[den]
        r_min = low[num] / low[den]
        if op is None:
            verdict = "(reference)"
        else:
            met = r_med <= target if op == "<=" else r_med >= target
            missed |= checked and not met
            verdict = f"{op} {target:g}: {'met' if met else 'missed'}"
        print(f"| {label} | {r_med:.2f} | {r_min:.2f} | {verdict} |")

    return 1 if (missed and args.check_targets) else 0


if __name__ == "__main__":
    sys.exit(main())
