"""Environment names for Terraform: derived from the git branch, or an explicit ENV checked.

An environment name ends up in every AWS resource name (`<project>-<env>-...`), so it must be
short, lowercase and safe everywhere: 1-20 characters of a-z, 0-9 and single hyphens, starting
with a letter and not ending with a hyphen. Branch names that already qualify are used as they
are (`main`, `staging`, `pr-42`). Any other branch is slugged *and* suffixed with a short hash of
the original name, because slugging and truncating lose information: `feature/login` and
`feature-login`, or two long names with a common prefix, must never share an environment.

Usage: envname.py               print the name for the current branch
       envname.py --env NAME    print NAME if it is valid, else explain and exit 2
       envname.py --branch REF  print the name for the branch REF
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys

MAX_LENGTH = 20
HASH_LENGTH = 6
_VALID_RE = re.compile(rf"^[a-z](?:[a-z0-9-]{{0,{MAX_LENGTH - 2}}}[a-z0-9])?$")
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")


class EnvNameError(ValueError):
    """The name cannot be used; the message says what to do."""


def is_valid(name: str) -> bool:
    return bool(_VALID_RE.match(name)) and "--" not in name


def check(name: str) -> str:
    if not name:
        raise EnvNameError(
            "no environment name: pass ENV=<name> (e.g. ENV=staging or ENV=pr-42); "
            "it defaults to the current git branch, which could not be read"
        )
    if not is_valid(name):
        raise EnvNameError(
            f"invalid environment name {name!r}: use 1-{MAX_LENGTH} characters of a-z, 0-9 and "
            "single '-', starting with a letter and not ending with '-' (e.g. staging, pr-42)"
        )
    return name


def from_branch(branch: str) -> str:
    """A valid, collision-free environment name for a git branch."""
    branch = branch.strip()
    if branch.startswith("refs/heads/"):
        branch = branch[len("refs/heads/") :]
    if not branch:
        raise EnvNameError("empty branch name")
    if is_valid(branch):
        return branch
    slug = _NOT_ALNUM_RE.sub("-", branch.lower()).strip("-")
    if not slug[:1].isalpha():
        slug = f"b-{slug}".rstrip("-")
    digest = hashlib.sha256(branch.encode("utf-8")).hexdigest()[:HASH_LENGTH]
    head = slug[: MAX_LENGTH - HASH_LENGTH - 1].rstrip("-")
    return check(f"{head}-{digest}")


def current_branch() -> str:
    """The checked-out branch; in CI's detached checkouts, the branch GitHub names."""
    try:
        result = subprocess.run(
            ["git", "branch", "--show-current"], capture_output=True, text=True, check=False
        )
        branch = result.stdout.strip()
    except OSError:
        branch = ""
    # GITHUB_HEAD_REF is the PR's source branch; GITHUB_REF_NAME the pushed branch.
    return branch or os.environ.get("GITHUB_HEAD_REF", "") or os.environ.get("GITHUB_REF_NAME", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--env", help="an explicit environment name to validate")
    group.add_argument("--branch", help="a branch name to convert")
    args = parser.parse_args(argv)
    try:
        if args.env is not None:
            name = check(args.env)
        else:
            branch = args.branch if args.branch is not None else current_branch()
            name = from_branch(branch) if branch else check("")
    except EnvNameError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
