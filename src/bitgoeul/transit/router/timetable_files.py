"""A built timetable as files: written once, then memory-mapped by every later start and every worker.

Building a national timetable takes minutes and gigabytes; mapping its files takes milliseconds, and
the pages are shared by the operating system between all processes that map them. One folder holds
one timetable (its forward arrays, the mirrored timetable for arrive-by, and the compiled kernel's two
layouts of each), the feed's stop times as arrays, and the rest of the feed (stops, routes, trips,
calendar) pickled. The caller chooses the folder; `timetable_key` names it from what the timetable
depends on, so a new feed or other build options never reuse old files.

Files are trusted: they are written by this module into the application's own data folder (the
pickle is not a format for files from elsewhere). A folder is written under a temporary name and
renamed into place, so a reader never sees a half-written one and two writers cannot mix files.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .gtfs import Feed, StopTimes
from .timetable import Timetable

FORMAT = 1  # bump when the layout changes: old folders are then ignored, not misread
_SCALARS = ("days", "n_stops", "span", "t_min", "walk_speed", "walk_radius", "reversed")
_ARRAYS = tuple(
    f.name
    for f in dataclasses.fields(Timetable)
    if f.name not in (*_SCALARS, "feed", "base_date", "pat_route") and not f.name.startswith("_")
)
_STOP_TIMES = tuple(f.name for f in dataclasses.fields(StopTimes))


def timetable_key(feed_digest: str, first_date: date, days: int, **options: object) -> str:
    """A folder name for the timetable of one feed version, date range and build options."""
    text = json.dumps(
        {"format": FORMAT, "feed": feed_digest, "first": first_date.isoformat(), "days": days, **options},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def file_digest(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of a feed zip (or of a folder's files in name order), read in chunks."""
    h = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for p in files:
        h.update(p.name.encode() + b"\0")
        with p.open("rb") as fh:
            while block := fh.read(chunk):
                h.update(block)
    return h.hexdigest()


def save_timetable(tt: Timetable, folder: Path) -> None:
    """Write `tt` (and its mirror and kernel layouts, built here if not yet) into `folder`, atomically."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        mirror = tt.mirrored()
        _write_part(tt, tmp / "forward")
        _write_part(mirror, tmp / "mirror")
        st_dir = tmp / "stop_times"
        st_dir.mkdir()
        for name in _STOP_TIMES:
            np.save(st_dir / f"{name}.npy", getattr(tt.feed.stop_times, name))
        empty = np.zeros(0, dtype=np.int32)
        rest = dataclasses.replace(
            tt.feed, stop_times=StopTimes(np.zeros(1, dtype=np.int64), empty, empty, empty, empty.astype(bool),
                                          empty.astype(bool))
        )
        with (tmp / "feed.pickle").open("wb") as fh:
            pickle.dump(rest, fh, protocol=pickle.HIGHEST_PROTOCOL)
        meta = {"format": FORMAT, "base_date": tt.base_date.isoformat()}
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.rename(tmp, folder)
        except OSError:  # another process got there first: its files are as good as ours
            if not (folder / "meta.json").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_part(tt: Timetable, folder: Path) -> None:
    folder.mkdir()
    for name in _ARRAYS:
        np.save(folder / f"{name}.npy", getattr(tt, name))
    tm_arr, tm_dep = tt.trip_major()
    ptr, pat, pos = tt.boardings()
    for name, arr in (("tm_arr", tm_arr), ("tm_dep", tm_dep), ("bd_ptr", ptr), ("bd_pat", pat), ("bd_pos", pos)):
        np.save(folder / f"{name}.npy", arr)
    scalars: dict[str, Any] = {name: getattr(tt, name) for name in _SCALARS}
    scalars["pat_route"] = tt.pat_route
    (folder / "scalars.json").write_text(json.dumps(scalars, ensure_ascii=False), encoding="utf-8")


def open_timetable(folder: Path) -> Timetable | None:
    """The timetable saved in `folder`, its arrays memory-mapped read-only; None if absent or of another format."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("format") != FORMAT:
        return None
    # A national feed is a million trip objects: the cyclic collector would walk them again and again while
    # they are made (4x the time), and none of them can be garbage yet.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with (folder / "feed.pickle").open("rb") as fh:
            feed: Feed = pickle.load(fh)  # noqa: S301 - our own file, see the module docstring
    finally:
        if collecting:
            gc.enable()
    feed.stop_times = StopTimes(*(_map(folder / "stop_times" / f"{n}.npy") for n in _STOP_TIMES))
    base = date.fromisoformat(meta["base_date"])
    forward = _read_part(folder / "forward", feed, base)
    forward._mirror = _read_part(folder / "mirror", feed, base)
    return forward


def _read_part(folder: Path, feed: Feed, base: date) -> Timetable:
    scalars: dict[str, Any] = json.loads((folder / "scalars.json").read_text(encoding="utf-8"))
    arrays: dict[str, Any] = {name: _map(folder / f"{name}.npy") for name in _ARRAYS}
    tt = Timetable(feed=feed, base_date=base, pat_route=list(scalars.pop("pat_route")), **scalars, **arrays)
    tt._trip_major = (_map(folder / "tm_arr.npy"), _map(folder / "tm_dep.npy"))
    tt._boardings = (_map(folder / "bd_ptr.npy"), _map(folder / "bd_pat.npy"), _map(folder / "bd_pos.npy"))
    return tt


def _map(path: Path) -> npt.NDArray[Any]:
    """A read-only view of the file's pages; a plain ndarray (not np.memmap) so numba takes it as it is."""
    arr = np.load(path, mmap_mode="r")
    return arr.view(np.ndarray) if isinstance(arr, np.memmap) else arr


def mapped_timetable(folder: Path, build: Callable[[], Timetable]) -> Timetable:
    """The timetable in `folder`, built with `build` and saved there first if it is not there yet."""
    found = open_timetable(folder)
    if found is not None:
        return found
    save_timetable(build(), folder)
    opened = open_timetable(folder)
    if opened is None:  # pragma: no cover - we just wrote it
        raise OSError(f"{folder}: timetable files unreadable right after writing")
    return opened
