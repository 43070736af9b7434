"""Where a benchmark's database sessions spend their time, sampled from PostgreSQL itself.

A thread polls pg_stat_activity for the sessions of one database and counts each sample by
what the session is doing: waiting for a lock (row locks show as `transactionid`/`tuple`),
running in PostgreSQL (active, no wait event: on CPU or runnable), or idle inside its
transaction while the client (Python) works. It also reads the CPU time the backends used
from /proc, so lock waits can be set against CPU.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

_SAMPLE = """
SELECT pid, state, wait_event_type, wait_event FROM pg_stat_activity
WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'
"""
_TICKS = 100  # USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


@dataclass
class Waits:
    samples: int = 0
    states: Counter = field(default_factory=Counter)
    backend_cpu: float = 0.0

    def share(self, *kinds: str) -> float:
        """Average number of sessions in these states over the run."""
        return sum(self.states[kind] for kind in kinds) / max(self.samples, 1)


class WaitSampler:
    """`with WaitSampler(url, "bench") as waits:` samples until the block ends."""

    def __init__(self, url: str, dbname: str, *, interval: float = 0.005) -> None:
        self.url, self.dbname, self.interval = url, dbname, interval
        self.waits = Waits()
        self._stop = threading.Event()
        self._cpu: dict[int, float] = {}

    def __enter__(self) -> Waits:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self.waits

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.waits.backend_cpu = sum(self._cpu.values())

    def read_cpu(self) -> None:
        """Read the backends' CPU time now (call it while their connections are still open)."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            pids = [row[0] for row in conn.execute(_SAMPLE, (self.dbname,))]
        for pid in pids:
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                self._cpu[pid] = seconds

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                for _pid, state, wait_type, wait_event in conn.execute(_SAMPLE, (self.dbname,)):
                    self.waits.states[_classify(state, wait_type, wait_event)] += 1
                self.waits.samples += 1
                time.sleep(self.interval)


def _classify(state: str | None, wait_type: str | None, wait_event: str | None) -> str:
    if wait_type == "Lock":
        return "row lock" if wait_event in {"transactionid", "tuple"} else "other lock"
    if state == "active":
        return "running" if wait_type is None else "io/lwlock"
    if state in {"idle in transaction", "idle in transaction (aborted)"}:
        return "client, in transaction"
    return "client, idle"
