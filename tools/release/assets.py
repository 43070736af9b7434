"""Hashed static and storefront files outlive the release that uploaded them, for a few releases.

During a canary, and after a rollback, the old version serves pages that name its own hashed files
(`app.3f2a9c1b4d5e.css`). Terraform uploads each build's files (modules/storage) and would delete
the previous build's hashed ones in the same apply: a file gone from the build is a resource gone
from the configuration (in a versioned bucket the provider deletes every version of it). So before
each apply, `retired` names the hashed objects whose build file is gone, and Terraform forgets them
(`terraform state rm`): they stay in the bucket, no longer managed. Each build's hashed keys are in
its release manifest (`releases/<id>.json` in the assets bucket, outside what CloudFront may read,
written by modules/storage), and `prune` deletes the files that only manifests older than the newest
`keep` name, with those manifests. Files of the current build are in its own manifest, so never.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tools.release.target import Target

# modules/storage: where the manifests are, and the resources Terraform holds them and the files in.
MANIFEST_PREFIX = "releases/"
MANIFEST_ADDRESS = "module.storage.aws_s3_object.release_manifest[0]"
UPLOADS_ADDRESS = "module.storage.aws_s3_object.this"


def _resources(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Every resource in `terraform show -json` output, child modules included."""
    found, modules = [], [state.get("values", {}).get("root_module", {})]
    while modules:
        module = modules.pop()
        found += module.get("resources", [])
        modules += module.get("child_modules", [])
    return found


def retired(state: dict[str, Any], *, root: Path) -> list[str]:
    """Addresses for Terraform to forget: uploads the last release's manifest names as hashed whose
    build file is gone (paths in the state are relative to the root Terraform runs in), and then
    that manifest, which changes with them."""
    resources = _resources(state)
    manifest = next((r for r in resources if r["address"] == MANIFEST_ADDRESS), None)
    if manifest is None:
        return []
    hashed = {key for keys in json.loads(manifest["values"]["content"]).values() for key in keys}
    gone = [
        r["address"]
        for r in resources
        if r["address"].startswith(UPLOADS_ADDRESS + "[")
        and r.get("index") in hashed
        and not (root / r["values"]["source"]).is_file()
    ]
    return [*gone, MANIFEST_ADDRESS] if gone else []


def prune(target: Target, *, keep: int, say: Callable[[str], None] = print) -> dict[str, list[str]]:
    """Delete hashed files only manifests beyond the newest `keep` name, and those manifests."""
    if keep < 1:
        raise ValueError(f"KEEP_VERSIONS={keep} must be at least 1")
    s3, buckets = target.client("s3"), target.buckets()
    listed = s3.get_paginator("list_objects_v2").paginate(
        Bucket=buckets["assets"], Prefix=MANIFEST_PREFIX
    )
    manifests = sorted(
        (o for page in listed for o in page.get("Contents", [])),
        key=lambda o: o["LastModified"],
        reverse=True,
    )
    read = {
        o["Key"]: json.loads(s3.get_object(Bucket=buckets["assets"], Key=o["Key"])["Body"].read())
        for o in manifests
    }
    kept, old = [o["Key"] for o in manifests[:keep]], [o["Key"] for o in manifests[keep:]]
    deleted: dict[str, list[str]] = {}
    for role, bucket in buckets.items():
        needed = {k for m in kept for k in read[m].get(role, [])}
        doomed = sorted({k for m in old for k in read[m].get(role, [])} - needed)
        for start in range(0, len(doomed), 1000):  # DeleteObjects' limit
            s3.delete_objects(
                Bucket=bucket,
                Delete={"Objects": [{"Key": k} for k in doomed[start : start + 1000]]},
            )
        if doomed:
            say(
                f"s3://{bucket}: deleted {len(doomed)} hashed files of releases before the "
                f"last {keep}"
            )
        deleted[role] = doomed
    for key in old:
        s3.delete_object(Bucket=buckets["assets"], Key=key)
    return deleted


def main(argv: list[str] | None = None) -> int:
    """`python -m tools.release.assets STATE_JSON --root DIR`: addresses to forget, one a line."""
    parser = argparse.ArgumentParser(prog="python -m tools.release.assets")
    parser.add_argument("state", type=Path, help="terraform show -json of the root's state")
    parser.add_argument("--root", type=Path, required=True, help="the directory Terraform runs in")
    args = parser.parse_args(argv)
    text = args.state.read_text().strip()
    for address in retired(json.loads(text) if text else {}, root=args.root):
        print(address)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
