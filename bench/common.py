"""What the benchmark drivers (run.py, syscalls.py) share: the environment of their commands,
the release build of the bench crate, timed runs, idle waits, filesystems and records.

Standard library only.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

BENCH_DIR = Path(__file__).resolve().parent


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


def settle(max_wait: float) -> bool:
    """Waits until the machine has been idle (under 10% busy) for a quarter second, at most
    `max_wait` seconds; False when it gave up on a busy machine."""
    if max_wait <= 0:
        return True
    deadline = time.monotonic() + max_wait
    while True:
        a = proc_stat_busy()
        time.sleep(0.25)
        b = proc_stat_busy()
        if a is None or b is None:
            return True
        busy = (b[0] - a[0]) / max(1, b[1] - a[1])
        if busy < 0.10:
            return True
        if time.monotonic() >= deadline:
            return False


class Timed(NamedTuple):
    """One timed run: wall time, exit code, and the CPU time (user + system) of the run and
    all its descendants."""

    ms: float
    rc: int
    cpu_ms: float


def timed(argv: list[str], log: Path, env: dict[str, str]) -> Timed:
    """Runs `argv` in the bench directory with stdout and stderr to `log`."""
    with open(log, "wb") as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        rc = subprocess.run(argv, cwd=BENCH_DIR, env=env, stdin=subprocess.DEVNULL,
                            stdout=out, stderr=subprocess.STDOUT).returncode
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = 1000.0 * ((after.ru_utime - before.ru_utime)
                       + (after.ru_stime - before.ru_stime))
    return Timed(elapsed * 1000.0, rc, cpu_ms)


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


def writable_tmpfs(path: Path) -> bool:
    """`path` is a directory this process may write, on a tmpfs."""
    return path.is_dir() and os.access(path, os.W_OK) and fs_type(path) == "tmpfs"


def record_files(records: Path) -> list[Path]:
    """The RunRecords a harness run wrote into its records directory (one JSON file per case)."""
    if not records.is_dir():
        return []
    return [p for p in records.iterdir() if p.suffix == ".json" and p.is_file()]


def version(argv: list[str]) -> str:
    """The first line `argv` prints, "?" when it prints nothing or cannot run."""
    try:
        out = subprocess.run(argv, capture_output=True, text=True, env=base_env()).stdout
        return out.splitlines()[0].strip() if out else "?"
    except OSError:
        return "?"
