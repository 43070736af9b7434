"""The local edge's process for one environment: started detached by `make up`, stopped by
`make down`, ready once it has written its ready file."""

from __future__ import annotations

import os
import socket
import sys
import time

from localcloud import procs
from localcloud.config import Config
from localcloud.environment.errors import UpError


def start_edge(config: Config, *, timeout: float = 60.0) -> None:
    stop_edge(config)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if sock.connect_ex(("127.0.0.1", config.edge_port)) == 0:
            raise UpError(
                f"port {config.edge_port} is in use by another program: stop it or choose "
                "another port for the edge with EDGE_PORT=..."
            )
    ready = config.env_dir / "edge.ready"
    ready.unlink(missing_ok=True)
    config.edge_log_file.write_text("")
    procs.start(
        [sys.executable, "-m", "localcloud", "edge", "--env", config.env],
        pid_file=config.edge_pid_file,
        log_file=config.edge_log_file,
        env={
            **os.environ,
            "EDGE_PORT": str(config.edge_port),
            "MOTO_PORT": str(config.moto_port),
            "PYTHONUNBUFFERED": "1",
        },
        cwd=config.repo_root,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready.is_file():
            return
        if procs.read_pid(config.edge_pid_file) is None:
            break
        time.sleep(0.1)
    procs.stop(config.edge_pid_file)
    raise UpError(
        f"the edge did not start; its log ({config.edge_log_file}):\n"
        + procs.tail(config.edge_log_file)
    )


def stop_edge(config: Config) -> bool:
    (config.env_dir / "edge.ready").unlink(missing_ok=True)
    return procs.stop(config.edge_pid_file)
