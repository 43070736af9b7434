"""The local PostgreSQL server standing in for an emulated Aurora cluster, as make up runs it."""

import json

import psycopg
import pytest

from localcloud.config import Config
from localcloud.rds import server as rds_server
from localcloud.rds.standin import StandInError, hba_rules, stand_in
from tests.localcloud.aws import REGION, aurora_cluster, client

pytestmark = pytest.mark.postgres


def test_force_ssl_admits_the_clusters_users_over_tls_only():
    forced = hba_rules({"rds.force_ssl": "1"}, superuser="postgres").splitlines()
    assert forced == [
        "local all postgres trust",
        "hostssl all all 127.0.0.1/32 scram-sha-256",
        "hostnossl all all 127.0.0.1/32 reject",
    ]
    assert hba_rules({}, superuser="pg").splitlines()[1:] == [
        "host all all 127.0.0.1/32 scram-sha-256"
    ]


def _emulated_cluster(endpoint: str, name: str, port: int, *, writer: bool = True) -> dict:
    rds = client(endpoint, "rds")
    group = rds.create_db_cluster_parameter_group(
        DBClusterParameterGroupName=name,
        DBParameterGroupFamily="aurora-postgresql16",
        Description="test",
    )["DBClusterParameterGroup"]["DBClusterParameterGroupName"]
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=group,
        Parameters=[
            {"ParameterName": "log_statement", "ParameterValue": "ddl", "ApplyMethod": "immediate"},
            {"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"},
        ],
    )
    cluster = aurora_cluster(endpoint, name, Port=port, DBClusterParameterGroupName=group)
    if writer:
        rds.create_db_instance(
            DBInstanceIdentifier=f"{name}-1",
            DBClusterIdentifier=name,
            Engine="aurora-postgresql",
            DBInstanceClass="db.serverless",
        )
    return cluster


def _credentials(endpoint: str, cluster: dict) -> dict:
    secret = client(endpoint, "secretsmanager").get_secret_value(
        SecretId=cluster["MasterUserSecret"]["SecretArn"]
    )
    return json.loads(secret["SecretString"])


def _connect(cluster: dict, credentials: dict, *, sslmode: str = "require") -> psycopg.Connection:
    # As the functions connect: the endpoint's name, the address from PGHOSTADDR's value.
    return psycopg.connect(
        host=cluster["Endpoint"],
        hostaddr=rds_server.RUNTIME_ENVIRONMENT["PGHOSTADDR"],
        port=cluster["Port"],
        user=credentials["username"],
        password=credentials["password"],
        dbname=cluster["DatabaseName"],
        sslmode=sslmode,
        connect_timeout=5,
    )


@pytest.fixture
def config(tmp_path, moto_endpoint) -> Config:
    port = int(moto_endpoint.rsplit(":", 1)[1])
    config = Config(
        env="rdstest", moto_port=port, edge_port=1, region=REGION, state_dir=tmp_path / "state"
    )
    yield config
    rds_server.remove(config)


def test_the_server_takes_the_clusters_credentials_database_and_parameters(config, moto_endpoint):
    server = rds_server.local_server(config)
    cluster = _emulated_cluster(moto_endpoint, "standin-a", server.port)
    credentials = _credentials(moto_endpoint, cluster)

    stand_in(config, region=REGION, endpoint=cluster["Endpoint"])

    with _connect(cluster, credentials) as conn:
        ssl = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert ssl == (True,)
        assert conn.execute("SHOW log_statement").fetchone() == ("ddl",)
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = 'shop'").fetchone() == (
            False,
        )
        conn.execute("CREATE TABLE kept (id int)")
        conn.commit()
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        _connect(cluster, credentials, sslmode="disable")

    # A rotated secret is the password from the next make up on; the data is kept.
    secrets = client(moto_endpoint, "secretsmanager")
    rotated = {**credentials, "password": "rotated-Passw0rd-xyz"}
    secrets.put_secret_value(
        SecretId=cluster["MasterUserSecret"]["SecretArn"], SecretString=json.dumps(rotated)
    )
    server.stop(remove=False)
    stand_in(config, region=REGION, endpoint=cluster["Endpoint"])
    with _connect(cluster, rotated) as conn:
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (0,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(cluster, credentials)

    assert rds_server.remove(config)
    assert not rds_server.server_root(config).exists()
    assert rds_server.local_server(config).port == server.port, "the port stays the env's"


def test_a_cluster_without_a_writer_or_on_another_port_is_not_served(config, moto_endpoint):
    server = rds_server.local_server(config)
    lonely = _emulated_cluster(moto_endpoint, "standin-b", server.port, writer=False)
    with pytest.raises(StandInError, match="no writer instance"):
        stand_in(config, region=REGION, endpoint=lonely["Endpoint"])
    elsewhere = _emulated_cluster(moto_endpoint, "standin-c", server.port + 1)
    with pytest.raises(StandInError, match="listens on port"):
        stand_in(config, region=REGION, endpoint=elsewhere["Endpoint"])
    with pytest.raises(StandInError, match="no database cluster"):
        stand_in(config, region=REGION, endpoint="nowhere.cluster-x.eu-west-1.rds.amazonaws.com")
