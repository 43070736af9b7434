"""The Lambda runtime on this machine: the runtime's CPython, its boto3, and the unpacked code.

The interpreter lookup and the boto3 "runtime layer" come from the package build's own tooling
(tools.package), so the edge, moto's Invoke, the package's smoke tests and the benchmark all run
the package on the same runtime.
"""

from __future__ import annotations

import base64
import hashlib
import io
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
    """The interpreter of `runtime` (e.g. python3.13) and a directory with the runtime's boto3.

    boto3 & co. are installed for the target from the dev lock's pins, the way Lambda's runtime
    puts its own copy after the function's code on sys.path.
    """
    from tools.package import deps, lock
    from tools.package.target import Target, TargetError, find_interpreter

    cache = cache_dir or Path(
        os.environ.get("BUILD_CACHE_DIR", REPO_ROOT / ".local" / "build-cache")
    )
    try:
        target = Target.parse(runtime, architecture)
        interpreter = find_interpreter(target)
        environment = target.marker_environment(interpreter.full_version)
        pinned = lock.select(lock.parse_lock(REPO_ROOT / "requirements" / "dev.txt"), environment)
        layer = deps.install(deps.runtime_requirements(pinned), target, interpreter, cache)
    except (TargetError, RuntimeError, OSError) as exc:
        raise RuntimeSetupError(f"cannot reproduce the {runtime} Lambda runtime: {exc}") from exc
    return Runtime(python=interpreter.path, layers=(Path(layer),))


def _code_dir(sha256: str, root: Path) -> Path:
    return root / base64.b64decode(sha256).hex()[:16]


def unpacked_code(sha256: str, root: Path) -> Path | None:
    """The code a package with this CodeSha256 was unpacked to earlier, if it was."""
    dest = _code_dir(sha256, root)
    return dest if (dest / ".complete").is_file() else None


def unpack_code(package: Path | bytes, sha256: str, root: Path) -> Path:
    """Unpack the package (a zip file or its bytes) once per CodeSha256, like Lambda's /var/task.

    Safe when several `make up` or edges run at once: each unpacks into a directory of its own and
    renames it into place; whoever comes second keeps the first one's copy.
    """
    dest = _code_dir(sha256, root)
    if (dest / ".complete").is_file():
        return dest
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".unpack-"))
    try:
        source = io.BytesIO(package) if isinstance(package, bytes) else package
        with zipfile.ZipFile(source) as archive:
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
