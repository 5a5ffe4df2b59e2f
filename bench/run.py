#!/usr/bin/env python3
"""Benchmark process-per-case fault isolation against its physical floor, nextest and libtest.

Builds the bench crate in release, then times, in interleaved rounds:

  isolated        the faults harness over 1000 trivial fault cases, each in its own process
                  forked from a fork server (`isolated --test-threads W`, records written to
                  a fresh directory), with TMPDIR (the sandboxes) and the records under the
                  system temp dir
  isolated (exec) the same, each case process exec'd from the harness binary
                  (FAULTS_SPAWN=exec)
  isolated (tmpfs) the same with TMPDIR and the records on /dev/shm, when it is a tmpfs and
                  the system temp dir is not
  isolated + control the same cases, each with a control run (`control = healthy`): the
                  harness `controlled`; a control may double a case at most
  isolated (container) the same cases, each in a Linux container (FAULTS_ISOLATION=container)
  in-process      the same cases with `isolation = "none"`, inside the harness process, the
                  records on /dev/shm (the system temp dir where it is no tmpfs)
  spawn floor     the same harness binary spawned 1000 times bare, W at a time (exits at once)
  fork floor      1000 forks of a single-threaded process, each child exiting at once, from W
                  helpers: what a fork server's case process costs at least
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
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (BENCH_DIR, StepFailed, Timed, base_env, cargo_json, executables, fs_type,
                    record_files, settle, tail, timed, version, writable_tmpfs)

CASES = 1000
# A case forked from the fork server costs well under a bare spawn of the harness binary.
TARGET_ISOLATED_OVER_FLOOR = 0.6
# An exec'd case process costs little more than the bare spawn.
TARGET_EXEC_OVER_FLOOR = 1.3
TARGET_NEXTEST_OVER_ISOLATED = 8.0
# An in-process case: at most 10 µs, and less than a plain libtest test.
TARGET_IN_PROCESS_MS_PER_CASE = 0.010
TARGET_IN_PROCESS_OVER_LIBTEST = 1.0
# The size of one of the benchmark's in-process records, for the record floor.
RECORD_BYTES = 1700
# A container isolates far more than nextest's process per test, and may cost up to twice it.
TARGET_CONTAINER_OVER_NEXTEST = 2.0
# A control run doubles a case at most: the case with its control, against the case alone.
TARGET_CONTROL_OVER_ISOLATED = 2.1


def build(work: Path) -> dict[str, object]:
    print("building (release)...", flush=True)
    bins = executables(
        cargo_json(["build", "--release", "--bin", "spawn-floor", "--bin", "fork-floor",
                    "--bin", "record-floor"],
                   work / "build-bin.log"),
        test=False,
    )
    tests = executables(
        cargo_json(["test", "--release", "--no-run"], work / "build-test.log"), test=True
    )
    try:
        paths = {
            "spawn_floor": bins["spawn-floor"],
            "fork_floor": bins["fork-floor"],
            "record_floor": bins["record-floor"],
            "isolated": tests["isolated"],
            "controlled": tests["controlled"],
            "in_process": tests["in_process"],
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


def expect_libtest_ok(log: Path, what: str, cases: int = CASES) -> None:
    text = log.read_text(errors="replace")
    if f"test result: ok. {cases} passed" not in text:
        raise StepFailed(f"{what}: no `test result: ok. {cases} passed` line:\n{tail(log)}")


# Records of earlier samples stay on disk until every measurement is done, as a user's earlier
# runs stay in target/faults. Deleting 1000 files right before the next sample would make that
# sample pay for the deletion (ext4 without a journal skips recently freed inodes when it
# allocates new ones), a cost no real run has.
DEFERRED_CLEANUP: list[Path] = []


def make_run_isolated(base: Path | None, container: bool = False, harness: str = "isolated",
                      spawn: str | None = None, only: str | None = None):
    """The isolated measurement with TMPDIR and records in a fresh directory under `base`
    (the system temp dir when None); every case in a container when `container`; `harness`
    names the build's harness to run (`controlled`: every case with a control run;
    `in_process`: every case inside the harness); `spawn` sets FAULTS_SPAWN; `only` runs just
    the case with that id (what a run costs whatever its cases)."""

    def run_isolated(paths, workers: int, work: Path) -> Timed:
        scratch = Path(tempfile.mkdtemp(prefix="faults-bench-iso-", dir=base))
        tmp = scratch / "tmp"
        records = scratch / "records"
        tmp.mkdir()
        env = base_env()
        env["TMPDIR"] = str(tmp)
        env["FAULTS_RECORDS_DIR"] = str(records)
        if container:
            env["FAULTS_ISOLATION"] = "container"
        if spawn:
            env["FAULTS_SPAWN"] = spawn
        log = work / "isolated.log"
        try:
            argv = [paths[harness], "--test-threads", str(workers)]
            cases = CASES
            if only:
                argv += ["--exact", only]
                cases = 1
            run = timed(argv, log, env)
            if run.rc != 0:
                raise StepFailed(f"isolated harness exited {run.rc}:\n{tail(log)}")
            expect_libtest_ok(log, "isolated harness", cases)
            written = record_files(records)
            if len(written) != cases:
                raise StepFailed(
                    f"isolated harness wrote {len(written)} records, expected {cases}")
            left = list(tmp.iterdir())
            if left:
                raise StepFailed(f"isolated harness left {len(left)} entries in TMPDIR {tmp}")
        finally:
            DEFERRED_CLEANUP.append(scratch)
        return run

    return run_isolated


def run_spawn_floor(paths, workers: int, work: Path) -> Timed:
    log = work / "spawn-floor.log"
    argv = [paths["spawn_floor"], paths["isolated"], str(CASES), str(workers)]
    run = timed(argv, log, base_env())
    if run.rc != 0:
        raise StepFailed(f"spawn-floor exited {run.rc}:\n{tail(log)}")
    return run


def run_fork_floor(paths, workers: int, work: Path) -> Timed:
    log = work / "fork-floor.log"
    run = timed([paths["fork_floor"], str(CASES), str(workers)], log, base_env())
    if run.rc != 0:
        raise StepFailed(f"fork-floor exited {run.rc}:\n{tail(log)}")
    return run


def nextest_checked(argv: list[str], log: Path, what: str) -> Timed:
    """Times a nextest run; a run that had to recompile (the sources changed under the
    benchmark) is rebuilt untimed and measured again."""
    for _attempt in range(3):
        run = timed(argv, log, base_env())
        text = log.read_text(errors="replace")
        if run.rc != 0:
            raise StepFailed(f"{what} exited {run.rc}:\n{tail(log)}")
        if f"{CASES} tests run: {CASES} passed" not in text:
            raise StepFailed(f"{what}: no `{CASES} tests run: {CASES} passed` line:\n{tail(log)}")
        if "Compiling " not in text:
            return run
        print(f"  ({what} recompiled: sources changed; measuring again)", flush=True)
    raise StepFailed(f"{what} recompiled on every attempt: sources keep changing")


# The rows that run fewer cases than CASES, with how many.
ROW_CASES = {"in-process (one case)": 1}


def cases_of(row: str) -> int:
    """How many cases the measurement `row` runs: its per-case figures are divided by this."""
    return ROW_CASES.get(row, CASES)


def make_run_record_floor(base: Path | None):
    """The record floor: CASES record-sized files written one after another into a fresh
    directory under `base` (the system temp dir when None), as the harness writes records."""

    def run_record_floor(paths, workers: int, work: Path) -> Timed:
        scratch = Path(tempfile.mkdtemp(prefix="faults-bench-records-", dir=base))
        DEFERRED_CLEANUP.append(scratch)
        log = work / "record-floor.log"
        run = timed([paths["record_floor"], str(scratch), str(CASES), str(RECORD_BYTES)], log,
                    base_env())
        if run.rc != 0:
            raise StepFailed(f"record-floor exited {run.rc}:\n{tail(log)}")
        # Its own measure of the writes, without its start-up: a floor.
        try:
            return run._replace(ms=float(log.read_text().split()[0]))
        except (IndexError, ValueError):
            raise StepFailed(f"record-floor printed no time:\n{tail(log)}") from None

    return run_record_floor


def run_nextest(paths, workers: int, work: Path) -> Timed:
    argv = ["cargo", "nextest", "run", "--release", "--test", "plain",
            "--test-threads", str(workers)]
    return nextest_checked(argv, work / "nextest.log", "cargo nextest run")


def run_nextest_reuse(paths, workers: int, work: Path) -> Timed:
    argv = ["cargo", "nextest", "run",
            "--binaries-metadata", paths["nextest_binaries"],
            "--cargo-metadata", paths["cargo_metadata"],
            "--test-threads", str(workers)]
    return nextest_checked(argv, work / "nextest-reuse.log", "cargo nextest run (reused build)")


def run_libtest(paths, workers: int, work: Path) -> Timed:
    log = work / "libtest.log"
    run = timed([paths["plain"], "--test-threads", str(workers)], log, base_env())
    if run.rc != 0:
        raise StepFailed(f"libtest binary exited {run.rc}:\n{tail(log)}")
    expect_libtest_ok(log, "libtest binary")
    return run


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
    if writable_tmpfs(shm):
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
    rows = [("isolated", f"faults harness, process per case forked from a fork server; TMPDIR "
             f"on {system_tmp} ({fs_type(system_tmp)})", make_run_isolated(None)),
            ("isolated (exec)", "the same, each case process exec'd (FAULTS_SPAWN=exec)",
             make_run_isolated(None, spawn="exec"))]
    shm = Path("/dev/shm")
    if writable_tmpfs(shm) and fs_type(system_tmp) != "tmpfs":
        rows.append(("isolated (tmpfs)", "the same; TMPDIR and records on /dev/shm (tmpfs)",
                     make_run_isolated(shm)))
    rows.append(("isolated + control", "the same cases, each with a control run "
                 "(`control = healthy`)", make_run_isolated(None, harness="controlled")))
    rows.append(("isolated (container)", "the same cases, each in a container "
                 "(FAULTS_ISOLATION=container)", make_run_isolated(None, container=True)))
    memory = shm if writable_tmpfs(shm) else None
    rows.append(("in-process", "the same cases with `isolation = \"none\"`; records on "
                 f"{memory or system_tmp}", make_run_isolated(memory, harness="in_process")))
    rows.append(("in-process (one case)", "the same harness run for one case: its start-up and "
                 "exit", make_run_isolated(memory, harness="in_process",
                                           only="in_process::case_0001")))
    rows.append(("record floor", f"{CASES} files of a record's size ({RECORD_BYTES} B) written "
                 f"unnamed and linked, one after another, on {memory or system_tmp}",
                 make_run_record_floor(memory)))
    rows += [
        ("spawn floor", "the harness binary spawned bare", run_spawn_floor),
        ("fork floor", "fork, exit at once, wait: from W single-threaded helpers",
         run_fork_floor),
        ("nextest", "cargo nextest run (cargo's up-to-date check included)", run_nextest),
        ("nextest (reuse)", "cargo nextest run on the reused build (no cargo build step)",
         run_nextest_reuse),
        ("libtest", "plain tests in-process (test binary run directly)", run_libtest),
    ]
    return rows


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
    busy_starts = 0
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
                busy_starts += not settle(args.settle)
                run = fn(paths, args.workers, work)
                samples[name].append(run.ms)
                cpu[name].append(run.cpu_ms)
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
    if busy_starts:
        print(f"note: {busy_starts} samples started while the machine was busy "
              f"(not idle within {args.settle:g} s)")
    print()
    print("| measurement | what | median ms | min ms | median ms/case | min ms/case "
          "| CPU ms/case |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, desc, _ in rows:
        print(f"| {name} | {desc} | {med[name]:.1f} | {low[name]:.1f} "
              f"| {med[name] / cases_of(name):.3f} | {low[name] / cases_of(name):.3f} "
              f"| {cpu_med[name] / cases_of(name):.3f} |")
    print()

    isolated_rows = [name for name, _, _ in rows
                     if name in ("isolated", "isolated (tmpfs)")]
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
        ("isolated (exec) / spawn floor", "isolated (exec)", "spawn floor", "<=",
         TARGET_EXEC_OVER_FLOOR, True),
        ("isolated / isolated (exec)", "isolated", "isolated (exec)", None, None, False),
        ("in-process / libtest", "in-process", "libtest", "<=", TARGET_IN_PROCESS_OVER_LIBTEST,
         True),
        ("isolated (container) / nextest", "isolated (container)", "nextest", "<=",
         TARGET_CONTAINER_OVER_NEXTEST, True),
        ("isolated (container) / nextest (reuse)", "isolated (container)", "nextest (reuse)",
         "<=", TARGET_CONTAINER_OVER_NEXTEST, False),
        ("isolated (container) / isolated", "isolated (container)", "isolated", None, None,
         False),
        ("isolated + control / isolated", "isolated + control", "isolated", "<=",
         TARGET_CONTROL_OVER_ISOLATED, True),
        ("isolated / libtest", "isolated", "libtest", None, None, False),
        ("spawn floor / fork floor", "spawn floor", "fork floor", None, None, False),
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
    per_case = med["in-process"] / CASES
    met = per_case <= TARGET_IN_PROCESS_MS_PER_CASE
    missed |= not met
    print(f"| in-process ms/case | {per_case:.4f} | {low['in-process'] / CASES:.4f} "
          f"| <= {TARGET_IN_PROCESS_MS_PER_CASE:g}: {'met' if met else 'missed'} |")
    beyond = (med["in-process"] - med["in-process (one case)"]) / (CASES - 1)
    floor = med["record floor"] / CASES
    print()
    print(f"in-process: {med['in-process (one case)']:.1f} ms a run whatever its cases, then "
          f"{beyond * 1000:.1f} us a case, of which at least {floor * 1000:.1f} us is its "
          "record's file (the record floor)")
    if floor >= TARGET_IN_PROCESS_MS_PER_CASE:
        print(f"note: on this machine the record floor alone is over the in-process target "
              f"of {TARGET_IN_PROCESS_MS_PER_CASE * 1000:g} us a case")

    return 1 if (missed and args.check_targets) else 0


if __name__ == "__main__":
    sys.exit(main())
