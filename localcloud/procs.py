"""Background processes with a pid file and a log, which survive the `make` that started them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


class ProcessError(RuntimeError):
    """A background process could not be started or stopped."""


def read_pid(pid_file: Path) -> int | None:
    """The pid recorded in `pid_file` if that same process is still alive, else None.

    The file also records the process's start time: pids wrap around (32768 by default on
    Linux), and a stale file must never name, and so signal, a process that merely reused the pid.
    """
    try:
        fields = pid_file.read_text().split()
        pid = int(fields[0])
        started = int(fields[1]) if len(fields) > 1 else None
    except (FileNotFoundError, ValueError, IndexError):
        return None
    if not _alive(pid):
        return None
    if started is not None and _start_time(pid) != started:
        return None
    return pid


def _start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: split after it.
    return int(stat.rsplit(")", 1)[1].split()[19])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); treat it as gone so a restart is not blocked.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def start(
    argv: Sequence[str],
    *,
    pid_file: Path,
    log_file: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start `argv` detached (own session, so Ctrl-C in make does not kill it); return its pid."""
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log, open(os.devnull, "rb") as devnull:
        proc = subprocess.Popen(
            list(argv),
            stdin=devnull,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
            start_new_session=True,
        )
    started = _start_time(proc.pid)
    pid_file.write_text(f"{proc.pid} {started}\n" if started is not None else f"{proc.pid}\n")
    return proc.pid


def stop(pid_file: Path, *, timeout: float = 10.0) -> bool:
    """Stop the process group recorded in `pid_file`; True if something was running."""
    pid = read_pid(pid_file)
    pid_file.unlink(missing_ok=True)
    if pid is None:
        return False
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            _reap(pid)
            return True
        time.sleep(0.05)
    _signal_group(pid, signal.SIGKILL)
    _reap(pid)
    return True


def _signal_group(pid: int, sig: signal.Signals) -> None:
    # The process leads its own session (start_new_session), so its group id is its pid:
    # this also reaches the worker processes the edge spawned.
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return
    except PermissionError as exc:
        raise ProcessError(f"not allowed to signal process {pid}: {exc}") from exc


def _reap(pid: int) -> None:
    # Only our own children can be reaped; a process started by an earlier `make` is not one.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log, for error messages."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
