"""The rules every workflow follows, read from the YAML itself."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.workflows.wf_support import EXPECTED_WORKFLOWS, REPO_ROOT, WORKFLOWS_DIR

AWS_ACTION = "aws-actions/configure-aws-credentials"
# The composite action every job that runs make sets up with; it holds the AWS login.
SETUP_ACTION = "./.github/actions/setup"
SETUP_FILE = REPO_ROOT / ".github" / "actions" / "setup" / "action.yml"
# One deploy role per trust level (terraform/bootstrap), picked by the job's GitHub environment.
ROLE_OF_LEVEL = {
    "preview": "${{ vars.AWS_PREVIEW_ROLE_ARN }}",
    "staging": "${{ vars.AWS_STAGING_ROLE_ARN }}",
    "production": "${{ vars.AWS_PRODUCTION_ROLE_ARN }}",
}
COMMENT_ACTION = "marocchino/sticky-pull-request-comment"
# `owner/repo[/path]@<40 hex> # vX.Y.Z` and nothing else.
PINNED_USES_RE = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
    r"\s+#\s+(?P<version>v\d+\.\d+\.\d+)\s*$"
)
LOCAL_USES_RE = re.compile(r"^\s*(?:-\s+)?uses:\s+\./\.github/actions/[\w-]+\s*$")
# A run step is one make invocation: targets and VAR=value / VAR="$VAR" assignments only.
# No expressions (`${{ }}` in a script is an injection hole; values go through env:).
MAKE_RUN_RE = re.compile(
    r"^make(?: [a-z][a-z0-9-]*"  # a target
    r'| [A-Z][A-Z0-9_]*=(?:[\w.-]+|"\$[A-Z][A-Z0-9_]*"))+$'  # VAR=value or VAR="$VAR"
)


def jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return workflow["jobs"]


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def uses(step: dict[str, Any]) -> str:
    return step.get("uses", "").split("@")[0]


def make_targets(job: dict[str, Any]) -> list[str]:
    """The make targets a job runs, in order."""
    targets = []
    for step in steps(job):
        if "run" in step:
            targets += [w for w in step["run"].split()[1:] if "=" not in w]
    return targets


def all_jobs(workflows: dict[str, dict[str, Any]]):
    for name, workflow in workflows.items():
        for job_id, job in jobs(workflow).items():
            yield name, job_id, job


def test_the_four_workflows_exist(workflows):
    assert set(EXPECTED_WORKFLOWS) <= set(workflows)


# --- triggers ---------------------------------------------------------------------------------


def test_ci_runs_on_every_push_and_pull_request(workflows):
    on = workflows["ci.yml"]["on"]
    assert "push" in on and "pull_request" in on
    for event in ("push", "pull_request"):
        filters = on[event] or {}
        assert not {"branches", "paths", "tags"} & set(filters), f"ci.yml filters {event}"
    (job,) = jobs(workflows["ci.yml"]).values()
    assert make_targets(job) == ["test"]


def test_preview_triggers(workflows):
    on = workflows["preview.yml"]["on"]
    assert set(on["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "closed"}
    pr_input = on["workflow_dispatch"]["inputs"]["pr_number"]
    assert pr_input["required"] is True


def test_sweeper_runs_on_a_schedule(workflows):
    on = workflows["sweeper.yml"]["on"]
    assert on["schedule"] and all(len(entry["cron"].split()) == 5 for entry in on["schedule"])


def test_deploy_runs_on_push_to_main_only(workflows):
    on = workflows["deploy.yml"]["on"]
    assert set(on) == {"push"}
    assert on["push"]["branches"] == ["main"]


# --- permissions and OIDC ---------------------------------------------------------------------


def test_top_level_permissions_are_read_only(workflows):
    for name, workflow in workflows.items():
        assert workflow.get("permissions") == {"contents": "read"}, name


def _level(job: dict[str, Any]) -> str | None:
    """The trust level a job's GitHub environment stands for (its OIDC subject names it)."""
    env = job.get("environment")
    name = env.get("name") if isinstance(env, dict) else env
    if name is None:
        return None
    return "preview" if name == "preview" or name.startswith("pr-") else name


def test_aws_jobs_use_oidc_with_the_role_of_their_environment(workflows):
    seen = 0
    for name, job_id, job in all_jobs(workflows):
        aws_steps = [s for s in steps(job) if s.get("with", {}).get("role-to-assume")]
        assert all(uses(s) == SETUP_ACTION for s in aws_steps), f"{name}:{job_id}"
        perms = job.get("permissions", {})
        where = f"{name}:{job_id}"
        assert not any(uses(s) == AWS_ACTION for s in steps(job)), f"{where}: log in through setup"
        if not aws_steps:
            assert perms.get("id-token") != "write", f"{where} asks for an OIDC token it never uses"
            continue
        seen += 1
        assert perms.get("id-token") == "write", f"{where} uses AWS without id-token: write"
        level = _level(job)
        # The role trusts only its environments' subjects: a job without one would be refused.
        assert level in ROLE_OF_LEVEL, f"{where} assumes a role outside a GitHub environment"
        for step in aws_steps:
            with_ = step["with"]
            assert with_["role-to-assume"] == ROLE_OF_LEVEL[level], where
            assert with_["aws-region"] == "${{ vars.AWS_REGION }}", where
    assert seen >= 5  # preview deploy+destroy, sweeper plan+destroy, staging, production
    levels = {_level(job) for _, _, job in all_jobs(workflows)}
    assert {"preview", "staging", "production"} <= levels


def test_the_setup_action_logs_in_with_oidc_only():
    action = yaml.safe_load(SETUP_FILE.read_text())
    assert action["runs"]["using"] == "composite"
    (login,) = [s for s in action["runs"]["steps"] if uses(s) == AWS_ACTION]
    assert login["if"] == "inputs.role-to-assume != ''"
    assert login["with"]["role-to-assume"] == "${{ inputs.role-to-assume }}"
    assert not {"aws-access-key-id", "aws-secret-access-key"} & set(login["with"])
    assert action["inputs"]["role-to-assume"]["default"] == ""


def test_no_long_lived_keys_anywhere(workflow_files: list[Path]):
    for path in [*workflow_files, SETUP_FILE]:
        text = path.read_text()
        for forbidden in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "aws-access-key-id"):
            assert forbidden not in text, f"{path.name} mentions {forbidden}"


def test_only_the_comment_jobs_may_write_pull_requests(workflows):
    for name, job_id, job in all_jobs(workflows):
        perms = job.get("permissions", {})
        comments = any(uses(s) == COMMENT_ACTION for s in steps(job))
        assert (perms.get("pull-requests") == "write") == comments, f"{name}:{job_id}"
        if comments:
            # The job that can write to the PR holds no cloud credentials and runs no code.
            assert set(perms) == {"pull-requests"}, f"{name}:{job_id}"
            assert not any("run" in s or uses(s) == "actions/checkout" for s in steps(job))


def test_job_permissions_use_known_scopes(workflows):
    allowed = {
        "contents": {"read"},
        "id-token": {"write"},
        "pull-requests": {"read", "write"},
        "deployments": {"write"},
    }
    for name, job_id, job in all_jobs(workflows):
        for scope, level in job.get("permissions", {}).items():
            assert level in allowed.get(scope, set()), f"{name}:{job_id} {scope}: {level}"


# --- pins, timeouts, scripts ------------------------------------------------------------------


def test_every_action_is_pinned_to_a_commit_with_a_version_comment(workflow_files: list[Path]):
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in [*workflow_files, SETUP_FILE]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if not re.match(r"^\s*(?:-\s+)?uses:", line) or LOCAL_USES_RE.match(line):
                continue
            match = PINNED_USES_RE.match(line)
            assert match, f"{path.name}:{number}: not pinned as `owner/repo@<sha> # vX.Y.Z`"
            pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    # One action, one pin: a stray older SHA is how an unreviewed version slips in.
    for action, versions in pins.items():
        assert len(versions) == 1, f"{action} is pinned to several commits: {versions}"
    assert AWS_ACTION in pins and "actions/checkout" in pins


def test_every_job_has_a_timeout(workflows):
    for name, job_id, job in all_jobs(workflows):
        timeout = job.get("timeout-minutes")
        limit = 90 if _destroys(job) else 60
        assert isinstance(timeout, int) and 0 < timeout <= limit, f"{name}:{job_id}: {timeout!r}"


def _destroys(job) -> bool:
    return any(re.match(r"make destroy\b", str(step.get("run", ""))) for step in steps(job))


def test_destroy_jobs_outlast_the_release_of_vpc_network_interfaces(workflows):
    # Lambda's VPC network interfaces can take up to 45 minutes to release before the subnets
    # and security groups can go: 90 minutes for the job, a 2-hour session for the role.
    destroyers = [(n, j, job) for n, j, job in all_jobs(workflows) if _destroys(job)]
    assert destroyers, "no workflow job runs make destroy"
    for name, job_id, job in destroyers:
        assert job.get("timeout-minutes") == 90, f"{name}:{job_id}"
        creds = [s for s in steps(job) if "role-to-assume" in s.get("with", {})]
        assert creds, f"{name}:{job_id} assumes no role"
        for step in creds:
            assert step["with"].get("role-duration-seconds") == 7200, f"{name}:{job_id}"


def test_run_steps_only_call_make(workflows):
    for name, job_id, job in all_jobs(workflows):
        for step in steps(job):
            if "run" in step:
                script = step["run"].strip()
                assert MAKE_RUN_RE.match(script), f"{name}:{job_id} runs {script!r}"
                assert "shell" not in step and "working-directory" not in step


def test_failures_are_never_hidden(workflow_files: list[Path], workflows):
    for path in workflow_files:
        text = path.read_text()
        assert not re.search(r"\|\|\s*(true|:)\b", text), f"{path.name} hides a failure"
    for name, job_id, job in all_jobs(workflows):
        assert "continue-on-error" not in job, f"{name}:{job_id}"
        for step in steps(job):
            assert "continue-on-error" not in step, f"{name}:{job_id}"


def test_make_targets_called_by_workflows_exist(workflows):
    wanted = sorted({t for _, _, job in all_jobs(workflows) for t in make_targets(job)})
    # -p prints make's rule database (every included fragment) without running any recipe.
    result = subprocess.run(
        ["make", "--no-print-directory", "-pRrq"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    defined = set(re.findall(r"^([a-zA-Z0-9_.-]+):", result.stdout, flags=re.MULTILINE))
    missing = [t for t in wanted if t not in defined]
    assert not missing, f"workflows call undefined make targets: {missing}"


# --- preview: per-PR environment and its lifecycle --------------------------------------------


def _render(template: str, values: dict[str, str]) -> str:
    """Evaluate the only expressions the concurrency groups use: `a || b` and plain names."""

    def evaluate(match: re.Match[str]) -> str:
        for alternative in match.group(1).split("||"):
            value = values.get(alternative.strip())
            if value:
                return value
        raise AssertionError(f"cannot evaluate {match.group(0)}")

    return re.sub(r"\$\{\{\s*(.+?)\s*\}\}", evaluate, template)


def test_preview_deploy_and_destroy_share_one_concurrency_group_per_pr(workflows):
    preview = workflows["preview.yml"]
    group = preview["concurrency"]
    assert group["cancel-in-progress"] is False
    for job_id, job in jobs(preview).items():
        assert "concurrency" not in job, f"preview.yml:{job_id} would leave the shared group"

    from_pr = _render(group["group"], {"github.event.pull_request.number": "7"})
    from_dispatch = _render(group["group"], {"inputs.pr_number": "7"})
    other_pr = _render(group["group"], {"github.event.pull_request.number": "8"})
    assert from_pr == from_dispatch != other_pr

    sweep = jobs(workflows["sweeper.yml"])["destroy"]["concurrency"]
    assert sweep["cancel-in-progress"] is False
    assert _render(sweep["group"], {"matrix.env": "pr-7"}) == from_pr


def test_preview_env_is_named_after_the_pr(workflows):
    preview = workflows["preview.yml"]
    env_name = preview["env"]["PREVIEW_ENV"]
    assert _render(env_name, {"github.event.pull_request.number": "42"}) == "pr-42"
    assert _render(env_name, {"inputs.pr_number": "42"}) == "pr-42"
    deploy = jobs(preview)["deploy"]
    assert deploy["environment"]["name"] == "pr-${{ github.event.pull_request.number }}"


def test_preview_deploy_builds_plans_applies_and_reports(workflows):
    preview = workflows["preview.yml"]
    deploy = jobs(preview)["deploy"]
    assert make_targets(deploy) == ["build", "preview-plan", "apply", "preview-report"]
    for step in steps(deploy):
        if "run" in step and "build" not in step["run"]:
            assert 'ENV="$PREVIEW_ENV"' in step["run"], step["run"]
    assert "closed" in deploy["if"] and "!=" in deploy["if"]
    # The deployment URL of the GitHub environment comes from `make outputs` via the report.
    report = next(s for s in steps(deploy) if s.get("id") == "report")
    assert deploy["environment"]["url"] == "${{ steps.report.outputs.url }}"
    assert report["run"].startswith("make preview-report")

    comment = jobs(preview)["comment"]
    assert comment["needs"] == "deploy"
    (sticky,) = [s for s in steps(comment) if uses(s) == COMMENT_ACTION]
    assert sticky["with"]["header"] == "preview"  # one comment, updated in place


def test_preview_destroy_removes_env_then_state(workflows):
    destroy = jobs(workflows["preview.yml"])["destroy"]
    targets = make_targets(destroy)
    assert targets[-2:] == ["destroy", "destroy-state"]
    assert "action == 'closed'" in destroy["if"]
    assert "workflow_dispatch" in destroy["if"]


def test_sweeper_decides_in_a_tool_and_destroys_per_env(workflows):
    sweeper = jobs(workflows["sweeper.yml"])
    assert make_targets(sweeper["plan"]) == ["sweep-plan"]
    assert make_targets(sweeper["destroy"])[-2:] == ["destroy", "destroy-state"]
    assert "fromJSON(needs.plan.outputs.envs)" in sweeper["destroy"]["strategy"]["matrix"]["env"]


# --- deploy: build once, promote the same artifact --------------------------------------------


def test_deploy_builds_once_and_promotes_the_same_artifact(workflows):
    deploy = jobs(workflows["deploy.yml"])
    assert make_targets(deploy["build"]) == ["build", "artifact-seal"]
    upload = next(s for s in steps(deploy["build"]) if uses(s) == "actions/upload-artifact")
    for job_id in ("staging", "production"):
        job = deploy[job_id]
        assert "build" not in make_targets(job), f"{job_id} rebuilds instead of promoting"
        download = next(s for s in steps(job) if uses(s) == "actions/download-artifact")
        assert download["with"]["name"] == upload["with"]["name"]
        assert make_targets(job)[0] == "artifact-verify"
        assert f"ENV={job_id}" in " ".join(s.get("run", "") for s in steps(job))
        assert job["environment"]["name"] == job_id
    needs = deploy["production"]["needs"]
    assert "staging" in needs and "build" in needs


def test_workflow_files_are_all_known(workflow_files: list[Path]):
    # A new workflow must be added to EXPECTED_WORKFLOWS, i.e. reviewed against these rules.
    assert sorted(p.name for p in workflow_files) == sorted(EXPECTED_WORKFLOWS)
    assert all(p.parent == WORKFLOWS_DIR for p in workflow_files)


@pytest.mark.parametrize(
    "script",
    ["make test || true", "make build && make apply", "make apply ENV=${{ inputs.x }}", "npm ci"],
)
def test_the_make_only_rule_rejects_glue(script: str):
    assert not MAKE_RUN_RE.match(script)
