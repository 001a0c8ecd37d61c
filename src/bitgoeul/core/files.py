"""Untrusted files read within limits: a zip is checked against its directory first (member count, sizes,
compression ratio), then streamed in chunks with the same limits counted on the real bytes, since a
directory can lie. A 2 MB zip that would expand to 1 GiB is refused before anything big is allocated.

Limits come from Settings (`BITGOEUL_ZIP_*`) so a city loading a national timetable can raise them.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.settings import Settings

MIB = 1024 * 1024
CHUNK = MIB
# Small members may compress very well (a 20 KB file of one repeated line); the ratio only counts above this.
RATIO_FLOOR = MIB


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip may hold: members, bytes of one member and of all, and uncompressed/compressed."""

    max_members: int = 200
    max_member_bytes: int = 512 * MIB
    max_total_bytes: int = 1024 * MIB
    max_ratio: float = 100.0

    @classmethod
    def from_settings(cls, settings: Settings) -> ZipLimits:
        return cls(max_members=settings.zip_max_members, max_member_bytes=settings.zip_max_file_mb * MIB,
                   max_total_bytes=settings.zip_max_total_mb * MIB, max_ratio=settings.zip_max_ratio)


class FileRefused(ValidationFailed):
    """The file is too big, too many, expands too much, or is not a readable archive; nothing was stored."""

    code = "file_refused"

    def __init__(self, name: str, key: str, **params: object) -> None:
        message = Message(key, name=name, **params)
        super().__init__(message, fields={"file": message})
        self.params = {"name": name, **params}


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f}"


def check_directory(name: str, infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Refuse by what the zip's directory declares, before decompressing anything."""
    if len(infos) > limits.max_members:
        raise FileRefused(name, "files.too_many_members", count=len(infos), limit=limits.max_members)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRefused(name, "files.encrypted", member=info.filename)
        if info.file_size > limits.max_member_bytes:
            raise FileRefused(name, "files.member_too_big", member=info.filename, size=_mib(info.file_size),
                              limit=_mib(limits.max_member_bytes))
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise FileRefused(name, "files.ratio", member=info.filename, ratio=f"{ratio:,.0f}",
                              limit=f"{limits.max_ratio:g}")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise FileRefused(name, "files.total_too_big", size=_mib(total), limit=_mib(limits.max_total_bytes))


def read_zip(path: Path, limits: ZipLimits, wanted: Callable[[zipfile.ZipInfo], bool]) -> dict[str, bytes]:
    """The wanted members of the zip at `path` by full name, each read in chunks under the limits.

    Corrupt archives, broken deflate streams, wrong checksums and encrypted members are refused with a
    message (FileRefused), never a traceback.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            check_directory(name, infos, limits)
            out: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.is_dir() or not wanted(info):
                    continue
                with archive.open(info) as member:
                    data = _bounded_read(member, name, info.filename, limits, total)
                total += len(data)
                out[info.filename] = data
            return out
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise FileRefused(name, "files.corrupt", problem=type(exc).__name__) from exc


def _bounded_read(member: IO[bytes], name: str, member_name: str, limits: ZipLimits, before: int) -> bytes:
    """Read one member chunk by chunk; stop as soon as its real size passes a limit (directories can lie)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := member.read(CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > limits.max_member_bytes:
            raise FileRefused(name, "files.member_too_big", member=member_name, size=f"> {_mib(size)}",
                              limit=_mib(limits.max_member_bytes))
        if before + size > limits.max_total_bytes:
            raise FileRefused(name, "files.total_too_big", size=f"> {_mib(before + size)}",
                              limit=_mib(limits.max_total_bytes))
    return b"".join(chunks)


def read_at_most(handle: IO[bytes], limit: int, name: str) -> bytes:
    """A whole small file, refused once it passes `limit` bytes (reads one byte past it, never the rest)."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(name, "files.too_big", limit=_mib(limit))
    return data
