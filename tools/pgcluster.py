"""PostgreSQL clusters from the server binaries on this machine: initdb, start, stop.

Two kinds, one mechanism:
- `start_cluster()`: a throwaway cluster for tests and benchmarks, trusting local connections,
  with durability switched off, removed when stopped;
- `Cluster(...)` with a directory of its own (the local cloud's stand-in for an Aurora cluster):
  created once, started and stopped as often as needed, its data kept until `remove()`.

A cluster listens on a Unix socket in its directory and on a loopback port, and runs as the
`postgres` user when started by root (initdb refuses root).
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
from collections.abc import Mapping
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_user() -> str:
    """The OS user the server runs as: `postgres` under root, else the current user."""
    return "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name


def give_to_server_user(path: Path) -> None:
    """Make `path` (a file or directory this process created) the server user's."""
    if os.geteuid() == 0:
        entry = pwd.getpwnam(server_user())
        os.chown(path, entry.pw_uid, entry.pw_gid)


# Throwaway clusters may lose everything on a crash; a kept one must not.
_THROWAWAY_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


@dataclass
class Cluster:
    root: Path
    port: int
    user: str
    bindir: Path

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def psql(self, sql: str, dbname: str = "postgres") -> None:
        """Run SQL as the superuser over the (trusted) Unix socket."""
        self._run("psql", "-h", str(self.root), "-p", str(self.port), "-d", dbname,
                  "-v", "ON_ERROR_STOP=1", "-c", sql)  # fmt: skip

    def socket_conninfo(self, dbname: str = "postgres") -> str:
        """libpq conninfo for the superuser over the Unix socket (local connections are trusted)."""
        return f"host={self.root} port={self.port} user={self.user} dbname={dbname}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise PostgresUnavailable(
                f"{args[0]} failed ({result.returncode}): {result.stderr or result.stdout}"
            )
        return result

    @property
    def initialised(self) -> bool:
        return (self.datadir / "PG_VERSION").is_file()

    def initdb(self, *, host_auth: str = "trust") -> None:
        """Create the data directory; local (socket) connections are trusted, TCP uses host_auth."""
        self.root.mkdir(parents=True, exist_ok=True)
        give_to_server_user(self.root)
        self._run(
            "initdb", "-D", str(self.datadir), "-U", self.user, "--auth-local=trust",
            f"--auth-host={host_auth}", "-E", "UTF8",
        )  # fmt: skip

    def running(self) -> bool:
        if not self.initialised:
            return False
        # pg_ctl status: 0 running, 3 not running, 4 no usable data directory.
        return self._run("pg_ctl", "-D", str(self.datadir), "status", check=False).returncode == 0

    def start(
        self,
        *,
        max_connections: int = 200,
        durable: bool = False,
        settings: Mapping[str, str] | None = None,
        host_auth: str = "trust",
    ) -> None:
        """Start the server, creating the cluster first if it has no data directory yet.

        host_auth="scram-sha-256" makes TCP logins of a new cluster check passwords.
        """
        if not self.initialised:
            self.initdb(host_auth=host_auth)
        values = {
            "port": str(self.port),
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.root),
            "max_connections": str(max_connections),
            **({} if durable else _THROWAWAY_SETTINGS),
            **(settings or {}),
        }
        options = " ".join(f"-c {name}={value}" for name, value in values.items())
        self._run(
            "pg_ctl", "-D", str(self.datadir), "-l", str(self.log_file), "-o", options, "-w",
            "start",
        )  # fmt: skip

    def reload(self) -> None:
        """Re-read pg_hba.conf and postgresql.auto.conf."""
        self._run("pg_ctl", "-D", str(self.datadir), "reload")

    def stop(self, *, remove: bool = True) -> None:
        """Stop the server; a kept cluster shuts down cleanly, a throwaway one is removed."""
        try:
            if self.running():
                mode = "immediate" if remove else "fast"
                self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop")
        finally:
            if remove:
                self.remove()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(*, max_connections: int = 200, host_auth: str = "trust") -> Cluster:
    """Start a fresh throwaway cluster; the caller must stop() it."""
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="lambda-shop-pg-"))
    cluster = Cluster(root=root, port=free_port(), user=server_user(), bindir=bindir)
    started = time.monotonic()
    try:
        cluster.start(max_connections=max_connections, host_auth=host_auth)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    cluster.startup_seconds = time.monotonic() - started  # type: ignore[attr-defined]
    return cluster
