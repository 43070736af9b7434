"""The bootstrap root on the emulator, and the deploy-role session every environment applies with.

`terraform/bootstrap` is applied once per emulator (moto keeps everything in memory, so a new
moto gets it again), as an account administrator would apply it: with the emulator's dummy,
unrestricted keys. Its state stays beside the mirror in `.local/moto/<port>/bootstrap/`.

Environments are then applied and destroyed as the deploy role of their trust level, one role per
level as on AWS: `staging` and `production` as theirs, every other local environment as the
preview role (pull requests' `pr-<n>`, and `make up`'s default `local`, which the emulator's
bootstrap adds to the preview role's environments: a working tree is a preview of a change). Any
other name is refused before Terraform runs, as the preview role could not touch its resources.
On AWS, GitHub Actions gets that role's session with AssumeRoleWithWebIdentity and an OIDC token
of the workflow run. Locally no GitHub issues the token, so the stand-in is:
- the subject the run would have (`repo:<repo>:environment:<env>` for pr-*, staging and
  production, `repo:<repo>:pull_request` for `local`) is checked against the role's real trust
  policy with the same evaluator the emulator enforces with (so a role that would not trust that
  run is refused here);
- then moto's STS issues the session (it does not verify tokens) for the role as the bootstrap
  created it. Requests signed with it are authorized against exactly the policies attached to
  that role (localcloud.emulator.ext.iam).
"""

from __future__ import annotations

import base64
import fnmatch
import json
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from localcloud.config import Config
from localcloud.emulator.server import MotoServer
from localcloud.environment.deployment import clients
from localcloud.environment.terraform import EmulatorTerraform
from localcloud.iam.policy import PermissionResult, decide

# The repository the emulator's bootstrap trusts (any owner/name does: nothing verifies it).
GITHUB_REPOSITORY = "localcloud/lambda-shop"
OIDC_HOST = "token.actions.githubusercontent.com"
# What the preview role manages on the emulator: pull requests' environments, as on AWS, and the
# local cloud's default environment (LOCAL_ENV's default in mk/localcloud.mk).
PREVIEW_ENVIRONMENTS = ["pr-*", "local"]


class BootstrapError(RuntimeError):
    """The bootstrap cannot be applied, or its role would not be granted to this run."""


def github_subject(env: str, repository: str = GITHUB_REPOSITORY) -> str:
    """The OIDC `sub` of the workflow job that deploys `env` (see .github/workflows); a local
    environment's is a pull request's job without a GitHub environment."""
    if env.startswith("pr-") or env in {"staging", "production"}:
        return f"repo:{repository}:environment:{env}"
    return f"repo:{repository}:pull_request"


def deploy_role(outputs: dict[str, Any], env: str) -> str:
    """The ARN of the bootstrap's role whose environments include `env` (one per trust level)."""
    roles = outputs["deploy_roles"]
    for role in roles.values():
        if any(fnmatch.fnmatchcase(env, pattern) for pattern in role["environments"]):
            return role["arn"]
    levels = ", ".join(f"{k}: {' '.join(r['environments'])}" for k, r in roles.items())
    raise BootstrapError(
        f"no deploy role manages environment {env!r} ({levels}); "
        "name a local environment pr-<something>, or use the default (local)"
    )


def bootstrap_terraform(config: Config) -> EmulatorTerraform:
    environments = config.repo_root / "environments"
    return EmulatorTerraform(
        config,
        variables={
            "github_repository": GITHUB_REPOSITORY,
            "preview_environments": PREVIEW_ENVIRONMENTS,
        },
        var_files=[environments / "common.tfvars"],
        source="terraform/bootstrap",
        # The root's overrides but its us-east-1 provider (links to them): every service at the
        # emulator, local state, and (without a session) the administrator's dummy keys.
        overrides="bootstrap",
        workspace=config.moto_dir / "bootstrap",
    )


def _stamp(tf: EmulatorTerraform) -> Path:
    return tf.workspace / "applied.json"


def ensure(config: Config, moto: MotoServer) -> dict[str, Any]:
    """Apply the bootstrap unless this emulator already holds it as the sources say; its outputs."""
    tf = bootstrap_terraform(config)
    instance = moto.instance_id()
    try:
        last = json.loads(_stamp(tf).read_text())
    except (FileNotFoundError, ValueError):
        last = {}
    tf.sync()
    fingerprint = tf.fingerprint()
    if tf.has_resources() and not _emulator_holds(config, tf, instance, last):
        tf.forget_state()
    if last.get("fingerprint") != fingerprint or not tf.has_resources():
        _stamp(tf).unlink(missing_ok=True)
        tf.init()
        tf.apply()
        _stamp(tf).write_text(json.dumps({"moto": instance, "fingerprint": fingerprint}) + "\n")
    return tf.outputs()


def _emulator_holds(
    config: Config, tf: EmulatorTerraform, instance: str | None, last: dict[str, Any]
) -> bool:
    if instance is not None:
        return last.get("moto") == instance
    # A moto started elsewhere: ask it whether the role the state records exists.
    try:
        role = tf.outputs()["deploy_roles"]["preview"]["arn"]
        clients(config.moto_endpoint, config.region)["iam"].get_role(
            RoleName=role.rsplit("/", 1)[-1]
        )
    except (ClientError, KeyError, TypeError, ValueError):
        return False
    return True


def _token(subject: str) -> str:
    """A JWT-shaped token with GitHub's claims; unsigned, as nothing locally verifies it."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"iss": f"https://{OIDC_HOST}", "aud": "sts.amazonaws.com", "sub": subject}
    return f"{part({'alg': 'none'})}.{part(claims)}."


def deploy_session(config: Config, moto: MotoServer) -> dict[str, str]:
    """A session of the bootstrap's deploy role for `config.env`'s trust level, as Terraform's
    provider credentials (access_key, secret_key, session_token)."""
    return assume(config, ensure(config, moto), config.env)


def assume(config: Config, outputs: dict[str, Any], env: str) -> dict[str, str]:
    """The session the workflow job deploying `env` would get, from the bootstrap's `outputs`."""
    role_arn = deploy_role(outputs, env)
    provider_arn = outputs["oidc_provider_arn"]
    iam = clients(config.moto_endpoint, config.region)["iam"]
    role = iam.get_role(RoleName=role_arn.rsplit("/", 1)[-1])["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = json.loads(trust) if isinstance(trust, str) else trust
    subject = github_subject(env)
    context = {f"{OIDC_HOST}:sub": subject, f"{OIDC_HOST}:aud": "sts.amazonaws.com"}
    verdict = decide(
        [_as_resource_policy(trust, role_arn)],
        "sts:AssumeRoleWithWebIdentity",
        role_arn,
        context,
        service=provider_arn,
    )
    if verdict != PermissionResult.PERMITTED:
        raise BootstrapError(
            f"{role_arn} does not trust the workflow run that deploys {env!r} "
            f"(OIDC subject {subject}); see terraform/bootstrap's deploy_roles"
        )
    sts = clients(config.moto_endpoint, config.region)["sts"]
    credentials = sts.assume_role_with_web_identity(
        RoleArn=role_arn,
        RoleSessionName=f"localcloud-{env}",
        WebIdentityToken=_token(subject),
        DurationSeconds=int(role.get("MaxSessionDuration") or 3600),
    )["Credentials"]
    return {
        "access_key": credentials["AccessKeyId"],
        "secret_key": credentials["SecretAccessKey"],
        "session_token": credentials["SessionToken"],
    }


def _as_resource_policy(trust: dict[str, Any], role_arn: str) -> dict[str, Any]:
    # A trust policy is the role's resource policy; its statements name no Resource.
    statements = trust.get("Statement")
    statements = statements if isinstance(statements, list) else [statements]
    return {"Statement": [{**s, "Resource": role_arn} for s in statements]}
