"""Read the hashed lock file and keep the requirements that apply to the Lambda target.

``uv pip compile --universal`` writes environment markers (``; python_full_version < '3.13'``).
pip evaluates markers against the interpreter running pip, not against ``--python-version``, so
they are evaluated here against the target environment and a marker-free file is handed to pip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import InvalidMarker, Marker
from packaging.utils import canonicalize_name

_PINNED = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<extras>\[[^\]]*\])?==(?P<version>\S+)$"
)
_HASH = re.compile(r"^--hash=(?P<algo>sha256):(?P<digest>[0-9a-f]{64})$")


class LockError(ValueError):
    """The lock file is not a fully pinned, hashed requirements file."""


@dataclass(frozen=True)
class Requirement:
    name: str
    version: str
    marker: str | None
    hashes: tuple[str, ...]
    line: int

    def applies_to(self, environment: dict[str, str]) -> bool:
        return self.marker is None or Marker(self.marker).evaluate(environment)

    def as_line(self) -> str:
        hashes = " ".join(f"--hash={h}" for h in self.hashes)
        return f"{self.name}=={self.version} {hashes}"


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join backslash continuations and drop comments; keep the first line number."""
    lines: list[tuple[int, str]] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0] if not raw.lstrip().startswith("#") else ""
        if not buffer:
            start = number
        if line.rstrip().endswith("\\"):
            buffer.append(line.rstrip()[:-1])
            continue
        buffer.append(line)
        joined = " ".join(part.strip() for part in buffer).strip()
        buffer = []
        if joined:
            lines.append((start, joined))
    if buffer:
        raise LockError(f"line {start}: the file ends inside a continuation line")
    return lines


def parse_lock(path: Path) -> list[Requirement]:
    """Parse a ``--generate-hashes`` lock; anything unpinned or unhashed is an error."""
    requirements: list[Requirement] = []
    for number, line in _logical_lines(path.read_text(encoding="utf-8")):
        where = f"{path}:{number}"
        tokens = line.split()
        hashes = [t for t in tokens if t.startswith("--hash=")]
        rest = " ".join(t for t in tokens if not t.startswith("--hash="))
        if rest.startswith("-"):
            raise LockError(f"{where}: unsupported option in the lock file: {rest!r}")
        spec, _, marker = rest.partition(";")
        match = _PINNED.match(spec.strip())
        if not match:
            raise LockError(f"{where}: {spec.strip()!r} is not pinned with '=='")
        if not hashes:
            raise LockError(f"{where}: {match['name']} has no --hash (run `make lock`)")
        for h in hashes:
            if not _HASH.match(h):
                raise LockError(f"{where}: malformed hash {h!r}")
        marker = marker.strip() or None
        if marker is not None:
            try:
                Marker(marker)
            except InvalidMarker as exc:
                raise LockError(f"{where}: invalid environment marker: {exc}") from exc
        requirements.append(
            Requirement(
                name=canonicalize_name(match["name"]),
                version=match["version"],
                marker=marker,
                hashes=tuple(h.removeprefix("--hash=") for h in hashes),
                line=number,
            )
        )
    if not requirements:
        raise LockError(f"{path}: no requirements found")
    return requirements


def select(requirements: list[Requirement], environment: dict[str, str]) -> list[Requirement]:
    return sorted((r for r in requirements if r.applies_to(environment)), key=lambda r: r.name)
