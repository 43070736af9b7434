"""Command line for the CI glue; every command is reachable through a make target in mk/ci.mk."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tools.cicd import artifact, report, state, sweep
from tools.cicd.github import DEFAULT_API_URL, GitHubError, PullRequests


def _store(args: argparse.Namespace) -> state.StateStore:
    import boto3  # deferred: the report and artifact commands must work without AWS libraries

    # boto3 honours AWS_ENDPOINT_URL, which is how the emulator is reached.
    s3 = boto3.client("s3", region_name=args.region or None)
    return state.StateStore(s3, args.bucket, args.key_prefix, args.state_name)


def _github_output(pairs: dict[str, str]) -> None:
    """Append step outputs when running inside GitHub Actions; a no-op on a laptop."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for key, value in pairs.items():
            if "\n" in value:
                raise ValueError(f"step output {key} must be a single line")
            handle.write(f"{key}={value}\n")


def cmd_list(args: argparse.Namespace) -> int:
    pattern = re.compile(args.pattern) if args.pattern else None
    for env in _store(args).list_envs(pattern):
        when = env.last_modified.isoformat(timespec="seconds") if env.last_modified else "-"
        print(f"{env.name}\t{when}")
    return 0


def cmd_sweep_plan(args: argparse.Namespace) -> int:
    pulls = PullRequests(args.repository, os.environ.get("GITHUB_TOKEN", ""), args.api_url)
    envs = _store(args).list_envs(state.PREVIEW_RE)
    decisions = sweep.decide(
        envs, pulls.state, datetime.now(UTC), timedelta(days=args.max_age_days)
    )
    doomed = [d.env for d in decisions if d.destroy]
    for d in decisions:
        print(f"{'destroy' if d.destroy else 'keep'}\t{d.env}\t{d.reason}", file=sys.stderr)
    print(" ".join(doomed))  # consumed by `make sweep`
    _github_output({"envs": json.dumps(doomed), "count": str(len(doomed))})
    return 0


def cmd_delete_state(args: argparse.Namespace) -> int:
    deleted = _store(args).delete_env_state(args.env, force=args.force)
    print(f"removed {deleted} state object version(s) of {args.env!r} from s3://{args.bucket}")
    return 0


def _url(outputs_file: str, name: str) -> str:
    outputs = report.load_outputs(Path(outputs_file).read_text(encoding="utf-8"))
    url = str(report.output_value(outputs, name))
    if not url.startswith(("https://", "http://")):
        raise report.ReportError(f"output {name!r} is not a URL: {url!r}")
    return url


def cmd_url(args: argparse.Namespace) -> int:
    url = _url(args.outputs, args.url_output)
    print(url)
    _github_output({"url": url})
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    plan = report.parse_plan_log(Path(args.plan_log).read_text(encoding="utf-8"))
    url = _url(args.outputs, args.url_output)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render_comment(args.env, url, plan, args.commit), encoding="utf-8")
    print(f"{args.env}: {url} ({plan.headline}); comment in {out}")
    _github_output({"url": url, "comment": str(out)})
    return 0


def cmd_checksums(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if args.verify:
        count = artifact.verify_sums(root)
        print(f"{root}: {count} file(s) match {artifact.SUMS_NAME}")
    else:
        print(f"wrote {artifact.write_sums(root)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.cicd", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def with_state(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--bucket", default=os.environ.get("TF_STATE_BUCKET", ""))
        p.add_argument("--region", default=os.environ.get("TF_STATE_REGION", ""))
        p.add_argument("--key-prefix", default=state.DEFAULT_KEY_PREFIX)
        p.add_argument("--state-name", default=state.DEFAULT_STATE_NAME)
        return p

    p = with_state(sub.add_parser("list", help="list environments found in the state bucket"))
    p.add_argument("--pattern", default="", help="regular expression the env name must match")
    p.set_defaults(func=cmd_list)

    p = with_state(sub.add_parser("sweep-plan", help="print preview envs that should be destroyed"))
    p.add_argument("--repository", default=os.environ.get("GITHUB_REPOSITORY", ""))
    p.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", DEFAULT_API_URL))
    p.add_argument("--max-age-days", type=int, default=7)
    p.set_defaults(func=cmd_sweep_plan)

    p = with_state(sub.add_parser("delete-state", help="remove every state version of one env"))
    p.add_argument("env")
    p.add_argument("--force", action="store_true", help="even if the state still has resources")
    p.set_defaults(func=cmd_delete_state)

    p = sub.add_parser("report", help="render the preview comment from a plan log and outputs")
    p.add_argument("--env", required=True)
    p.add_argument("--plan-log", required=True)
    p.add_argument("--outputs", required=True, help="file with `terraform output -json`")
    p.add_argument("--url-output", default="shop_url")
    p.add_argument("--commit", default="")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("url", help="print the environment URL from `terraform output -json`")
    p.add_argument("--outputs", required=True, help="file with `terraform output -json`")
    p.add_argument("--url-output", default="shop_url")
    p.set_defaults(func=cmd_url)

    p = sub.add_parser("checksums", help="write or verify SHA256SUMS of a build artifact")
    p.add_argument("dir")
    p.add_argument("--verify", action="store_true")
    p.set_defaults(func=cmd_checksums)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "max_age_days", 1) < 1:
        print("error: --max-age-days must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except (
        state.StateError,
        report.ReportError,
        artifact.ArtifactError,
        GitHubError,
        OSError,
    ) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
