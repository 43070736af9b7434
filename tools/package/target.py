"""The Lambda target: runtime + architecture, its pip platform tags and its interpreter."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Lambda's Python runtimes from 3.12 on run on Amazon Linux 2023 (glibc 2.34). Wheels tagged
# manylinux2014 (glibc 2.17) up to manylinux_2_34 all load there.
_GLIBC = {"python3.12": (2, 34), "python3.13": (2, 34)}
_MACHINE = {"x86_64": "x86_64", "arm64": "aarch64"}
_RUNTIME = re.compile(r"^python3\.(?P<minor>\d+)$")


class TargetError(ValueError):
    """The requested runtime/architecture cannot be built on this machine."""


@dataclass(frozen=True)
class Target:
    runtime: str  # e.g. "python3.13", as in the Lambda API
    arch: str  # "x86_64" | "arm64", as in the Lambda API

    @classmethod
    def parse(cls, runtime: str, arch: str) -> Target:
        match = _RUNTIME.match(runtime)
        if not match or runtime not in _GLIBC:
            supported = ", ".join(sorted(_GLIBC))
            raise TargetError(
                f"LAMBDA_RUNTIME={runtime!r} is not supported; use one of {supported}"
            )
        if arch not in _MACHINE:
            raise TargetError(f"LAMBDA_ARCH={arch!r} is not supported; use x86_64 or arm64")
        return cls(runtime=runtime, arch=arch)

    @property
    def python_version(self) -> str:
        return self.runtime.removeprefix("python")  # "3.13"

    @property
    def cache_tag(self) -> str:
        return "cpython-" + self.python_version.replace(".", "")  # "cpython-313"

    @property
    def machine(self) -> str:
        return _MACHINE[self.arch]

    @property
    def pip_platforms(self) -> list[str]:
        """Every manylinux tag the runtime's glibc accepts, newest first (pip wants them listed)."""
        major, newest = _GLIBC[self.runtime]
        tags = [f"manylinux_{major}_{minor}_{self.machine}" for minor in range(newest, 16, -1)]
        return [*tags, f"manylinux2014_{self.machine}"]

    def marker_environment(self, full_version: str) -> dict[str, str]:
        """PEP 508 environment of the Lambda runtime, for evaluating the lock's markers."""
        return {
            "implementation_name": "cpython",
            "implementation_version": full_version,
            "os_name": "posix",
            "platform_machine": self.machine,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_system": "Linux",
            "platform_version": "",
            "python_full_version": full_version,
            "python_version": self.python_version,
            "sys_platform": "linux",
        }


@dataclass(frozen=True)
class Interpreter:
    path: Path
    full_version: str  # "3.13.0"
    magic: str  # hex of importlib.util.MAGIC_NUMBER: identifies the bytecode format


_PROBE = (
    "import importlib.util, json, platform, sys;"
    "print(json.dumps({'version': platform.python_version(),"
    " 'impl': sys.implementation.name, 'tag': sys.implementation.cache_tag,"
    " 'magic': importlib.util.MAGIC_NUMBER.hex()}))"
)


def _probe(candidate: Path) -> dict[str, str] | None:
    try:
        done = subprocess.run(
            [str(candidate), "-I", "-c", _PROBE], capture_output=True, text=True, timeout=30
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None  # e.g. a pyenv shim for a version that is not activated
    return json.loads(done.stdout)


def _candidates(target: Target) -> list[Path]:
    name = f"python{target.python_version}"
    found: list[Path] = []
    override = os.environ.get("LAMBDA_PYTHON")
    if override:
        found.append(Path(override))
    pyenv_root = _pyenv_root()
    on_path = shutil.which(name)
    # pyenv's shims only run versions that are activated, slowly; the versions are listed below.
    if on_path and not (pyenv_root and Path(on_path).parent == Path(pyenv_root, "shims")):
        found.append(Path(on_path))
    if pyenv_root:
        versions = Path(pyenv_root, "versions").glob(f"{target.python_version}.*/bin/{name}")
        # Newest patch release first: "3.13.10" sorts after "3.13.9".
        found.extend(sorted(versions, key=_patch_key, reverse=True))
    return found


def _patch_key(path: Path) -> tuple[int, ...]:
    version = path.parent.parent.name
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.]", version))


def _pyenv_root() -> str | None:
    if os.environ.get("PYENV_ROOT"):
        return os.environ["PYENV_ROOT"]
    if Path.home().joinpath(".pyenv", "versions").is_dir():
        return str(Path.home() / ".pyenv")
    pyenv = shutil.which("pyenv")
    if not pyenv:
        return None
    done = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


@functools.cache
def find_interpreter(target: Target) -> Interpreter:
    """The CPython that compiles the bytecode: it must be exactly the runtime's minor version."""
    tried: list[str] = []
    for candidate in _candidates(target):
        info = _probe(candidate)
        ok = info and info["impl"] == "cpython" and info["tag"] == target.cache_tag
        if info and ok:
            return Interpreter(path=candidate, full_version=info["version"], magic=info["magic"])
        tried.append(f"{candidate} ({info['tag'] if info else 'does not run'})")
    where = "; ".join(tried) or "nothing found"
    raise TargetError(
        f"no CPython {target.python_version} interpreter for {target.runtime} "
        f"(tried: {where}). Install it (e.g. `pyenv install {target.python_version}`), "
        f"put python{target.python_version} on PATH, or set LAMBDA_PYTHON=/path/to/python"
    )
