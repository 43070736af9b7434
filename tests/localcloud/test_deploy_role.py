"""The environment is applied as the bootstrap's deploy role: a permission it lacks fails the apply.

The real terraform/bootstrap is applied to a fresh emulator, one action is taken out of the deploy
role's policy as it is attached there, and the real root's apply (as `make up` runs it, with the
role's session) must fail naming that action.
"""

from __future__ import annotations

import json
import shutil

import pytest

from localcloud.config import Config
from localcloud.emulator.server import MotoServer
from localcloud.environment import bootstrap
from localcloud.environment.deployment import clients
from localcloud.environment.terraform import TerraformError
from localcloud.environment.up import terraform_for
from tests.localcloud.aws import fake_zip
from tests.localcloud.conftest import REPO, free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("terraform") is None, reason="needs terraform on PATH"),
]


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory):
    state = tmp_path_factory.mktemp("deploy-role")
    config = Config(
        env="pr-9", moto_port=free_port(), edge_port=free_port(), region="eu-west-1",
        state_dir=state, repo_root=REPO,
    )  # fmt: skip
    moto = MotoServer(config)
    moto.start()
    try:
        yield config, moto
    finally:
        moto.stop()


def _without(document: dict, action: str) -> dict:
    statements = []
    for statement in document["Statement"]:
        actions = statement["Action"]
        actions = actions if isinstance(actions, list) else [actions]
        statements.append({**statement, "Action": [a for a in actions if a != action]})
    return {**document, "Statement": statements}


def test_bootstrap_is_applied_once_per_emulator(emulator):
    config, moto = emulator
    first = bootstrap.ensure(config, moto)
    stamp = (config.moto_dir / "bootstrap" / "applied.json").read_text()
    assert bootstrap.ensure(config, moto) == first
    assert (config.moto_dir / "bootstrap" / "applied.json").read_text() == stamp
    role = clients(config.moto_endpoint, config.region)["iam"].get_role(
        RoleName=first["deploy_roles"]["preview"]["arn"].rsplit("/", 1)[-1]
    )
    assert role["Role"]["Arn"] == first["deploy_roles"]["preview"]["arn"]


def test_a_missing_permission_fails_the_apply_and_is_named(emulator, tmp_path):
    config, moto = emulator
    outputs = bootstrap.ensure(config, moto)
    iam = clients(config.moto_endpoint, config.region)["iam"]
    compute = next(
        p["PolicyArn"]
        for p in iam.list_attached_role_policies(
            RoleName=outputs["deploy_roles"]["preview"]["arn"].rsplit("/", 1)[-1]
        )["AttachedPolicies"]
        if p["PolicyName"].endswith("-compute")
    )
    version = iam.get_policy(PolicyArn=compute)["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=compute, VersionId=version)["PolicyVersion"]
    document = document["Document"]
    document = json.loads(document) if isinstance(document, str) else document
    assert "lambda:CreateFunction" in json.dumps(document)
    iam.create_policy_version(
        PolicyArn=compute,
        PolicyDocument=json.dumps(_without(document, "lambda:CreateFunction")),
        SetAsDefault=True,
    )

    package = tmp_path / "lambda.zip"
    package.write_bytes(fake_zip())
    tf = terraform_for(config)
    tf.variables.update(lambda_zip_path=str(package), upload_site_files=False)
    tf.sync()
    tf.credentials = bootstrap.deploy_session(config, moto)
    tf.init()
    with pytest.raises(TerraformError) as failed:
        tf.apply()
    message = str(failed.value)
    assert "is not authorized to perform: lambda:CreateFunction" in message
    assert "assumed-role/github-deploy-lambda-shop-preview/localcloud-pr-9" in message
