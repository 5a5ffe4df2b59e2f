#!/usr/bin/env python3
"""Benchmark what a syscall fault costs per intercepted call, against strace's fault injection.

Builds the bench crate's `syscalls` harness in release; its cases each make K one-byte
`write(2)` calls to a file in their sandbox, which is on a tmpfs. Then times, in interleaved
rounds, the harness running one case (`--exact`):

  (a) no injection  `writes_plain`: the K writes, nothing intercepted
  (b) syscall fault `writes_enospc_last`: `syscalls = ["write:ENOSPC@K"]`, every write of the
                    case's process goes through the supervisor's seccomp user notification,
                    the Kth fails with ENOSPC
  (c) strace        `strace -f -o /dev/null -e trace=write -e inject=write:error=ENOSPC:when=K`
                    running (a): every syscall of every process of the run stops under ptrace
  (d) strace --seccomp-bpf  the same, with only the `write` calls stopping

and prints the median wall time of each and the overhead per intercepted call, (variant - a) / K.

Then the cost of a sweep per run: the `ledger_sweep` harness links the ledger example's fault
cases and four plain cases that each make the same three appends once (`plain_append_N`). The
harness running the sweep `ledger-23` (`sweep = "write:ENOSPC"` over those appends, four runs)
is timed against the harness running the four plain cases, both one case at a time: the same
work but for the faults. The target is at most 1.5x, i.e. one sweep run costs at most 1.5 plain
isolated cases.

Usage: python3 bench/syscalls.py [--runs N] [--settle S] [--check-targets] [--install]
                                 [--pin CPU]

Exits 1 when a step fails (a build, a run, a record that does not show what the variant says),
when strace is missing (`--install` installs it with apt-get), and with --check-targets also
unless overhead(b) * 3 <= overhead(c), overhead(b) < overhead(d) and a sweep run costs at most
1.5x the plain case.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (StepFailed, Timed, base_env, cargo_json, executables, fs_type, record_files,
                    settle, tail, timed, version, writable_tmpfs)

PLAIN_CASE = "syscalls::writes_plain"
INJECTED_CASE = "syscalls::writes_enospc_last"
# strace's `when=` counts to 65535 at most.
STRACE_MAX_WHEN = 65535
# Targets: the harness's syscall fault costs at most a third of what strace's ptrace injection
# costs per intercepted call, and less than strace's seccomp-bpf mode.
TARGET_STRACE_OVER_FAULT = 3.0
TARGET_SECCOMP_STRACE_OVER_FAULT = 1.0
# One run of the ledger's append sweep costs at most this many plain isolated cases.
TARGET_SWEEP_RUN_OVER_PLAIN = 1.5
SWEEP_CASE = "ledger-23"
# A filter selecting the plain cases, as many as the sweep makes runs.
SWEEP_PLAIN_CASES = "ledger_sweep::plain_append_"
SWEEP_PLAIN_COUNT = 4
INSTALL_STRACE = ["apt-get", "install", "-y", "strace"]


class RuntimeWithoutSyscallFaults(Exception):
    """The harness's runtime ran (b) without injecting syscall faults: its record has no
    `environment.syscalls`."""


def ensure_strace(install: bool) -> str:
    """The path of strace; installs it with apt-get when missing and `install` is set."""
    found = shutil.which("strace")
    if found:
        return found
    hint = " ".join(INSTALL_STRACE)
    if not install:
        raise StepFailed(f"strace is not installed; install it with `{hint}` (as root), or "
                         "rerun with --install to have this script run "
                         f"`apt-get update && {hint}`")
    print(f"installing strace (apt-get update && {hint})...", flush=True)
    for argv in (["apt-get", "update"], INSTALL_STRACE):
        if subprocess.run(argv).returncode != 0:
            raise StepFailed(f"`{' '.join(argv)}` failed (it needs root)")
    found = shutil.which("strace")
    if not found:
        raise StepFailed("strace is still not on PATH after installing it")
    return found


def build(work: Path) -> tuple[str, int, str]:
    """The harness executable, the write count K it was built with, and the sweep harness."""
    print("building (release)...", flush=True)
    tests = executables(
        cargo_json(["test", "--release", "--no-run", "--test", "syscalls",
                    "--test", "ledger_sweep"], work / "build-test.log"),
        test=True,
    )
    for target in ("syscalls", "ledger_sweep"):
        if target not in tests:
            raise StepFailed(f"cargo did not report the executable of target '{target}'")
    harness = tests["syscalls"]
    env = base_env()
    env["FAULTS_BENCH_WRITES"] = "1"
    out = subprocess.run([harness], env=env, capture_output=True, text=True)
    try:
        writes = int(out.stdout.strip())
    except ValueError:
        raise StepFailed(f"{harness} with FAULTS_BENCH_WRITES=1 printed {out.stdout!r}, "
                         "not the write count") from None
    if not 1 <= writes <= STRACE_MAX_WHEN:
        raise StepFailed(f"the harness makes {writes} writes per case; strace's when= takes "
                         f"1..{STRACE_MAX_WHEN}")
    return harness, writes, tests["ledger_sweep"]


def memory_dir() -> Path:
    """Where the runs' TMPDIR (so the sandboxes and the written file) and records go: the
    system temp dir when it is a tmpfs, else /dev/shm when it is one."""
    system_tmp = Path(tempfile.gettempdir())
    for candidate in (system_tmp, Path("/dev/shm")):
        if writable_tmpfs(candidate):
            return candidate
    raise StepFailed(f"neither {system_tmp} ({fs_type(system_tmp)}) nor /dev/shm is a writable "
                     "tmpfs: the writes must go to a memory filesystem")


class Bench:
    """The four variants over one harness build."""

    def __init__(self, harness: str, writes: int, strace: str, base: Path, work: Path):
        self.harness = harness
        self.writes = writes
        self.strace = strace
        self.base = base
        self.work = work

    def strace_argv(self, *mode: str) -> list[str]:
        return [self.strace, "-f", *mode, "-o", "/dev/null", "-e", "trace=write",
                "-e", f"inject=write:error=ENOSPC:when={self.writes}",
                self.harness, "--exact", PLAIN_CASE]

    def variants(self) -> list[tuple[str, str, list[str], object]]:
        """(name, what it measures, argv, check of its one record)."""
        k = self.writes
        return [
            ("(a) no injection", f"{k} writes, nothing intercepted",
             [self.harness, "--exact", PLAIN_CASE], self.check_plain),
            ("(b) syscall fault", f"`write:ENOSPC@{k}`: every write to the supervisor",
             [self.harness, "--exact", INJECTED_CASE], self.check_injected),
            ("(c) strace", "ptrace, every syscall stops", self.strace_argv(),
             self.check_strace),
            ("(d) strace --seccomp-bpf", "ptrace, only writes stop",
             self.strace_argv("--seccomp-bpf"), self.check_strace),
        ]

    def run(self, name: str, argv: list[str], check) -> Timed:
        """One timed run in fresh TMPDIR and records directories, checked by its record."""
        scratch = Path(tempfile.mkdtemp(prefix="faults-bench-sys-", dir=self.base))
        tmp = scratch / "tmp"
        records = scratch / "records"
        tmp.mkdir()
        env = base_env()
        env["TMPDIR"] = str(tmp)
        env["FAULTS_RECORDS_DIR"] = str(records)
        log = self.work / "run.log"
        try:
            run = timed(argv, log, env)
            written = record_files(records)
            if len(written) != 1:
                raise StepFailed(f"{name}: the run (exit {run.rc}) wrote {len(written)} records, "
                                 f"expected 1:\n{tail(log)}")
            record = json.loads(written[0].read_text())
            check(name, run.rc, record, log)
            left = list(tmp.iterdir())
            if left:
                raise StepFailed(f"{name}: the run left {len(left)} entries in TMPDIR {tmp}")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return run

    def failed_last_write(self, record: dict) -> bool:
        observed = record.get("observed") or {}
        return (observed.get("code") == "StorageFull"
                and (observed.get("message") or "").startswith(
                    f"write {self.writes} of {self.writes} failed"))

    def check_plain(self, name: str, rc: int, record: dict, log: Path) -> None:
        observed = record.get("observed") or {}
        if rc != 0 or record.get("verdict") != "refused" or observed.get("code") != "ALL_WRITTEN":
            raise StepFailed(f"{name}: expected a pass with every write made, got exit {rc}, "
                             f"verdict {record.get('verdict')}, code {observed.get('code')}:\n"
                             f"{tail(log)}")

    def check_injected(self, name: str, rc: int, record: dict, log: Path) -> None:
        specs = (record.get("environment") or {}).get("syscalls")
        if specs is None:
            raise RuntimeWithoutSyscallFaults()
        k = self.writes
        spec = specs[0] if specs else {}
        if (rc != 0 or record.get("verdict") != "refused" or not self.failed_last_write(record)
                or spec.get("spec") != f"write:ENOSPC@{k}" or spec.get("calls") != k
                or spec.get("injected") != 1):
            raise StepFailed(
                f"{name}: expected a pass in which write {k} of {k} failed, the spec having seen "
                f"{k} calls and injected 1; got exit {rc}, verdict {record.get('verdict')}, "
                f"observed {json.dumps(record.get('observed'))}, syscalls {json.dumps(specs)}:\n"
                f"{tail(log)}")

    def check_strace(self, name: str, rc: int, record: dict, log: Path) -> None:
        # The injected ENOSPC reached the body at its last write: the case that expects every
        # write to go through fails with the write's code.
        if rc == 0 or record.get("verdict") != "wrong_code" or not self.failed_last_write(record):
            raise StepFailed(
                f"{name}: expected strace's fault on write {self.writes} to reach the body "
                f"(verdict wrong_code, code StorageFull); got exit {rc}, verdict "
                f"{record.get('verdict')}, observed {json.dumps(record.get('observed'))}:\n"
                f"{tail(log)}")


class SweepCost:
    """The harness running the ledger's append sweep against it running as many plain cases
    making the same appends, one case at a time."""

    def __init__(self, harness: str, base: Path, work: Path):
        self.harness = harness
        self.base = base
        self.work = work

    def run(self, *selection: str) -> tuple[float, list[dict]]:
        """Runs the selected cases one at a time in fresh directories; wall ms and records."""
        scratch = Path(tempfile.mkdtemp(prefix="faults-bench-sweep-", dir=self.base))
        env = base_env()
        env["TMPDIR"] = str(scratch / "tmp")
        env["FAULTS_RECORDS_DIR"] = str(scratch / "records")
        (scratch / "tmp").mkdir()
        log = self.work / "sweep.log"
        try:
            run = timed([self.harness, "--test-threads", "1", *selection], log, env)
            records = [json.loads(p.read_text()) for p in record_files(scratch / "records")]
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if run.rc != 0 or any(r.get("verdict") != "refused" for r in records):
            raise StepFailed(f"{' '.join(selection)}: exit {run.rc}, verdicts "
                             f"{[r.get('verdict') for r in records]}:\n{tail(log)}")
        return run.ms, records

    def sample(self) -> tuple[float, float]:
        """(ms of the harness running the sweep, ms of it running the plain cases)."""
        sweep_ms, records = self.run("--exact", SWEEP_CASE)
        rows = records[0].get("sweep") or [] if len(records) == 1 else []
        if len(rows) != SWEEP_PLAIN_COUNT or not rows[-1].get("baseline"):
            raise StepFailed(f"{SWEEP_CASE}: expected {SWEEP_PLAIN_COUNT} runs ending in its "
                             f"baseline, got {json.dumps(rows)}")
        plain_ms, records = self.run(SWEEP_PLAIN_CASES)
        if len(records) != SWEEP_PLAIN_COUNT:
            raise StepFailed(f"{SWEEP_PLAIN_CASES}: {len(records)} records, expected "
                             f"{SWEEP_PLAIN_COUNT}")
        return sweep_ms, plain_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each variant")
    parser.add_argument("--settle", type=float, default=20.0,
                        help="seconds to wait at most for an idle machine before each sample "
                             "(0: do not wait)")
    parser.add_argument("--check-targets", action="store_true",
                        help="exit 1 unless overhead(b) * 3 <= overhead(c) and "
                             "overhead(b) < overhead(d)")
    parser.add_argument("--install", action="store_true",
                        help="install strace with apt-get when it is missing")
    parser.add_argument("--pin", type=int, metavar="CPU",
                        help="run every variant on this one CPU (the build still uses all)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.pin is not None and args.pin not in os.sched_getaffinity(0):
        parser.error(f"--pin {args.pin}: not one of this process's CPUs "
                     f"{sorted(os.sched_getaffinity(0))}")

    try:
        strace = ensure_strace(args.install)
        base = memory_dir()
    except StepFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="faults-bench-sys-"))
    busy_starts = 0
    unmeasured: list[str] = []
    try:
        harness, writes, sweep_harness = build(work)
        if args.pin is not None:
            # Inherited by every process of every run: the harness, its supervisor, the case,
            # strace.
            os.sched_setaffinity(0, {args.pin})
        bench = Bench(harness, writes, strace, base, work)
        variants = bench.variants()
        print("warming up (one untimed run of each)...", flush=True)
        for name, _what, argv, check in variants:
            try:
                bench.run(name, argv, check)
            except RuntimeWithoutSyscallFaults:
                print("runtime without syscall faults: (b) not measured", flush=True)
                unmeasured.append(name)
        variants = [v for v in variants if v[0] not in unmeasured]
        samples: dict[str, list[Timed]] = {name: [] for name, *_ in variants}
        sweep_cost = SweepCost(sweep_harness, base, work)
        sweep_cost.sample()
        sweeps: list[tuple[float, float]] = []
        for i in range(args.runs):
            print(f"round {i + 1}/{args.runs}", flush=True)
            for name, _what, argv, check in variants:
                busy_starts += not settle(args.settle)
                samples[name].append(bench.run(name, argv, check))
            busy_starts += not settle(args.settle)
            # Several samples a round: each is some ten milliseconds.
            sweeps.extend(sweep_cost.sample() for _ in range(5))
    except (StepFailed, RuntimeWithoutSyscallFaults) as err:
        print(f"error: {err or 'the runtime stopped injecting syscall faults'}", file=sys.stderr)
        print(f"(logs kept in {work})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"interrupted (logs kept in {work})", file=sys.stderr)
        return 130
    shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(s.ms for s in v) for k, v in samples.items()}
    low = {k: min(s.ms for s in v) for k, v in samples.items()}
    cpu = {k: statistics.median(s.cpu_ms for s in v) for k, v in samples.items()}
    plain = variants[0][0]
    # ms over K calls, in microseconds per call: from the medians, and from the minimums (the
    # least disturbed runs).
    overhead = {k: (med[k] - med[plain]) * 1000.0 / writes for k in med if k != plain}
    overhead_min = {k: (low[k] - low[plain]) * 1000.0 / writes for k in low if k != plain}

    print()
    print(f"date: {datetime.date.today().isoformat()}  cpus: {os.cpu_count()}  "
          f"load avg at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{platform.system()} {platform.release()}; {version(['rustc', '--version'])}; "
          f"{version([strace, '-V'])}")
    pinned = f", pinned to CPU {args.pin}" if args.pin is not None else ""
    print(f"K = {writes} one-byte writes per case, TMPDIR and records on {base} "
          f"({fs_type(base)}), {args.runs} runs each (release build){pinned}")
    if busy_starts:
        print(f"note: {busy_starts} samples started while the machine was busy "
              f"(not idle within {args.settle:g} s)")
    for name in unmeasured:
        print(f"note: {name} not measured: the runtime does not inject syscall faults yet")
    print()
    print("| variant | what | median ms | min ms | CPU ms | overhead us/call | min/min us/call |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, what, _argv, _check in variants:
        per_call = f"{overhead[name]:.2f}" if name in overhead else "-"
        per_call_min = f"{overhead_min[name]:.2f}" if name in overhead_min else "-"
        print(f"| {name} | {what} | {med[name]:.1f} | {low[name]:.1f} | {cpu[name]:.1f} "
              f"| {per_call} | {per_call_min} |")
    print()

    fault = "(b) syscall fault"
    ratios = [
        ("(c) / (b)", "(c) strace", ">=", TARGET_STRACE_OVER_FAULT),
        ("(d) / (b)", "(d) strace --seccomp-bpf", ">", TARGET_SECCOMP_STRACE_OVER_FAULT),
    ]
    missed = False
    if fault not in overhead:
        print("ratios: not computed, (b) was not measured")
        missed = True
    elif overhead[fault] <= 0:
        print(f"ratios: not computed, (b) costs nothing measurable over (a) "
              f"({overhead[fault]:.2f} us/call); rerun with more --runs")
        missed = True
    else:
        print("| overhead per call | ratio | target |")
        print("|---|---:|---|")
        for label, num, op, target in ratios:
            ratio = overhead[num] / overhead[fault]
            met = ratio >= target if op == ">=" else ratio > target
            missed |= not met
            print(f"| {label} | {ratio:.2f} | {op} {target:g}: {'met' if met else 'missed'} |")

    sweep_ms = statistics.median(s[0] for s in sweeps)
    plain_ms = statistics.median(s[1] for s in sweeps)
    ratio = sweep_ms / plain_ms
    met = ratio <= TARGET_SWEEP_RUN_OVER_PLAIN
    missed |= not met
    print()
    print(f"sweep `{SWEEP_CASE}` over the ledger's appends ({SWEEP_PLAIN_COUNT} runs) against "
          f"{SWEEP_PLAIN_COUNT} plain cases making the same appends, one case at a time, "
          f"{len(sweeps)} samples each:")
    print("| harness running | median ms | per run or case ms |")
    print("|---|---:|---:|")
    print(f"| the sweep | {sweep_ms:.2f} | {sweep_ms / SWEEP_PLAIN_COUNT:.2f} |")
    print(f"| the plain cases | {plain_ms:.2f} | {plain_ms / SWEEP_PLAIN_COUNT:.2f} |")
    print(f"| sweep run / plain case | {ratio:.2f} | <= {TARGET_SWEEP_RUN_OVER_PLAIN:g}: "
          f"{'met' if met else 'missed'} |")

    return 1 if (missed and args.check_targets) else 0


if __name__ == "__main__":
    sys.exit(main())
