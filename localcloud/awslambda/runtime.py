"""The Lambda runtime on this machine: the runtime's CPython, its boto3, and the unpacked code.

The interpreter lookup and the boto3 "runtime layer" come from the build's own tooling
(tools.package), so the edge runs the package exactly as the build's checks and benchmark do.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from localcloud.config import REPO_ROOT


class RuntimeSetupError(RuntimeError):
    """The function's runtime cannot be reproduced here."""


def code_sha256(zip_path: Path) -> str:
    """Lambda's CodeSha256: base64 of the zip's SHA-256 digest."""
    digest = hashlib.sha256()
    with open(zip_path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return base64.b64encode(digest.digest()).decode("ascii")


@dataclass(frozen=True)
class Runtime:
    python: Path
    layers: tuple[Path, ...]


def prepare_runtime(runtime: str, architecture: str, *, cache_dir: Path | None = None) -> Runtime:
    """The interpreter of `runtime` (e.g. python3.13) and a directory with the runtime's boto3."""
    from tools.package import invoke
    from tools.package.target import Target, TargetError, find_interpreter

    try:
        target = Target.parse(runtime, architecture)
        interpreter = find_interpreter(target)
        cache = cache_dir or Path(
            os.environ.get("BUILD_CACHE_DIR", REPO_ROOT / ".local" / "build-cache")
        )
        layer = invoke.runtime_libs(target, REPO_ROOT / "requirements" / "dev.txt", cache)
    except (TargetError, RuntimeError, OSError) as exc:
        raise RuntimeSetupError(f"cannot reproduce the {runtime} Lambda runtime: {exc}") from exc
    return Runtime(python=interpreter.path, layers=(Path(layer),))


def unpack_code(zip_path: Path, sha256: str, root: Path) -> Path:
    """Unpack the package once per CodeSha256 (like Lambda's /var/task for a version).

    Safe when several `make up` or edges run at once: each unpacks into a directory of its own and
    renames it into place; whoever comes second keeps the first one's copy.
    """
    key = base64.b64decode(sha256).hex()[:16]
    dest = root / key
    if (dest / ".complete").is_file():
        return dest
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".unpack-"))
    try:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(tmp)
        (tmp / ".complete").write_text(sha256 + "\n")
        if dest.exists() and not (dest / ".complete").is_file():
            shutil.rmtree(dest, ignore_errors=True)  # left half-done by an interrupted run
        try:
            tmp.rename(dest)
        except OSError:
            if not (dest / ".complete").is_file():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return dest
