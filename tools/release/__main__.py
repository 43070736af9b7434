"""python -m tools.release {pins,release,rollback,status,prune,logs} --env ENV (mk/release.mk)."""

from __future__ import annotations

import argparse
import json
import sys

from botocore.exceptions import BotoCoreError, ClientError

from tools.release import alarms, aliases, assets, logs, shift, versions
from tools.release.target import OPTIONAL_SERVING_ROLES, ROLES, Target, TargetError, resolve


def _pins(target: Target) -> None:
    """The versions being served, as Terraform's alias_versions (empty before the first deploy)."""
    pins = {}
    for role in target.roles():
        try:
            pins[role] = aliases.read(target, role).version
        except LookupError:
            return print("{}")
    print(json.dumps(pins))


def _status(target: Target) -> None:
    print(f"{target.env} in {target.where}")
    for role in target.roles():
        alias = aliases.read(target, role)
        published = aliases.published(target, role)
        split = "".join(f", {w:.0%} on {v}" for v, w in alias.weights.items())
        print(f"  {role:7} live -> {alias.version}{split}; published {', '.join(published)}")
        if alias.previous:
            print(f"          rollback returns to {alias.previous}")
        if role != "manage":
            for version in sorted({published[-1], *alias.weights}):
                for alarm in alarms.watching(target, alias.function, version):
                    print(f"          {alarm['AlarmName']} ({version}): {alarm['StateValue']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.release")
    parser.add_argument(
        "command", choices=["pins", "release", "rollback", "status", "prune", "logs"]
    )
    parser.add_argument("--env", required=True)
    parser.add_argument("--project", default="lambda-shop")
    parser.add_argument("--region")
    parser.add_argument("--strategy", default="canary")
    parser.add_argument("--canary-percent", type=float, default=10)
    parser.add_argument("--bake", type=float, default=300, help="seconds at the canary weight")
    parser.add_argument("--step-percent", type=float, default=10)
    parser.add_argument("--interval", type=float, default=60, help="seconds per linear step")
    parser.add_argument("--poll", type=float, default=5, help="seconds between alarm reads")
    parser.add_argument("--keep-versions", type=int, default=3)
    parser.add_argument("--function", choices=[*ROLES, *OPTIONAL_SERVING_ROLES], default="web")
    parser.add_argument("--since", default="10m")
    parser.add_argument("--follow", action="store_true")
    args = parser.parse_args(argv)
    try:
        target = resolve(args.env, project=args.project, region=args.region)
        if args.command == "pins":
            _pins(target)
        elif args.command == "status":
            _status(target)
        elif args.command == "rollback":
            shift.rollback(target)
        elif args.command == "prune":
            versions.prune(target, keep=args.keep_versions)
            assets.prune(target, keep=args.keep_versions)
        elif args.command == "logs":
            logs.show(target, args.function, since=args.since, follow=args.follow)
        else:
            strategy = shift.steps(
                args.strategy,
                canary_percent=args.canary_percent,
                bake=args.bake,
                step_percent=args.step_percent,
                interval=args.interval,
            )
            shift.release(target, strategy, poll=args.poll)
            versions.prune(target, keep=args.keep_versions)
            assets.prune(target, keep=args.keep_versions)
    except (TargetError, shift.ReleaseError, LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (ClientError, BotoCoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
