"""Two preview environments side by side on the emulator, then one destroyed: the PR lifecycle.

Driven only through make, as the workflows are: `make up`/`make down` (the local cloud's apply and
destroy of the real root) for each environment, and `make destroy-state`/`make preview-list`
against a versioned state bucket on the same emulator, holding the environments' state where the
S3 backend keeps it (env/<ENV>/terraform.tfstate).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.workflows.wf_support import REPO_ROOT

pytestmark = pytest.mark.slow

ENVS = ("pr-1", "pr-2")
STATE_BUCKET = "lambda-shop-tfstate-lifecycle"
MAKE_TIMEOUT = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cloud:
    state_dir: Path
    moto_port: int
    edge_ports: dict[str, int]
    region: str = "eu-west-1"
    logs: list[str] = field(default_factory=list)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    def env_vars(self, env: str | None = None) -> dict[str, str]:
        values = {
            **os.environ,
            "LOCAL_STATE_DIR": str(self.state_dir),
            "MOTO_PORT": str(self.moto_port),
            "TF_STATE_BUCKET": STATE_BUCKET,
            "TF_STATE_REGION": self.region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
        values.pop("AWS_ENDPOINT_URL", None)
        if env is not None:
            values["EDGE_PORT"] = str(self.edge_ports[env])
        return values

    def make(self, *args: str, env: str | None = None, **extra: str) -> subprocess.CompletedProcess:
        variables = {**self.env_vars(env), **extra}
        cmd = ["make", "--no-print-directory", *args]
        if env is not None:
            cmd.append(f"LOCAL_ENV={env}")
        result = subprocess.run(
            cmd,
            cwd=REPO_ROOT,
            env=variables,
            capture_output=True,
            text=True,
            timeout=MAKE_TIMEOUT,
            check=False,
        )
        self.logs.append(f"$ {' '.join(cmd)} -> {result.returncode}\n{result.stdout[-3000:]}")
        return result

    def must(self, *args: str, env: str | None = None, **extra: str) -> str:
        result = self.make(*args, env=env, **extra)
        assert result.returncode == 0, (
            f"make {' '.join(args)} {env or ''} failed:\n{result.stdout[-4000:]}\n"
            f"{result.stderr[-4000:]}"
        )
        return result.stdout

    def url(self, env: str, path: str) -> str:
        return f"http://127.0.0.1:{self.edge_ports[env]}{path}"

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def env_dir(self, env: str) -> Path:
        return self.state_dir / "envs" / env


def http(method: str, url: str, body: dict | None = None, headers: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback http only
        url, data=data, method=method, headers=headers or {}
    )
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def get_json(url: str) -> Any:
    status, body = http("GET", url)
    assert status == 200, f"GET {url}: {status} {body[:300]!r}"
    return json.loads(body)


def stock(cloud: Cloud, env: str, sku: str, distribution_id: str) -> int:
    """The stock as the database has it: the edge keeps product pages for their s-maxage, as
    CloudFront does, so invalidate the path first and read once the function answers again."""
    path = f"/api/products/{sku}"
    cloud.client("cloudfront").create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": [path]},
            "CallerReference": uuid.uuid4().hex,
        },
    )
    for _ in range(120):
        with urllib.request.urlopen(cloud.url(env, path), timeout=60) as response:  # noqa: S310 - the local edge
            body, state = response.read(), response.headers.get("x-cache", "")
        if state.startswith("Miss"):
            return json.loads(body)["stock"]
        time.sleep(0.25)
    raise AssertionError(f"the {env} edge kept serving {path} from its cache")


def belongs(name: str, env: str) -> bool:
    # lambda-shop-pr-1, lambda-shop-pr-1-web, lambda-shop-pr-1/django-secret-key; never pr-10.
    return re.search(rf"lambda-shop-{re.escape(env)}(?![0-9a-z])", name) is not None


def inventory(cloud: Cloud) -> dict[str, list[str]]:
    """Every name the stack creates, per kind, straight from the emulator's APIs."""
    cf = cloud.client("cloudfront")
    distributions = cf.list_distributions()["DistributionList"].get("Items") or []
    dist_envs = []
    for d in distributions:
        tags = cf.list_tags_for_resource(Resource=d["ARN"])["Tags"].get("Items") or []
        env_tag = next((t["Value"] for t in tags if t["Key"] == "Environment"), "?")
        dist_envs.append(f"lambda-shop-{env_tag} {d['Id']} {d.get('Comment', '')}")
    tagged = cloud.client("resourcegroupstaggingapi").get_resources()["ResourceTagMappingList"]
    return {
        "functions": [
            f["FunctionName"] for f in cloud.client("lambda").list_functions()["Functions"]
        ],
        "buckets": [b["Name"] for b in cloud.client("s3").list_buckets()["Buckets"]],
        "distributions": dist_envs,
        "cloudfront functions": [
            f["Name"] for f in cf.list_functions()["FunctionList"].get("Items") or []
        ],
        "http apis": [a["Name"] for a in cloud.client("apigatewayv2").get_apis()["Items"]],
        "secrets": [s["Name"] for s in cloud.client("secretsmanager").list_secrets()["SecretList"]],
        "roles": [r["RoleName"] for r in cloud.client("iam").list_roles()["Roles"]],
        "log groups": [
            g["logGroupName"] for g in cloud.client("logs").describe_log_groups()["logGroups"]
        ],
        "tagged": [
            f"lambda-shop-{t['Value']} {m['ResourceARN']}"
            for m in tagged
            for t in m["Tags"]
            if t["Key"] == "Environment"
        ],
    }


def of_env(found: dict[str, list[str]], env: str) -> dict[str, list[str]]:
    return {kind: [n for n in names if belongs(n, env)] for kind, names in found.items()}


def state_files(cloud: Cloud, env: str) -> list[Path]:
    # .terraform/terraform.tfstate is Terraform's backend settings, not the environment's state.
    found = cloud.env_dir(env).rglob("terraform.tfstate")
    return sorted(p for p in found if ".terraform" not in p.parts)


def managed_resources(path: Path) -> int:
    state = json.loads(path.read_text())
    return sum(1 for r in state.get("resources", []) if r.get("mode") == "managed")


def push_state(cloud: Cloud, env: str) -> None:
    """Store env's current state where the S3 backend would (a new version on every write)."""
    (path,) = state_files(cloud, env)
    cloud.client("s3").put_object(
        Bucket=STATE_BUCKET, Key=f"env/{env}/terraform.tfstate", Body=path.read_bytes()
    )


def state_keys(cloud: Cloud, env: str) -> list[str]:
    listing = cloud.client("s3").list_object_versions(Bucket=STATE_BUCKET, Prefix=f"env/{env}/")
    return [v["Key"] for v in listing.get("Versions", []) + listing.get("DeleteMarkers", [])]


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    ports = {env: free_port() for env in ENVS}
    cloud = Cloud(tmp_path_factory.mktemp("lifecycle"), free_port(), ports)
    try:
        yield cloud
    finally:
        # Shown by pytest only when the test failed: what the edges and functions said.
        for log in sorted(cloud.state_dir.glob("envs/*/*.log")):
            if log.name != "terraform.log":
                print(f"--- {log}\n{log.read_text(errors='replace')[-3000:]}")
        # Best effort: a failed test must not leave an emulator or edges running. The emulator
        # goes first: its contents die with it, so `make down` only has to stop the edges.
        cloud.make("moto-down")
        for env in ENVS:
            cloud.make("down", env=env)


def test_two_previews_side_by_side_then_one_destroyed(cloud: Cloud):
    # 1. pr-1 and pr-2 side by side on one emulator. One after the other: two concurrent
    #    `make up` runs race on the local cloud's shared unpacked-code cache.
    for env in ENVS:
        cloud.must("up", env=env)
    deployments = {
        env: json.loads((cloud.env_dir(env) / "deployment.json").read_text()) for env in ENVS
    }
    assert deployments["pr-1"]["distribution_id"] != deployments["pr-2"]["distribution_id"]
    for env in ENVS:
        assert deployments[env]["function_name"] == f"lambda-shop-{env}-web"

    found = inventory(cloud)
    for env in ENVS:
        mine = of_env(found, env)
        for kind in ("functions", "buckets", "distributions", "http apis", "secrets"):
            assert mine[kind], f"{env} has no {kind}: {found[kind]}"

    # 2. Each serves its own shop: an order in pr-1 changes pr-1's stock and nothing in pr-2.
    for env in ENVS:
        status, html = http("GET", cloud.url(env, "/"))
        assert status == 200 and b"<html" in html.lower(), f"{env} storefront: {status}"
    products = get_json(cloud.url("pr-1", "/api/products"))["results"]
    sku = next(p["sku"] for p in products if p["stock"] >= 2)
    before = {env: stock(cloud, env, sku, deployments[env]["distribution_id"]) for env in ENVS}
    status, body = http(
        "POST",
        cloud.url("pr-1", "/api/orders"),
        {"email": "lifecycle@example.com", "lines": [{"sku": sku, "quantity": 1}]},
        {"Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, body[:500]
    assert stock(cloud, "pr-1", sku, deployments["pr-1"]["distribution_id"]) == before["pr-1"] - 1
    assert stock(cloud, "pr-2", sku, deployments["pr-2"]["distribution_id"]) == before["pr-2"]

    # The state bucket as the S3 backend keeps it, and the destroy-state guard before a destroy.
    s3 = cloud.client("s3")
    location = {"LocationConstraint": cloud.region}
    s3.create_bucket(Bucket=STATE_BUCKET, CreateBucketConfiguration=location)
    s3.put_bucket_versioning(Bucket=STATE_BUCKET, VersioningConfiguration={"Status": "Enabled"})
    for env in ENVS:
        push_state(cloud, env)
    endpoint = {"AWS_ENDPOINT_URL": cloud.endpoint}

    # The PR comment and the environment URL: `make preview-report` reads `make outputs` through
    # mk/terraform.mk's own S3 backend setup (plus emulator-only flags) from that bucket.
    (pr2_state,) = state_files(cloud, "pr-2")
    shop_url = json.loads(pr2_state.read_text())["outputs"]["shop_url"]["value"]
    ci_out = cloud.state_dir / "ci"
    ci_out.mkdir()
    # The local cloud's apply log holds Terraform's own "Plan: N to add, ..." line.
    shutil.copyfile(cloud.env_dir("pr-2") / "terraform.log", ci_out / "plan-pr-2.log")
    gh_output = ci_out / "github_output"
    gh_output.touch()
    cloud.must(
        "preview-report",
        "ENV=pr-2",
        f"TF_DATA={cloud.state_dir / 'tf-data' / 'pr-2'}",
        CI_OUT=str(ci_out),
        GITHUB_OUTPUT=str(gh_output),
        COMMIT_SHA="0123456789abcdef0123",
        AWS_ENDPOINT_URL_S3=cloud.endpoint,
        TF_BACKEND_CONFIG="tests/workflows/fixtures/backend-emulator.hcl",
    )
    comment = (ci_out / "comment.md").read_text()
    assert "`pr-2`" in comment and shop_url in comment and "`0123456789ab`" in comment
    assert re.search(r"\*\*Plan:\*\* \d+ to add, 0 to change, 0 to destroy", comment), comment
    assert gh_output.read_text().splitlines()[0] == f"url={shop_url}"
    refused = cloud.make("destroy-state", "ENV=pr-1", **endpoint)
    assert refused.returncode != 0
    assert "run `make destroy ENV=pr-1` first" in refused.stderr
    assert state_keys(cloud, "pr-1")

    # 3. Destroy pr-1, then remove its state, as preview.yml does on close.
    cloud.must("down", env="pr-1")
    push_state(cloud, "pr-1")  # the backend's last write: the state after destroy
    cloud.must("destroy-state", "ENV=pr-1", **endpoint)

    # 4. pr-2 still serves, with its own data intact.
    assert get_json(cloud.url("pr-2", "/api/health"))["status"] == "ok"
    assert stock(cloud, "pr-2", sku, deployments["pr-2"]["distribution_id"]) == before["pr-2"]
    status, _ = http("GET", cloud.url("pr-2", "/"))
    assert status == 200

    # 5. Nothing of pr-1 is left: no function, bucket, distribution, API, secret, role, log group
    #    or tagged resource on the emulator, no state in the bucket, no state tracking a resource.
    found = inventory(cloud)
    leftovers = {kind: names for kind, names in of_env(found, "pr-1").items() if names}
    assert not leftovers, f"pr-1 left behind: {leftovers}"
    for kind in ("functions", "buckets", "distributions", "http apis", "secrets"):
        assert of_env(found, "pr-2")[kind], f"destroying pr-1 took pr-2's {kind} with it"
    assert state_keys(cloud, "pr-1") == []
    assert state_keys(cloud, "pr-2") == ["env/pr-2/terraform.tfstate"]
    for path in state_files(cloud, "pr-1"):
        assert managed_resources(path) == 0, f"{path} still tracks resources"
    listed = cloud.must("preview-list", **endpoint)
    assert [line.split("\t")[0] for line in listed.splitlines() if "\t" in line] == ["pr-2"]
    with pytest.raises(OSError):
        urllib.request.urlopen(cloud.url("pr-1", "/api/health"), timeout=5)  # noqa: S310
