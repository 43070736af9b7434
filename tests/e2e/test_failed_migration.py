"""A release whose migration fails, the next release, then `make rollback`: real applies of the
environment's root.

As `make up` applies it (as the deploy role), first with a package that is the build plus one
migration that fails, and a hashed static file more: Terraform publishes the new versions, runs
migrate in the new manage version (terraform/deploy.tf) against the environment's database, and
must stop there, with every alias where it was. Then the next build as `make release` ships it:
applied with the aliases pinned where they serve, then shifted all at once by tools/release. Its
manifest names the admin's stylesheet under a new hash, as a changed file would, and it drops the
failed release's extra file: the previous releases' pages may still name both old files, so they
stay until pruned (tools/release/assets). `make rollback` then returns to the version served
before, whose pages name the old stylesheet, and it is still served.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from localcloud.config import DEFAULT_REGION, Config
from localcloud.emulator.server import MotoServer
from localcloud.environment import bootstrap
from localcloud.environment.terraform import TerraformError
from localcloud.environment.up import root_variables, terraform_for
from tests.e2e.shop import ENV_NAME, LocalShop
from tools.release import aliases, assets, shift
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


def _next_package(built: Path, dest: Path, *, name: str, hashed: str) -> Path:
    """The build with `name` under a new hashed name in its manifest, as a changed file gives."""
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(dest, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "staticfiles.json":
                manifest = json.loads(data)
                manifest["paths"][name] = hashed
                data = json.dumps(manifest).encode()
            out.writestr(info, data)
    return dest


def _stylesheet(shop_url: str) -> str:
    """The admin login page's first stylesheet, as the version serving it names it."""
    with urllib.request.urlopen(shop_url + "/admin/login/", timeout=60) as response:  # noqa: S310
        page = response.read().decode()
    found = re.search(r'href="/(static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert found, "the admin login page names no hashed stylesheet"
    return found[1]


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
    old_stylesheet: str  # as the version served before names it
    next_stylesheet: str  # as the next release names it
    next_page_stylesheet: str  # what the next release's login page named, once it served


@pytest.fixture(scope="module")
def releases(local_shop: LocalShop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Releases]:
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
    old_stylesheet = _stylesheet(shop.url)
    # Each release is built where the one before it was, as `make build` and CI's artifact do:
    # a file gone from the build directory is what tools/release/assets takes for a dropped one.
    built = config.dist_dir / "static"
    extra = built / "release-test.0123456789ab.css"
    name = re.sub(r"\.[0-9a-f]{12}\.css$", ".css", old_stylesheet.removeprefix("static/"))
    next_stylesheet = f"static/{name.removesuffix('.css')}.b0b0b0b0b0b0.css"
    renamed = [built / sheet.removeprefix("static/") for sheet in (old_stylesheet, next_stylesheet)]
    tf = terraform_for(config)
    tf.credentials = bootstrap.deploy_session(config, MotoServer(config))
    try:
        # The failed release's build: the package with a failing migration, a hashed file more.
        extra.write_text("body { color: red }\n")
        tf.variables["lambda_zip_path"] = str(_failing_package(config.lambda_zip, work / "bad.zip"))
        tf.sync()
        # The state is the one make up just applied: refreshing every resource again proves nothing.
        with pytest.raises(TerraformError) as failed:
            tf.apply(refresh=False)
        after_failure = {role: aliases.published(target, role)[-1] for role in before}
        served_after_failure = _served(target)
        shop_status = _status(shop.url + "/api/products?page_size=1")

        # The next release, as make release ships it: the stylesheet under a new hash and the
        # failed release's file gone (both forgotten by Terraform, not deleted); applied with the
        # aliases where they serve, so its new versions are migrated first, then shifted.
        extra.unlink()
        renamed[0].rename(renamed[1])
        next_zip = _next_package(
            config.lambda_zip,
            work / "next.zip",
            name=name,
            hashed=renamed[1].relative_to(built).as_posix(),
        )
        tf.variables = {
            **root_variables(config),
            "lambda_zip_path": str(next_zip),
            "alias_versions": _served(target),
        }
        tf.sync()
        tf.forget(assets.retired(tf.state(), root=tf.root))
        tf.apply(refresh=False)
        shift.release(target, shift.steps("all-at-once", bake=0), say=lambda _: None)
    finally:
        # The build directory as `make build` left it, for the rest of the session.
        extra.unlink(missing_ok=True)
        if renamed[1].exists():
            renamed[1].rename(renamed[0])
    yield Releases(
        target=target,
        before=before,
        published_before=published_before,
        published_after_failure=after_failure,
        served_after_failure=served_after_failure,
        shop_status_after_failure=shop_status,
        error=str(failed.value),
        old_stylesheet=old_stylesheet,
        next_stylesheet=next_stylesheet,
        next_page_stylesheet=_stylesheet(shop.url),
    )
    # The build again, as make up releases it, for the rest of the session: the functions run
    # dist/lambda.zip, which the local cloud checks against what is deployed.
    tf.variables = root_variables(config)
    tf.sync()
    tf.forget(assets.retired(tf.state(), root=tf.root))
    tf.apply(refresh=False)


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


def test_make_rollback_returns_to_the_served_version_and_finds_its_stylesheet(
    releases: Releases, local_shop: LocalShop
) -> None:
    r, shop = releases, local_shop
    # The next release's pages named its own stylesheet, and the old one was kept for the old
    # version's pages.
    assert r.next_page_stylesheet == r.next_stylesheet
    assert _status(f"{shop.url}/{r.next_stylesheet}") == 200
    done = shop.make("rollback", f"ENV={ENV_NAME}")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # Back on the versions served before the failed release (the one that failed never served),
    # whose login page names the old stylesheet, and it is still there.
    assert _served(r.target) == r.before
    # The edge reads the alias again every second (docs/releases.md).
    deadline = time.monotonic() + 30
    while (sheet := _stylesheet(shop.url)) != r.old_stylesheet and time.monotonic() < deadline:
        time.sleep(0.5)
    assert sheet == r.old_stylesheet
    assert _status(f"{shop.url}/{r.old_stylesheet}") == 200
