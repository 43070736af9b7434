"""A reproducible zip writer: same members in, same bytes out.

zipfile cannot add an already-compressed member, and deflating Django at level 9 takes longer
than everything else in a rebuild. So members are deflated once (the dependency layer is cached
as a zip) and this module writes the archive itself: sorted names, one fixed date, fixed
permissions, no extra fields, no comment.
"""

from __future__ import annotations

import os
import struct
import time
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FILE_MODE = 0o100644
DIR_MODE = 0o040755
_MSDOS_DIRECTORY = 0x10
_MADE_BY_UNIX = 3 << 8 | 20  # host system Unix, spec version 2.0
_NEEDS = 20  # deflate and directories need spec version 2.0
_UTF8_FLAG = 0x0800
_STORED, _DEFLATED = 0, 8
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_MAX_32 = 0xFFFFFFFF
# The zip format's earliest representable date; used when SOURCE_DATE_EPOCH is not set.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class ZipLimitError(ValueError):
    """The archive would need zip64, which this writer deliberately does not produce."""


def entry_date_time() -> tuple[int, int, int, int, int, int]:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else 1980-01-01 00:00:00."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return _ZIP_EPOCH
    if not raw.isdigit():
        raise ValueError(f"SOURCE_DATE_EPOCH must be a Unix timestamp, got {raw!r}")
    stamp = time.gmtime(int(raw))[:6]
    # Zip stores even seconds, from 1980 to 2107; clamp rather than fail.
    clamped = max(_ZIP_EPOCH, min((2107, 12, 31, 23, 59, 58), tuple(stamp)))
    return (*clamped[:5], clamped[5] - clamped[5] % 2)


@dataclass(frozen=True)
class Member:
    """One file, already compressed."""

    crc: int
    size: int
    method: int
    payload: bytes


def deflate(data: bytes, level: int) -> Member:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    if len(payload) >= len(data):  # tiny or incompressible: deflating would only grow it
        return Member(crc=zlib.crc32(data), size=len(data), method=_STORED, payload=data)
    return Member(crc=zlib.crc32(data), size=len(data), method=_DEFLATED, payload=payload)


def read_members(path: Path) -> dict[str, Member]:
    """The members of a zip this module wrote, still compressed (directories skipped)."""
    members: dict[str, Member] = {}
    with zipfile.ZipFile(path) as archive, path.open("rb") as handle:
        for info in archive.infolist():
            if info.is_dir():
                continue
            handle.seek(info.header_offset)
            fields = _LOCAL.unpack(handle.read(_LOCAL.size))
            handle.seek(fields[9] + fields[10], os.SEEK_CUR)  # name and extra field
            payload = handle.read(info.compress_size)
            members[info.filename] = Member(
                crc=info.CRC, size=info.file_size, method=info.compress_type, payload=payload
            )
    return members


@dataclass(frozen=True)
class ZipStats:
    files: int
    zipped_bytes: int
    unzipped_bytes: int


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11 | minute << 5 | second // 2), ((year - 1980) << 9 | month << 5 | day)


def write(dest: Path, members: Mapping[str, Member]) -> ZipStats:
    """Write the members sorted by name, with every parent directory as its own entry."""
    directories = {
        "/".join(parts[:i]) + "/"
        for name in members
        for parts in [name.split("/")]
        for i in range(1, len(parts))
    }
    names = sorted(members.keys() | directories)
    if len(names) >= 0xFFFF:
        raise ZipLimitError(f"{len(names)} entries need zip64")
    dos_time, dos_date = _dos(entry_date_time())
    empty = Member(crc=0, size=0, method=_STORED, payload=b"")
    central: list[bytes] = []
    offset = 0
    with dest.open("wb") as out:
        for name in names:
            member = empty if name in directories else members[name]
            encoded = name.encode("utf-8")
            flags = 0 if encoded.isascii() else _UTF8_FLAG
            if offset > _MAX_32 or len(member.payload) > _MAX_32 or member.size > _MAX_32:
                raise ZipLimitError(f"{name}: the archive is too large for a zip without zip64")
            common = (member.method, dos_time, dos_date, member.crc, len(member.payload))
            out.write(
                _LOCAL.pack(b"PK\x03\x04", _NEEDS, flags, *common, member.size, len(encoded), 0)
            )
            out.write(encoded)
            out.write(member.payload)
            if name in directories:
                attributes = DIR_MODE << 16 | _MSDOS_DIRECTORY
            else:
                attributes = FILE_MODE << 16
            central.append(
                _CENTRAL.pack(
                    b"PK\x01\x02",
                    _MADE_BY_UNIX,
                    _NEEDS,
                    flags,
                    *common,
                    member.size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    attributes,
                    offset,
                )
                + encoded
            )
            offset += _LOCAL.size + len(encoded) + len(member.payload)
        directory = b"".join(central)
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(directory), offset, 0))
    return ZipStats(
        files=len(members),
        zipped_bytes=dest.stat().st_size,
        unzipped_bytes=sum(m.size for m in members.values()),
    )


def members_from_tree(root: Path, level: int) -> dict[str, Member]:
    return {
        path.relative_to(root).as_posix(): deflate(path.read_bytes(), level)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
