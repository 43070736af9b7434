"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb, start, stop, gone.

It listens on a Unix socket in its own directory and on a free loopback port, trusts local
connections, and runs as the `postgres` user when started by root (initdb refuses root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """Where initdb and pg_ctl live: PATH first, then Debian's versioned directories."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found; run `make pg-deps`."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    port: int
    user: str
    bindir: Path

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def psql(self, sql: str, dbname: str = "postgres") -> None:
        """Run SQL as the superuser over the (trusted) Unix socket."""
        self._run("psql", "-h", str(self.root), "-p", str(self.port), "-d", dbname,
                  "-v", "ON_ERROR_STOP=1", "-c", sql)  # fmt: skip

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{args[0]} failed ({result.returncode}): {result.stderr or result.stdout}"
            )

    def start(self, *, max_connections: int = 200, host_auth: str = "trust") -> None:
        # host_auth="scram-sha-256" makes TCP logins check passwords (the socket stays trusted).
        self._run(
            "initdb", "-D", str(self.datadir), "-U", self.user, "-A", "trust",
            f"--auth-host={host_auth}", "-E", "UTF8",
        )  # fmt: skip
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections={max_connections} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.datadir), "-l", str(self.root / "log"), "-o", options, "-w",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(*, max_connections: int = 200, host_auth: str = "trust") -> Cluster:
    """Start a fresh cluster; the caller must stop() it."""
    bindir = find_bindir()
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name
    root = Path(tempfile.mkdtemp(prefix="lambda-shop-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(root=root, port=_free_port(), user=user, bindir=bindir)
    started = time.monotonic()
    try:
        cluster.start(max_connections=max_connections, host_auth=host_auth)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    cluster.startup_seconds = time.monotonic() - started  # type: ignore[attr-defined]
    return cluster
