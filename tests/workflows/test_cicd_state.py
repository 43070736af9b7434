"""Listing and removing per-environment state in the backend bucket (moto's in-process S3)."""

from __future__ import annotations

import json

import pytest

from tools.cicd.state import PREVIEW_RE, StateError, StateStore, validate_env_name


def put_state(s3, bucket: str, env: str, resources: int = 0, name: str = "terraform.tfstate"):
    body = {
        "version": 4,
        "resources": [
            {"mode": "managed", "type": "aws_s3_bucket", "name": f"b{i}", "instances": []}
            for i in range(resources)
        ]
        + [{"mode": "data", "type": "aws_caller_identity", "name": "this", "instances": []}],
    }
    s3.put_object(Bucket=bucket, Key=f"env/{env}/{name}", Body=json.dumps(body).encode())


def keys(s3, bucket: str) -> list[str]:
    versions = s3.list_object_versions(Bucket=bucket)
    return sorted(
        v["Key"] for v in versions.get("Versions", []) + versions.get("DeleteMarkers", [])
    )


def test_lists_environments_from_state_keys(state_bucket):
    s3, bucket = state_bucket
    for env in ("pr-1", "pr-10", "staging"):
        put_state(s3, bucket, env)
    s3.put_object(Bucket=bucket, Key="env/pr-10/terraform.tfstate.tflock", Body=b"lock")
    s3.put_object(Bucket=bucket, Key="env/pr-2/terraform.tfstate.tflock", Body=b"orphan lock")
    s3.put_object(Bucket=bucket, Key="env/Not_Valid/terraform.tfstate", Body=b"{}")
    s3.put_object(Bucket=bucket, Key="bootstrap/terraform.tfstate", Body=b"{}")

    store = StateStore(s3, bucket)
    listed = {e.name: e for e in store.list_envs()}
    assert sorted(listed) == ["pr-1", "pr-10", "pr-2", "staging"]
    assert listed["pr-2"].last_modified is None  # a lock but no state
    assert listed["pr-1"].last_modified is not None
    assert listed["pr-10"].state_key == "env/pr-10/terraform.tfstate"
    assert [e.name for e in store.list_envs(PREVIEW_RE)] == ["pr-1", "pr-10", "pr-2"]
    assert listed["pr-10"].pr_number == 10 and listed["staging"].pr_number is None


def test_delete_removes_every_version_of_one_env_only(state_bucket):
    s3, bucket = state_bucket
    for _ in range(3):  # three deploys: three versions of the state
        put_state(s3, bucket, "pr-1")
    s3.put_object(Bucket=bucket, Key="env/pr-1/terraform.tfstate.tflock", Body=b"lock")
    s3.delete_object(Bucket=bucket, Key="env/pr-1/terraform.tfstate.tflock")  # delete marker
    put_state(s3, bucket, "pr-10", resources=2)
    put_state(s3, bucket, "pr-11")

    store = StateStore(s3, bucket)
    assert store.delete_env_state("pr-1") == 5  # 3 state versions, 1 lock, 1 delete marker
    assert all(not k.startswith("env/pr-1/") for k in keys(s3, bucket))
    assert "env/pr-10/terraform.tfstate" in keys(s3, bucket)
    assert "env/pr-11/terraform.tfstate" in keys(s3, bucket)


def test_delete_refuses_state_that_still_tracks_resources(state_bucket):
    s3, bucket = state_bucket
    put_state(s3, bucket, "pr-3", resources=4)
    store = StateStore(s3, bucket)
    with pytest.raises(StateError, match=r"still tracks 4 resource\(s\).*make destroy ENV=pr-3"):
        store.delete_env_state("pr-3")
    assert "env/pr-3/terraform.tfstate" in keys(s3, bucket)
    assert store.delete_env_state("pr-3", force=True) == 1
    assert keys(s3, bucket) == []


@pytest.mark.parametrize("env", ["staging", "production", "main"])
def test_delete_refuses_protected_environments(state_bucket, env: str):
    s3, bucket = state_bucket
    put_state(s3, bucket, env)
    with pytest.raises(StateError, match="protected"):
        StateStore(s3, bucket).delete_env_state(env, force=True)
    assert keys(s3, bucket) == [f"env/{env}/terraform.tfstate"]


def test_delete_of_an_env_without_state_is_a_no_op(state_bucket):
    s3, bucket = state_bucket
    assert StateStore(s3, bucket).delete_env_state("pr-99") == 0


def test_unparseable_state_is_a_clear_error(state_bucket):
    s3, bucket = state_bucket
    s3.put_object(Bucket=bucket, Key="env/pr-5/terraform.tfstate", Body=b"not json")
    with pytest.raises(StateError, match="is not JSON"):
        StateStore(s3, bucket).delete_env_state("pr-5")


@pytest.mark.parametrize(
    "env", ["PR-1", "pr_1", "-pr", "pr-", "pr--1", "1pr", "x" * 21, "pr-1/../main", ""]
)
def test_invalid_env_names_are_rejected(env: str):
    with pytest.raises(StateError, match="environment name"):
        validate_env_name(env)


def test_store_needs_a_bucket_and_a_folder_prefix(state_bucket):
    s3, _ = state_bucket
    with pytest.raises(StateError, match="TF_STATE_BUCKET"):
        StateStore(s3, "")
    with pytest.raises(StateError, match="must end with '/'"):
        StateStore(s3, "b", key_prefix="env")
