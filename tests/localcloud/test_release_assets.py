"""Hashed files outlive their release for KEEP_VERSIONS releases (tools/release/assets.py).

`retired` reads Terraform's state as `terraform show -json` prints it; `prune` runs against the
emulator's S3, with release manifests shaped as modules/storage writes them (its own test checks
their content, terraform test in modules/storage).
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from tests.localcloud.aws import REGION, client
from tools.release import assets
from tools.release.target import Target

_names = itertools.count()


def _state(manifest: dict, uploads: dict[str, str]) -> dict:
    """A root state: the storage module's uploads (key -> source) and its release manifest."""
    resources = [
        {
            "address": f'module.storage.aws_s3_object.this["{key}"]',
            "index": key,
            "values": {"key": key, "source": source},
        }
        for key, source in uploads.items()
    ]
    resources.append(
        {
            "address": "module.storage.aws_s3_object.release_manifest[0]",
            "index": 0,
            "values": {"content": json.dumps(manifest)},
        }
    )
    module = {"address": "module.storage", "resources": resources}
    return {"values": {"root_module": {"resources": [], "child_modules": [module]}}}


def test_hashed_files_the_build_dropped_are_forgotten_with_the_manifest(tmp_path: Path) -> None:
    root = tmp_path / "terraform"
    root.mkdir()
    (tmp_path / "dist").mkdir()
    for name in ("app.bbbbbbbbbbbb.css", "app.css"):
        (tmp_path / "dist" / name).write_text("")
    manifest = {"assets": ["static/app.aaaaaaaaaaaa.css", "static/app.bbbbbbbbbbbb.css"]}
    state = _state(
        manifest,
        {
            # Gone from the build: forgotten, so the apply leaves it in the bucket.
            "static/app.aaaaaaaaaaaa.css": "../dist/app.aaaaaaaaaaaa.css",
            "static/app.bbbbbbbbbbbb.css": "../dist/app.bbbbbbbbbbbb.css",
            # Not hashed: Terraform replaces it, as before.
            "static/app.css": "../dist/gone.css",
        },
    )
    assert assets.retired(state, root=root) == [
        'module.storage.aws_s3_object.this["static/app.aaaaaaaaaaaa.css"]',
        "module.storage.aws_s3_object.release_manifest[0]",
    ]
    # Nothing dropped: nothing to forget; no state yet: nothing either.
    (tmp_path / "dist" / "app.aaaaaaaaaaaa.css").write_text("")
    assert assets.retired(state, root=root) == []
    assert assets.retired({}, root=root) == []


@pytest.fixture
def shop(moto_endpoint) -> Target:
    name = f"rel-assets{next(_names)}"
    s3 = client(moto_endpoint, "s3")
    buckets = {role: f"{name}-{role}" for role in ("storefront", "assets")}
    for bucket in buckets.values():
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    return Target(
        env="rel",
        prefix=name,
        region=REGION,
        endpoint=moto_endpoint,
        credentials={"aws_access_key_id": "testing", "aws_secret_access_key": "testing"},
        bucket_names=buckets,
    )


def _release(target: Target, n: int, *, shared: str) -> None:
    """Release n: its own hashed script and stylesheet, one file shared with every release."""
    s3, buckets = target.client("s3"), target.buckets()
    manifest = {
        "assets": [f"static/app.{n:012x}.css", shared],
        "storefront": [f"assets/{n:08x}.js"],
    }
    for role, keys in manifest.items():
        for key in keys:
            s3.put_object(Bucket=buckets[role], Key=key, Body=b"x")
    s3.put_object(
        Bucket=buckets["assets"], Key=f"releases/{n:016x}.json", Body=json.dumps(manifest)
    )
    time.sleep(1.1)  # LastModified has whole seconds


def _keys(target: Target, role: str) -> set[str]:
    listed = target.client("s3").list_objects_v2(Bucket=target.buckets()[role])
    return {o["Key"] for o in listed.get("Contents", [])}


def test_pruning_keeps_the_files_of_the_last_releases(shop: Target) -> None:
    shared = "static/admin.0123456789ab.css"
    for n in (1, 2, 3):
        _release(shop, n, shared=shared)
    deleted = assets.prune(shop, keep=2, say=lambda _: None)
    # Release 1 is older than the last 2: its own files go, the shared one stays.
    assert deleted == {"storefront": [f"assets/{1:08x}.js"], "assets": [f"static/app.{1:012x}.css"]}
    assert _keys(shop, "storefront") == {f"assets/{n:08x}.js" for n in (2, 3)}
    assert _keys(shop, "assets") == {
        shared,
        *(f"static/app.{n:012x}.css" for n in (2, 3)),
        *(f"releases/{n:016x}.json" for n in (2, 3)),
    }
    with pytest.raises(ValueError, match="at least 1"):
        assets.prune(shop, keep=0)
