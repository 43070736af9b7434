"""Staging's and production's shapes apply to the emulator and destroy without leftovers.

Each follows its own tfvars (capacity, two database instances in production, a final snapshot,
longer retention), plus local.tfvars' emulator limits. Only deletion protection is switched off,
for the test, so that the destroy can run at all. Both environments go side by side, in one apply
and one destroy each, to keep the suite's time down. Each is applied as its own trust level's
deploy role; between apply and destroy, the preview role (a pull request's session, with the
policies the bootstrap attached) is refused on staging's resources and allowed on its own.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from localcloud.config import Config
from localcloud.emulator.server import MotoServer
from localcloud.environment import bootstrap
from localcloud.environment.down import empty_buckets
from localcloud.environment.inventory import leftovers
from localcloud.environment.terraform import EmulatorTerraform
from localcloud.environment.up import root_variables
from tests.localcloud.aws import REGION, client

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
ENVIRONMENTS = REPO / "environments"
SHAPES = {"staging": 1, "production": 2}


@pytest.fixture(scope="module")
def built() -> None:
    # Terraform hashes the package; make build is a no-op when dist/ is current.
    subprocess.run(["make", "build"], cwd=REPO, check=True, capture_output=True)


def _terraform(env: str, endpoint: str, state_dir: Path) -> EmulatorTerraform:
    config = Config(
        env=env,
        moto_port=int(endpoint.rsplit(":", 1)[1]),
        edge_port=1,
        region=REGION,
        state_dir=state_dir,
    )
    tf = EmulatorTerraform(
        config,
        variables={
            **root_variables(config),
            # The one change for the test: protected clusters cannot be destroyed at all.
            "database_deletion_protection": False,
            # The uploads and the migration are proven by the preview environments (tests/e2e);
            # this emulator's clusters have no local database server behind them.
            "upload_site_files": False,
            "run_migrations": False,
        },
        var_files=[
            ENVIRONMENTS / "common.tfvars",
            ENVIRONMENTS / f"{env}.tfvars",
            ENVIRONMENTS / "local.tfvars",
        ],
    )
    # As the bootstrap's deploy role, trusted for this GitHub environment (applied once).
    tf.credentials = bootstrap.deploy_session(config, MotoServer(config))
    return tf


def _as(session: dict[str, str], endpoint: str, service: str):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=session["access_key"],
        aws_secret_access_key=session["secret_key"],
        aws_session_token=session["session_token"],
        config=BotoConfig(retries={"max_attempts": 1}, s3={"addressing_style": "path"}),
    )


def _denied(call, *args, **kwargs) -> str:
    with pytest.raises(ClientError) as refused:
        call(*args, **kwargs)
    code = refused.value.response["Error"]["Code"]
    assert code in {"AccessDenied", "AccessDeniedException"}, refused.value
    return str(refused.value)


def _preview_is_refused_on_staging(tf: EmulatorTerraform, outputs: dict) -> None:
    """A pull request's session (the preview role, as the bootstrap made it) against staging's
    function, log group and state, then the same calls on a preview environment's names."""
    config, endpoint = tf.config, tf.config.moto_endpoint
    moto = MotoServer(config)
    made = bootstrap.ensure(config, moto)
    session = bootstrap.assume(config, made, "pr-77")
    assert bootstrap.deploy_role(made, "pr-77").endswith("/github-deploy-lambda-shop-preview")
    functions, logs, s3 = (_as(session, endpoint, s) for s in ("lambda", "logs", "s3"))
    web = outputs["web_function_name"]
    assert web.startswith("lambda-shop-staging-")
    message = _denied(functions.update_function_configuration, FunctionName=web, Timeout=3)
    assert "assumed-role/github-deploy-lambda-shop-preview/localcloud-pr-77" in message
    assert "lambda:UpdateFunctionConfiguration" in message
    _denied(logs.put_retention_policy, logGroupName=f"/aws/lambda/{web}", retentionInDays=1)
    state = made["state_bucket_name"]
    _denied(s3.get_object, Bucket=state, Key="env/staging/terraform.tfstate")
    # Unchanged by the refused call.
    admin = client(endpoint, "lambda").get_function_configuration(FunctionName=web)
    assert admin["Timeout"] != 3

    # Its own: a pull request's log group and state key.
    own = "/aws/lambda/lambda-shop-pr-77-web"
    logs.create_log_group(logGroupName=own)
    logs.put_retention_policy(logGroupName=own, retentionInDays=1)
    logs.delete_log_group(logGroupName=own)
    s3.put_object(Bucket=state, Key="env/pr-77/terraform.tfstate", Body=b"{}")
    s3.delete_object(Bucket=state, Key="env/pr-77/terraform.tfstate")


def _apply(tf: EmulatorTerraform) -> dict:
    tf.sync()
    tf.init()
    tf.apply()
    return tf.outputs()


def _destroy(tf: EmulatorTerraform, outputs: dict) -> None:
    empty_buckets(tf.config.moto_endpoint, REGION, outputs["bucket_names"].values())
    tf.destroy()


def test_staging_and_production_apply_and_destroy_without_leftovers(built, moto_endpoint, tmp_path):
    tfs = {env: _terraform(env, moto_endpoint, tmp_path) for env in SHAPES}
    with ThreadPoolExecutor(len(tfs)) as pool:
        outputs = dict(zip(tfs, pool.map(_apply, tfs.values()), strict=True))

    rds = client(moto_endpoint, "rds")
    for env, instances in SHAPES.items():
        (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=f"lambda-shop-{env}")[
            "DBClusters"
        ]
        assert cluster["Endpoint"] == outputs[env]["database_endpoint"]
        assert len(cluster["DBClusterMembers"]) == instances, env
        assert [m["IsClusterWriter"] for m in cluster["DBClusterMembers"]].count(True) == 1
        functions = client(moto_endpoint, "lambda")
        vpc = functions.get_function_configuration(FunctionName=outputs[env]["web_function_name"])[
            "VpcConfig"
        ]["VpcId"]
        subnet_group = rds.describe_db_subnet_groups(DBSubnetGroupName=cluster["DBSubnetGroup"])
        assert vpc == subnet_group["DBSubnetGroups"][0]["VpcId"], "functions in the cluster's VPC"

    _preview_is_refused_on_staging(tfs["staging"], outputs["staging"])
    # Nor may staging's role change production's function.
    staging_role = _as(tfs["staging"].credentials, moto_endpoint, "lambda")
    _denied(
        staging_role.update_function_configuration,
        FunctionName=outputs["production"]["web_function_name"],
        Timeout=3,
    )

    with ThreadPoolExecutor(len(tfs)) as pool:
        list(pool.map(_destroy, tfs.values(), [outputs[env] for env in tfs]))

    for env in SHAPES:
        found = leftovers(moto_endpoint, REGION, f"lambda-shop-{env}")
        snapshots = found.pop("db cluster snapshots")
        # Kept on purpose: the final snapshot the environment's file asks for, and only that.
        assert [s.rsplit("-", 1)[0] for s in snapshots] == [f"lambda-shop-{env}-final"], env
        assert found == {kind: [] for kind in found}, env
        for snapshot in snapshots:
            rds.delete_db_cluster_snapshot(DBClusterSnapshotIdentifier=snapshot)
