"""The local server takes the emulated Aurora cluster's place, configured from what RDS holds.

Everything is read back from the emulator after the apply, so the database module stays the one
source: the cluster behind the endpoint Terraform outputs, its database name and port, the
master credentials in its RDS-managed secret (the functions read the same secret through
DATABASE_SECRET_ARN), and its cluster parameter group. Parameters PostgreSQL knows are set with
ALTER SYSTEM (those that need a restart apply at the next start, as `pending-reboot` does);
`rds.force_ssl = 1` makes the server refuse connections without TLS, as Aurora does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from localcloud.config import Config
from localcloud.environment.deployment import clients
from localcloud.rds.server import local_server, start
from tools.pgcluster import Cluster

# What RDS's master user may do: not a superuser (Aurora has none), but databases and roles.
MASTER_ROLE_OPTIONS = "LOGIN CREATEDB CREATEROLE"
LOOPBACK = "127.0.0.1/32"


class StandInError(RuntimeError):
    """The emulated cluster cannot be served locally; the message says why."""


@dataclass(frozen=True)
class EmulatedCluster:
    identifier: str
    endpoint: str
    port: int
    database: str
    secret_arn: str
    parameters: dict[str, str]
    writer: str | None


def read_cluster(rds: Any, endpoint: str) -> EmulatedCluster:
    """The emulated cluster whose writer endpoint is `endpoint`."""
    clusters = [
        c
        for page in rds.get_paginator("describe_db_clusters").paginate()
        for c in page["DBClusters"]
        if c.get("Endpoint") == endpoint
    ]
    if not clusters:
        raise StandInError(f"no database cluster in the emulator has the endpoint {endpoint}")
    (cluster,) = clusters
    secret = cluster.get("MasterUserSecret") or {}
    if not secret.get("SecretArn"):
        raise StandInError(
            f"cluster {cluster['DBClusterIdentifier']} has no RDS-managed master secret "
            "(manage_master_user_password): the functions could not read its credentials"
        )
    parameters = {
        p["ParameterName"]: p["ParameterValue"]
        for page in rds.get_paginator("describe_db_cluster_parameters").paginate(
            DBClusterParameterGroupName=cluster["DBClusterParameterGroup"], Source="user"
        )
        for p in page["Parameters"]
        if "ParameterValue" in p
    }
    writer = next(
        (m["DBInstanceIdentifier"] for m in cluster["DBClusterMembers"] if m["IsClusterWriter"]),
        None,
    )
    return EmulatedCluster(
        identifier=cluster["DBClusterIdentifier"],
        endpoint=endpoint,
        port=int(cluster["Port"]),
        database=cluster["DatabaseName"],
        secret_arn=secret["SecretArn"],
        parameters=parameters,
        writer=writer,
    )


def hba_rules(parameters: dict[str, str], *, superuser: str) -> str:
    """pg_hba.conf: the local cloud's own superuser on the socket, the cluster's users over TCP."""
    lines = [f"local all {superuser} trust"]
    if parameters.get("rds.force_ssl") == "1":
        lines += [
            f"hostssl all all {LOOPBACK} scram-sha-256",
            f"hostnossl all all {LOOPBACK} reject",
        ]
    else:
        lines.append(f"host all all {LOOPBACK} scram-sha-256")
    return "\n".join(lines) + "\n"


def _configure(conn: psycopg.Connection, cluster: EmulatedCluster, credentials: dict) -> None:
    user, password = credentials["username"], credentials["password"]
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone()
    verb = "ALTER" if exists else "CREATE"
    # The secret is the truth: a rotated password is the role's password from the next make up.
    conn.execute(
        sql.SQL("{} ROLE {} " + MASTER_ROLE_OPTIONS + " PASSWORD {}").format(
            sql.SQL(verb), sql.Identifier(user), sql.Literal(password)
        )
    )
    if not conn.execute(
        "SELECT 1 FROM pg_database WHERE datname = %s", (cluster.database,)
    ).fetchone():
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(cluster.database), sql.Identifier(user)
            )
        )
    known = {row[0] for row in conn.execute("SELECT name FROM pg_settings")}
    conn.execute("ALTER SYSTEM RESET ALL")
    for name, value in sorted(cluster.parameters.items()):
        if name in known:
            conn.execute(
                sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
            )


def stand_in(config: Config, *, region: str, endpoint: str) -> Cluster:
    """Serve the emulated cluster at `endpoint` from the environment's local server."""
    aws = clients(config.moto_endpoint, region)
    cluster = read_cluster(aws["rds"], endpoint)
    if cluster.writer is None:
        raise StandInError(
            f"cluster {cluster.identifier} has no writer instance: nothing serves its endpoint"
        )
    server = local_server(config)
    if cluster.port != server.port:
        raise StandInError(
            f"cluster {cluster.identifier} listens on port {cluster.port}, the local server on "
            f"{server.port}: the apply did not set database_port; run `make up` again"
        )
    credentials = json.loads(
        aws["secretsmanager"].get_secret_value(SecretId=cluster.secret_arn)["SecretString"]
    )
    start(server, identifier=cluster.identifier, endpoint=cluster.endpoint)
    try:
        with psycopg.connect(server.socket_conninfo(), autocommit=True) as conn:
            _configure(conn, cluster, credentials)
    except psycopg.Error as exc:
        raise StandInError(f"configuring the local server for {cluster.identifier}: {exc}") from exc
    (server.datadir / "pg_hba.conf").write_text(
        hba_rules(cluster.parameters, superuser=server.user)
    )
    server.reload()
    return server
