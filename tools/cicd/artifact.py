"""Prove that the artifact a deploy job uses is byte-for-byte the one the build job made."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS_NAME = "SHA256SUMS"


class ArtifactError(RuntimeError):
    pass


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != SUMS_NAME)


def write_sums(root: Path) -> Path:
    """Record every file under root (sha256sum format, so `sha256sum -c` works too)."""
    if not root.is_dir():
        raise ArtifactError(f"{root} is not a directory; run the build first")
    files = _files(root)
    if not files:
        raise ArtifactError(f"{root} is empty; run the build first")
    sums = root / SUMS_NAME
    sums.write_text("".join(f"{_digest(p)}  {p.relative_to(root).as_posix()}\n" for p in files))
    return sums


def verify_sums(root: Path) -> int:
    """Check every recorded file, and that nothing unrecorded crept in. Returns the file count."""
    sums = root / SUMS_NAME
    if not sums.is_file():
        raise ArtifactError(f"{sums} is missing: this is not an artifact from the build job")
    expected: dict[str, str] = {}
    for number, line in enumerate(sums.read_text().splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise ArtifactError(f"{sums}:{number}: malformed line {line!r}")
        expected[name] = digest
    problems = []
    actual = {p.relative_to(root).as_posix(): p for p in _files(root)}
    for name, digest in sorted(expected.items()):
        path = actual.get(name)
        if path is None:
            problems.append(f"missing: {name}")
        elif _digest(path) != digest:
            problems.append(f"changed: {name}")
    problems += [f"unexpected: {name}" for name in sorted(set(actual) - set(expected))]
    if problems:
        raise ArtifactError(f"{root} differs from the built artifact: " + "; ".join(problems))
    return len(expected)
