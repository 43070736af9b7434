"""The command line the make targets call, end to end against moto's S3 and a fake GitHub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.cicd.__main__ import main


@pytest.fixture
def gh_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "github_output"
    path.touch()
    monkeypatch.setenv("GITHUB_OUTPUT", str(path))
    return path


def put(s3, bucket: str, env: str, resources: int = 0) -> None:
    state = {"resources": [{"mode": "managed", "type": "t", "name": "n"}] * resources}
    s3.put_object(Bucket=bucket, Key=f"env/{env}/terraform.tfstate", Body=json.dumps(state))


def test_sweep_plan_prints_and_exports_the_envs_to_destroy(
    state_bucket, github: str, gh_output: Path, monkeypatch, capsys
):
    s3, bucket = state_bucket
    for env in ("pr-1", "pr-2", "pr-77", "staging"):
        put(s3, bucket, env)
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    argv = ["sweep-plan", "--bucket", bucket, "--repository", "acme/shop", "--api-url", github]

    assert main(argv) == 0
    out, err = capsys.readouterr()
    # PR 1 is open and fresh, PR 2 closed, PR 77 unknown to GitHub; staging is not a preview.
    assert out.split() == ["pr-2", "pr-77"]
    assert "keep\tpr-1" in err and "destroy\tpr-2\tPR #2 is closed" in err
    assert gh_output.read_text() == 'envs=["pr-2", "pr-77"]\ncount=2\n'


def test_sweep_plan_fails_on_github_errors(state_bucket, github: str, monkeypatch, capsys):
    s3, bucket = state_bucket
    put(s3, bucket, "pr-3")  # the fake answers 500 for PR 3
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    argv = ["sweep-plan", "--bucket", bucket, "--repository", "acme/shop", "--api-url", github]
    assert main(argv) == 1
    assert "error: GET" in capsys.readouterr().err


def test_delete_state_command(state_bucket, capsys):
    s3, bucket = state_bucket
    put(s3, bucket, "pr-4", resources=1)
    put(s3, bucket, "pr-5")
    assert main(["delete-state", "pr-4", "--bucket", bucket]) == 1
    assert "run `make destroy ENV=pr-4` first" in capsys.readouterr().err
    assert main(["delete-state", "pr-5", "--bucket", bucket]) == 0
    assert "removed 1 state object version(s) of 'pr-5'" in capsys.readouterr().out
    assert main(["delete-state", "Bad_Name", "--bucket", bucket]) == 1
    assert "invalid environment name" in capsys.readouterr().err


def test_list_command(state_bucket, capsys):
    s3, bucket = state_bucket
    put(s3, bucket, "pr-8")
    put(s3, bucket, "staging")
    assert main(["list", "--bucket", bucket, "--pattern", "^pr-"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == ["pr-8"]


def test_report_and_url_commands(tmp_path: Path, gh_output: Path):
    plan = tmp_path / "plan.log"
    plan.write_text("Plan: 3 to add, 0 to change, 0 to destroy.\n")
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"shop_url": {"value": "https://d9.cloudfront.net"}}))
    comment = tmp_path / "ci" / "comment.md"
    argv = ["report", "--env", "pr-9", "--plan-log", str(plan), "--outputs", str(outputs)]
    assert main([*argv, "--out", str(comment)]) == 0
    assert "https://d9.cloudfront.net" in comment.read_text()
    assert main(["url", "--outputs", str(outputs)]) == 0
    assert gh_output.read_text().splitlines() == [
        "url=https://d9.cloudfront.net",
        f"comment={comment}",
        "url=https://d9.cloudfront.net",
    ]


def test_url_must_be_a_url(tmp_path: Path, capsys):
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"shop_url": {"value": "d9.cloudfront.net"}}))
    assert main(["url", "--outputs", str(outputs)]) == 1
    assert "is not a URL" in capsys.readouterr().err


def test_checksums_command(tmp_path: Path, capsys):
    (tmp_path / "lambda.zip").write_bytes(b"zip")
    assert main(["checksums", str(tmp_path)]) == 0
    assert main(["checksums", "--verify", str(tmp_path)]) == 0
    (tmp_path / "lambda.zip").write_bytes(b"other")
    assert main(["checksums", "--verify", str(tmp_path)]) == 1
    assert "changed: lambda.zip" in capsys.readouterr().err


def test_max_age_must_be_positive(capsys):
    assert main(["sweep-plan", "--max-age-days", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
