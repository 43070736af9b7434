"""Fixtures for the CI tests: the parsed workflows and a moto-backed state bucket."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from tests.workflows.wf_support import WORKFLOWS_DIR, FakeGitHub, load_workflow


@pytest.fixture(scope="session")
def workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS_DIR.glob("*.y*ml"))
    assert files, f"no workflows in {WORKFLOWS_DIR}"
    return files


@pytest.fixture(scope="session")
def workflows(workflow_files: list[Path]) -> dict[str, dict[str, Any]]:
    return {path.name: load_workflow(path) for path in workflow_files}


@pytest.fixture
def state_bucket(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, str]]:
    """A versioned bucket in moto's in-process S3, like the one terraform/bootstrap creates."""
    for var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        bucket = "shop-tfstate-test"
        s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        yield s3, bucket


@pytest.fixture
def github() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGitHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeGitHub.pulls = {1: "open", 2: "closed", 3: 500}
    FakeGitHub.seen_auth = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
