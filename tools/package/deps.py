"""Install the locked dependencies as the target's manylinux wheels, cached per lock + target."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.package import bytecode
from tools.package.lock import Requirement
from tools.package.target import Interpreter, Target

# Bump when the layout of a cached install changes, so stale caches are not reused.
_CACHE_SCHEMA = "2"


def cache_key(requirements: list[Requirement], target: Target) -> str:
    # Keyed on what pip is asked to install, so a lock edit that does not touch the target's
    # set (e.g. a Windows-only pin) still reuses the cache.
    digest = hashlib.sha256()
    for part in (_CACHE_SCHEMA, target.runtime, target.arch, *target.pip_platforms):
        digest.update(part.encode() + b"\0")
    for req in requirements:
        digest.update(req.as_line().encode() + b"\n")
    return f"{target.runtime}-{target.arch}-{digest.hexdigest()[:16]}"


def install(
    requirements: list[Requirement], target: Target, interpreter: Interpreter, cache_dir: Path
) -> Path:
    """Return a directory holding the installed wheels; reuse it when the inputs are unchanged.

    The tree is compiled too, so the build's own Django run (collectstatic) starts fast; the
    package gets a freshly pruned and compiled copy.
    """
    dest = cache_dir.resolve() / "deps" / cache_key(requirements, target)
    if (dest / ".complete").is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".tmp-") as tmp:
        tmp_path = Path(tmp)
        req_file = tmp_path / "requirements.txt"
        req_file.write_text("".join(r.as_line() + "\n" for r in requirements), encoding="utf-8")
        site = tmp_path / "site"
        platforms = [arg for tag in target.pip_platforms for arg in ("--platform", tag)]
        command = [
            sys.executable, "-m", "pip", "install",
            "--quiet", "--disable-pip-version-check", "--no-input",
            "--target", str(site),
            *platforms,
            "--implementation", "cp",
            "--python-version", target.python_version,
            "--only-binary=:all:",  # never compile anything on the build host
            "--no-deps",  # the lock is complete; pip must not resolve on its own
            "--require-hashes",
            "--no-compile",  # bytecode is compiled later by the target interpreter
            "-r", str(req_file),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"pip could not install the locked wheels for {target.runtime}/{target.arch}:\n"
                f"{done.stderr.strip()}"
            )
        bytecode.compile_tree(interpreter, site)
        (site / ".complete").write_text(req_file.read_text(encoding="utf-8"), encoding="utf-8")
        _move_into_place(site, dest)
    return dest


def _move_into_place(staged: Path, dest: Path) -> None:
    """Rename atomically; another build (e.g. a parallel test worker) may have won the race."""
    if dest.exists() and not (dest / ".complete").is_file():
        shutil.rmtree(dest, ignore_errors=True)  # a half-finished earlier attempt
    try:
        staged.rename(dest)
    except OSError:
        if not (dest / ".complete").is_file():
            raise


# What the Lambda Python runtime itself puts on sys.path (/var/runtime). Not bundled: the build
# installs them separately only to run the package the way Lambda does (probe, tests, bench).
LAMBDA_RUNTIME_PACKAGES = frozenset(
    {"boto3", "botocore", "jmespath", "s3transfer", "python-dateutil", "six", "urllib3"}
)


def runtime_requirements(requirements: list[Requirement]) -> list[Requirement]:
    selected = [r for r in requirements if r.name in LAMBDA_RUNTIME_PACKAGES]
    missing = LAMBDA_RUNTIME_PACKAGES - {r.name for r in selected}
    if missing:
        raise RuntimeError(
            f"the dev lock does not pin {sorted(missing)}, which emulate the Lambda runtime"
        )
    return selected
