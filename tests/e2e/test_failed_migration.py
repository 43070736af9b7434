"""A release whose migration fails, then the next release: real applies of the environment's root.

As `make up` applies it (as the deploy role), first with a package that is the build plus one
migration that fails, and a hashed static file more: Terraform publishes the new versions, runs
migrate in the new manage version (terraform/deploy.tf) against the environment's database, and
must stop there, with every alias where it was. Then the build again, which drops that hashed file:
the previous release's pages may still name it, so it stays until pruned (tools/release/assets).
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from localcloud.config import DEFAULT_REGION, Config
from localcloud.emulator.server import MotoServer
from localcloud.environment import bootstrap
from localcloud.environment.terraform import TerraformError
from localcloud.environment.up import root_variables, terraform_for
from tests.e2e.shop import ENV_NAME, LocalShop
from tools.release import aliases, assets
from tools.release.target import Target

pytestmark = pytest.mark.slow

MIGRATIONS = "shop/migrations/"
FAILING = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "{after}")]
    operations = [migrations.RunSQL("SELECT 1 / 0", reverse_sql=migrations.RunSQL.noop)]
"""


def _failing_package(built: Path, dest: Path) -> Path:
    """The build with a migration after the newest one that fails in PostgreSQL."""
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(dest, "w") as out:
        names = source.namelist()
        latest = max(
            n.removeprefix(MIGRATIONS).removesuffix(".py")
            for n in names
            if re.fullmatch(re.escape(MIGRATIONS) + r"\d{4}_\w+\.py", n)
        )
        for name in names:
            out.writestr(source.getinfo(name), source.read(name))
        out.writestr(f"{MIGRATIONS}9999_release_test_fails.py", FAILING.format(after=latest))
    return dest


def _served(target: Target) -> dict[str, str]:
    return {role: aliases.read(target, role).version for role in target.roles()}


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the local edge
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@dataclass
class Releases:
    """What the failed release and the one after it left behind."""

    target: Target
    before: dict[str, str]  # role -> version the aliases served before the failed release
    published_before: dict[str, str]
    published_after_failure: dict[str, str]
    served_after_failure: dict[str, str]
    shop_status_after_failure: int
    error: str
    dropped_asset: str  # a hashed file only the failed release's build had
    dropped_status_after_next: int


@pytest.fixture(scope="module")
def releases(local_shop: LocalShop, tmp_path_factory: pytest.TempPathFactory) -> Releases:
    shop, work = local_shop, tmp_path_factory.mktemp("releases")
    config = Config(
        env=ENV_NAME,
        moto_port=int(shop.env["MOTO_PORT"]),
        edge_port=int(shop.env["EDGE_PORT"]),
        region=shop.env.get("AWS_REGION", DEFAULT_REGION),
        state_dir=Path(shop.env["LOCAL_STATE_DIR"]),
    )
    target = Target(
        env=ENV_NAME,
        prefix=shop.deployment["name_prefix"],
        region=shop.deployment["region"],
        endpoint=shop.moto_endpoint,
        credentials={"aws_access_key_id": "testing", "aws_secret_access_key": "testing"},
        bucket_names=shop.deployment["bucket_names"],
    )
    before = _served(target)
    published_before = {role: aliases.published(target, role)[-1] for role in before}
    # The failed release's build: the package with a failing migration, and a hashed file more.
    static = work / "static"
    shutil.copytree(config.dist_dir / "static", static)
    (static / "release-test.0123456789ab.css").write_text("body { color: red }\n")
    tf = terraform_for(config)
    tf.credentials = bootstrap.deploy_session(config, MotoServer(config))
    tf.variables["lambda_zip_path"] = str(_failing_package(config.lambda_zip, work / "bad.zip"))
    tf.variables["static_dir"] = str(static)
    tf.sync()
    # The state is the one make up just applied: refreshing every resource again proves nothing.
    try:
        with pytest.raises(TerraformError) as failed:
            tf.apply(refresh=False)
        after_failure = {role: aliases.published(target, role)[-1] for role in before}
        served_after_failure = _served(target)
        shop_status = _status(shop.url + "/api/products?page_size=1")
    finally:
        # The next release, the build again, as make up applies it: the hashed file it dropped is
        # forgotten, not deleted; a new version is migrated, then the aliases move.
        tf.variables = root_variables(config)
        tf.sync()
        tf.forget(assets.retired(tf.state(), root=tf.root))
        tf.apply(refresh=False)
    dropped = "static/release-test.0123456789ab.css"
    return Releases(
        target=target,
        before=before,
        published_before=published_before,
        published_after_failure=after_failure,
        served_after_failure=served_after_failure,
        shop_status_after_failure=shop_status,
        error=str(failed.value),
        dropped_asset=dropped,
        dropped_status_after_next=_status(f"{shop.url}/{dropped}"),
    )


def test_a_failing_migration_moves_no_alias(releases: Releases) -> None:
    r = releases
    # The apply stopped on the migration's postcondition, with the migration's own output.
    assert "The migrate command failed, so every alias stays on the version it served" in r.error
    assert "Applying shop.9999_release_test_fails" in r.error
    assert "division by zero" in r.error
    # New versions were published; no alias moved to them, and the shop kept serving from the
    # old versions, against the schema the failed migration left as it was.
    assert all(int(r.published_after_failure[k]) > int(v) for k, v in r.published_before.items())
    assert r.served_after_failure == r.before
    assert r.shop_status_after_failure == 200
    # The release after it migrated its new version, and only then moved the aliases.
    assert all(int(v) > int(r.before[k]) for k, v in _served(r.target).items())
