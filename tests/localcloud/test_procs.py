"""Background processes: a pid file names one process, never whatever later reused its pid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from localcloud import procs


def _sleeper(tmp_path: Path) -> tuple[int, Path]:
    pid_file = tmp_path / "sleeper.pid"
    pid = procs.start(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        pid_file=pid_file,
        log_file=tmp_path / "sleeper.log",
    )
    return pid, pid_file


def test_a_started_process_is_found_and_stopped(tmp_path):
    pid, pid_file = _sleeper(tmp_path)
    assert procs.read_pid(pid_file) == pid
    assert procs.stop(pid_file) is True
    assert procs.read_pid(pid_file) is None
    assert procs.stop(pid_file) is False, "nothing left to stop"


def test_a_pid_reused_by_another_process_is_not_ours(tmp_path):
    # A process leading its own group, like the shell job that runs a test suite: the one a
    # stale pid file would otherwise have signalled.
    other = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    try:
        pid_file = tmp_path / "stale.pid"
        # What a process that died long ago, under the same pid, left behind.
        pid_file.write_text(f"{other.pid} 1\n")
        assert procs.read_pid(pid_file) is None
        assert procs.stop(pid_file) is False
        assert other.poll() is None, "the unrelated process was signalled"
    finally:
        os.killpg(other.pid, 9)
        other.wait()


def test_a_pid_file_without_a_start_time_still_names_its_process(tmp_path):
    pid, pid_file = _sleeper(tmp_path)
    pid_file.write_text(f"{pid}\n")  # written by an older checkout
    assert procs.read_pid(pid_file) == pid
    procs.stop(pid_file)
