"""The preview comment and the artifact seal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.cicd import artifact
from tools.cicd.report import (
    COMMENT_MARKER,
    ReportError,
    load_outputs,
    output_value,
    parse_plan_log,
    render_comment,
)

PLAN_LOG = """\
terraform -chdir=terraform plan -var env=pr-7 -out=plan
\x1b[1m  # module.app.aws_lambda_function.this\x1b[0m will be updated in-place
  ~ resource "aws_lambda_function" "this" {
  # module.cdn.aws_cloudfront_distribution.this will be created
  # module.db.aws_db_instance.this must be replaced
\x1b[1mPlan:\x1b[0m 1 to add, 1 to change, 1 to destroy.
"""


def test_plan_summary_is_read_from_the_console_output():
    plan = parse_plan_log(PLAN_LOG)
    assert (plan.add, plan.change, plan.destroy) == (1, 1, 1)
    assert plan.headline == "1 to add, 1 to change, 1 to destroy"
    assert plan.changes == [
        "module.app.aws_lambda_function.this will be updated in-place",
        "module.cdn.aws_cloudfront_distribution.this will be created",
        "module.db.aws_db_instance.this must be replaced",
    ]


def test_plan_summary_knows_no_changes_and_imports():
    assert parse_plan_log("No changes. Your infrastructure matches the configuration.\n").no_changes
    plan = parse_plan_log("Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.\n")
    assert plan.headline == "2 to import, 0 to add, 0 to change, 0 to destroy"


def test_a_plan_log_without_a_summary_is_an_error():
    with pytest.raises(ReportError, match="neither"):
        parse_plan_log("Error: Invalid value for variable\n")


def test_comment_carries_marker_env_url_plan_and_commit():
    comment = render_comment(
        "pr-7", "https://d1.cloudfront.net", parse_plan_log(PLAN_LOG), "0123456789abcdef"
    )
    assert comment.startswith(COMMENT_MARKER)
    assert "`pr-7`" in comment and "https://d1.cloudfront.net" in comment
    assert "1 to add, 1 to change, 1 to destroy" in comment
    assert "`0123456789ab`" in comment
    assert "aws_db_instance.this must be replaced" in comment


def test_outputs_of_terraform_output_json():
    outputs = load_outputs(json.dumps({"shop_url": {"value": "https://x", "sensitive": False}}))
    assert output_value(outputs, "shop_url") == "https://x"
    with pytest.raises(ReportError, match=r"'cdn_url' is missing \(outputs: shop_url\)"):
        output_value(outputs, "cdn_url")
    with pytest.raises(ReportError, match="not the JSON"):
        load_outputs("shop_url = https://x")


def test_artifact_seal_detects_changed_missing_and_extra_files(tmp_path: Path):
    (tmp_path / "static").mkdir()
    (tmp_path / "lambda.zip").write_bytes(b"zip")
    (tmp_path / "static" / "app.css").write_text("body{}")
    artifact.write_sums(tmp_path)
    assert artifact.verify_sums(tmp_path) == 2

    (tmp_path / "lambda.zip").write_bytes(b"rebuilt")
    (tmp_path / "static" / "app.css").unlink()
    (tmp_path / "extra.txt").write_text("x")
    with pytest.raises(artifact.ArtifactError) as err:
        artifact.verify_sums(tmp_path)
    message = str(err.value)
    for problem in ("changed: lambda.zip", "missing: static/app.css", "unexpected: extra.txt"):
        assert problem in message


def test_artifact_without_seal_or_content_is_an_error(tmp_path: Path):
    with pytest.raises(artifact.ArtifactError, match="not an artifact from the build job"):
        artifact.verify_sums(tmp_path)
    with pytest.raises(artifact.ArtifactError, match="empty"):
        artifact.write_sums(tmp_path)
