"""Putting GTFS feeds into the database: checked by the router's parser, stored in one transaction.

The raw files are kept as blobs and parsed again on first use (see network.py): writing 86k stop_times
as rows took 2.9 s on SQLite and 9.1 s on PostgreSQL, the blobs 0.04-0.08 s (docs/transit.md).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from bitgoeul.core.auth import Actor, require_operator
from bitgoeul.core.errors import Conflict, NotFound, ValidationFailed
from bitgoeul.core.files import FileRefused, ZipLimits, read_at_most, read_zip
from bitgoeul.core.i18n import Message
from bitgoeul.transit.models import TransitFeed, TransitFeedFile, TransitStop
from bitgoeul.transit.router import Feed, FeedError, LoadReport, load_feed

Progress = Callable[[str, int, int], None]  # (step, done, total)
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
REQUIRED = ("stops.txt", "routes.txt", "trips.txt", "stop_times.txt")


class FeedRejected(ValidationFailed):
    """The feed cannot be loaded; `problems` lists file, line and problem, and nothing was stored."""

    code = "feed_rejected"

    def __init__(self, message: str | Message, problems: list[dict[str, Any]]) -> None:
        super().__init__(message, fields={"feed": f"{len(problems)} problem(s)"})
        self.problems = problems


@dataclass(frozen=True)
class LoadResult:
    feed: TransitFeed
    replaced: bool
    problems: list[dict[str, Any]]


def fold(text: str) -> str:
    """Names compared loosely: NFKC, case-folded, without spaces and the punctuation stop names vary in."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s·\-_()\[\]/.,'’]+", "", text)


def read_files(path: Path, limits: ZipLimits | None = None) -> dict[str, bytes]:
    """The GTFS *.txt files of a zip or folder, by base name (producers sometimes nest a folder in the zip).

    Read within `limits` (members, sizes, compression ratio): a zip bomb or a damaged zip is refused with a
    message (FileRefused) before anything large is held in memory.
    """
    limits = limits or ZipLimits()
    if path.is_dir():
        return _read_folder(path, limits)
    if not zipfile.is_zipfile(path):
        message = Message("files.not_gtfs", name=path.name)
        raise FeedRejected(message, [{"file": path.name, "line": 0, "message": str(message)}])
    members = read_zip(path, limits, lambda info: info.filename.rsplit("/", 1)[-1].endswith(".txt"))
    out: dict[str, bytes] = {}
    for member, data in members.items():
        out.setdefault(member.rsplit("/", 1)[-1], data)
    return out


def _read_folder(path: Path, limits: ZipLimits) -> dict[str, bytes]:
    """A folder under the same limits as a zip (a symlink to /dev/zero must not fill the memory)."""
    names = sorted(p for p in path.iterdir() if p.is_file() and p.suffix == ".txt")
    if len(names) > limits.max_members:
        raise FileRefused(path.name, "files.too_many_files", limit=limits.max_members)
    out: dict[str, bytes] = {}
    total = 0
    for file in names:
        with file.open("rb") as handle:
            data = read_at_most(handle, min(limits.max_member_bytes, limits.max_total_bytes - total), file.name)
        total += len(data)
        out[file.name] = data
    return out


def parse_files(files: dict[str, bytes]) -> tuple[Feed, LoadReport]:
    """Parse stored files with the router's reader (it reads paths, so they go through a scratch folder)."""
    with tempfile.TemporaryDirectory(prefix="bitgoeul-gtfs-") as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        return load_feed(tmp)


def problem_dicts(report: LoadReport) -> list[dict[str, Any]]:
    return [{"file": p.file, "line": p.line, "message": p.message} for p in report.problems]


def _fatal(feed: Feed, problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Problems that leave nothing worth routing on: missing required files, no trip with stop times."""
    fatal = [p for p in problems if p["line"] == 0 and ("missing" in p["message"] or "neither" in p["message"])]
    if not fatal and len(feed.stop_times.stop) == 0:
        fatal.append({"file": "stop_times.txt", "line": 0, "message": "no usable stop times"})
    if not fatal and feed.service_dates() is None:
        fatal.append({"file": "calendar.txt", "line": 0, "message": "no service runs on any day"})
    return fatal


def default_name(path: Path) -> str:
    base = fold(path.stem if path.is_file() else path.name) or "feed"
    return re.sub(r"[^a-z0-9_-]", "", base)[:80] or "feed"


def _check_name(name: str) -> None:
    if not NAME_RE.match(name):
        raise ValidationFailed("transit.storage.check_feed_name",
                               fields={"name": Message("transit.storage.lower_case_letters_digits_and")})


def load_into_db(
    session: Session,
    actor: Actor | None,
    path: Path,
    *,
    name: str | None = None,
    replace: bool = False,
    label: str = "",
    strict: bool = False,
    system: bool = False,
    progress: Progress | None = None,
    limits: ZipLimits | None = None,
) -> LoadResult:
    """Check and store one feed. Row-level problems are reported and the rest is loaded (unless `strict`);
    a feed that cannot be routed on is refused. The caller's transaction makes it all or nothing.

    `system` is the command line (a local administrator); anything else must be an operator. `limits`
    bound what the zip or folder may expand to (Settings' BITGOEUL_ZIP_*; defaults when None).
    """
    if not system:
        require_operator(actor)
    step = progress or (lambda _s, _d, _t: None)
    if not path.exists():
        raise ValidationFailed("transit.storage.feed_not_found", fields={"path": str(path)})
    name = name or default_name(path)
    _check_name(name)
    if label not in ("", "sample"):
        raise ValidationFailed("transit.storage.label_sample_or_empty",
                               fields={"label": label})
    step("read", 0, 4)
    files = read_files(path, limits)
    step("parse", 1, 4)
    try:
        feed, report = parse_files(files)
    except FeedError as exc:
        raise FeedRejected(f"{path.name}: {exc}", [{"file": path.name, "line": 0, "message": str(exc)}]) from exc
    problems = problem_dicts(report)
    fatal = _fatal(feed, problems)
    if fatal or (strict and problems):
        shown = fatal or problems
        raise FeedRejected(Message("transit.storage.feed_cannot_loaded_problem_nothing", n=len(shown)),
                           problems if strict else fatal + [p for p in problems if p not in fatal])
    existing = session.scalar(select(TransitFeed).where(TransitFeed.name == name))
    if existing is not None:
        if not replace:
            raise Conflict("transit.storage.feed_named_already_loaded_use", name=name)
        _delete(session, existing)
    step("store files", 2, 4)
    record = _feed_record(feed, files, name=name, source=str(path), label=label, problems=problems)
    session.add(record)
    session.flush()
    step("store stops", 3, 4)
    rows = stop_rows(feed, record.id)
    if rows:
        session.execute(insert(TransitStop), rows)
    session.flush()
    step("done", 4, 4)
    return LoadResult(record, existing is not None, problems)


def _feed_record(feed: Feed, files: dict[str, bytes], *, name: str, source: str, label: str,
                 problems: list[dict[str, Any]]) -> TransitFeed:
    digest = hashlib.sha256()
    for fname in sorted(files):
        digest.update(fname.encode())
        digest.update(hashlib.sha256(files[fname]).digest())
    span = feed.service_dates()
    return TransitFeed(
        name=name,
        source=source[-500:],
        label=label,
        version=digest.hexdigest(),
        publisher=feed.feed_info.get("feed_publisher_name", "")[:300],
        timezone=feed.timezone[:60],
        service_start=span[0] if span else None,
        service_end=span[1] if span else None,
        counts={"stops": len(feed.stops), "routes": len(feed.routes), "trips": len(feed.trips),
                "stop_times": len(feed.stop_times.stop)},
        report=problems,
        files=[TransitFeedFile(name=fname, data=data) for fname, data in files.items()],
    )


def stop_rows(feed: Feed, feed_id: int) -> list[dict[str, Any]]:
    """One row per stop with Korean and English names (translations, else the feed's own name)."""
    served = np.zeros(len(feed.stops), dtype=bool)
    served[np.unique(feed.stop_times.stop)] = True
    by_id = feed.stop_index
    for i, s in enumerate(feed.stops):
        if served[i] and s.parent_id and s.parent_id in by_id:
            served[by_id[s.parent_id]] = True
    korean = feed.feed_info.get("feed_lang", "").lower().startswith("ko")
    rows = []
    for i, s in enumerate(feed.stops):
        if s.location_type not in (0, 1):
            continue  # entrances, nodes and boarding areas are not places people name
        name_ko = s.names.get("ko") or (s.name if korean else "")
        name_en = s.names.get("en") or ("" if korean else s.name)
        rows.append({
            "feed_id": feed_id, "stop_id": s.id[:200], "name": s.name[:300], "name_ko": name_ko[:300],
            "name_en": name_en[:300], "search": "|".join(fold(x) for x in (name_ko, name_en, s.name, s.id))[:1000],
            "lat": s.lat, "lon": s.lon, "location_type": s.location_type,
            "parent_stop_id": s.parent_id, "served": bool(served[i]),
        })
    return rows


def list_feeds(session: Session) -> list[TransitFeed]:
    return list(session.scalars(select(TransitFeed).order_by(TransitFeed.id)))


def remove_feed(session: Session, actor: Actor | None, name: str, *, system: bool = False) -> None:
    if not system:
        require_operator(actor)
    found = session.scalar(select(TransitFeed).where(TransitFeed.name == name))
    if found is None:
        raise NotFound("transit.storage.no_feed_named", name=name)
    _delete(session, found)


def _delete(session: Session, feed: TransitFeed) -> None:
    """Children first by statement: the ORM would otherwise load every blob just to delete it."""
    session.execute(delete(TransitStop).where(TransitStop.feed_id == feed.id))
    session.execute(delete(TransitFeedFile).where(TransitFeedFile.feed_id == feed.id))
    session.execute(delete(TransitFeed).where(TransitFeed.id == feed.id))
    session.expunge(feed)
    session.flush()


def feed_files(session: Session, feed_id: int) -> dict[str, bytes]:
    return {f.name: f.data for f in session.scalars(select(TransitFeedFile).where(TransitFeedFile.feed_id == feed_id))}


def feed_count(session: Session) -> int:
    return int(session.scalar(select(func.count(TransitFeed.id))) or 0)


__all__ = ["FeedRejected", "LoadResult", "feed_count", "feed_files", "fold", "list_feeds",
           "load_into_db", "parse_files", "read_files", "remove_feed", "stop_rows"]
