"""The PostgreSQL server behind one environment's emulated cluster: where it lives, its port.

One server per environment, like one Aurora cluster per environment. It keeps its data between
`make up`s and goes with `make down` (or with an emulator that restarted, whose cluster is new).
Its port is the environment's `database_port`, fixed at the first `make up` and remembered, so
the cluster's endpoint port and the server agree without a second apply.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import stat
import tempfile
from pathlib import Path

from localcloud.config import Config
from localcloud.rds.tls import ensure_certificate
from tools.pgcluster import Cluster, find_bindir, free_port, give_to_server_user, server_user

# Below Linux's ephemeral range (32768-60999), so no outgoing connection holds the port between
# two `make up`s; each environment starts looking at its own place in it.
PORT_RANGE = range(20000, 32768)
# Enough for the edge's workers and the tests' concurrent buyers, like a small Aurora instance.
MAX_CONNECTIONS = 200
# How the functions' libpq reaches the cluster's endpoint name: Aurora's DNS name resolves
# nowhere here, so the local Lambda runtime tells libpq the address to use for it.
RUNTIME_ENVIRONMENT = {"PGHOSTADDR": "127.0.0.1"}


def _state_file(config: Config) -> Path:
    return config.env_dir / "rds.json"


def _reachable_by_server_user(path: Path) -> bool:
    if os.geteuid() != 0:
        return True
    for parent in path.parents:
        if parent.exists() and not parent.stat().st_mode & stat.S_IXOTH:
            return False
    return True


def server_root(config: Config) -> Path:
    """The server's directory: in the environment's, unless the server's user cannot enter it.

    Under root the server runs as `postgres`, and a state directory inside one only root may
    enter (pytest's temporary directories are 0700) is out of its reach; the server then lives
    in the system's temporary directory, under a name derived from the environment's directory.
    """
    inside = config.env_dir / "rds"
    if _reachable_by_server_user(inside):
        return inside
    digest = hashlib.sha256(str(config.env_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"lambda-shop-rds-{digest}"


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        # As PostgreSQL binds: connections of a stopped server lingering in TIME_WAIT do not
        # keep it from listening there again, only a listening socket does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _choose_port(config: Config) -> int:
    start = int(hashlib.sha256(str(config.env_dir).encode()).hexdigest(), 16) % len(PORT_RANGE)
    for offset in range(len(PORT_RANGE)):
        port = PORT_RANGE[(start + offset) % len(PORT_RANGE)]
        if _port_free(port):
            return port
    return free_port()


def local_server(config: Config) -> Cluster:
    """The environment's server (not necessarily running), with its remembered port."""
    try:
        port = int(json.loads(_state_file(config).read_text())["port"])
    except (FileNotFoundError, ValueError, KeyError):
        port = None
    cluster = Cluster(
        root=server_root(config), port=port or 0, user=server_user(), bindir=find_bindir()
    )
    if port is None or (not _port_free(port) and not cluster.running()):
        # First use, or another program took the port: the next apply moves the cluster.
        cluster.port = _choose_port(config)
        config.env_dir.mkdir(parents=True, exist_ok=True)
        _state_file(config).write_text(json.dumps({"port": cluster.port}) + "\n")
    return cluster


def environment_on_port(state_dir: Path, port: int) -> str | None:
    """The environment whose server has `port` (its clusters' port), among those under state_dir."""
    for state in sorted((state_dir / "envs").glob("*/rds.json")):
        try:
            if int(json.loads(state.read_text())["port"]) == port:
                return state.parent.name
        except (OSError, ValueError, KeyError):
            continue
    return None


def start(cluster: Cluster, *, identifier: str, endpoint: str) -> None:
    """Start the server with TLS unless it runs; durable, since its data is kept."""
    if cluster.running():
        return
    tls_dir = cluster.root / "tls"
    cluster.root.mkdir(parents=True, exist_ok=True)
    give_to_server_user(cluster.root)
    cert, key = ensure_certificate(tls_dir, common_name=identifier, host_name=endpoint)
    for path in (tls_dir, cert, key):
        give_to_server_user(path)
    if not cluster.initialised:
        cluster.initdb(host_auth="scram-sha-256")
    cluster.start(
        max_connections=MAX_CONNECTIONS,
        durable=True,
        settings={"ssl": "on", "ssl_cert_file": str(cert), "ssl_key_file": str(key)},
    )


def remove(config: Config) -> bool:
    """Stop the environment's server and delete its data; True if there was any.

    The port stays reserved for the environment: its Terraform inputs may already carry it.
    """
    root = server_root(config)
    existed = root.exists()
    if existed:
        Cluster(root=root, port=0, user=server_user(), bindir=find_bindir()).stop(remove=True)
    shutil.rmtree(root, ignore_errors=True)
    return existed
