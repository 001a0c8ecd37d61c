"""GTFS reading into plain in-memory structures; a broken file is reported, not fatal."""

from __future__ import annotations

import csv
import io
import itertools
import math
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]
BoolArray = npt.NDArray[np.bool_]

# Order matters: a BOM wins, then strict UTF-8, then the Korean legacy code pages (cp949 is a
# superset of euc-kr, so it is tried first), and latin-1 last because it never fails.
_ENCODINGS = ("utf-8", "cp949", "euc-kr")
# Files larger than this are read as a stream, their encoding judged on the first megabyte: a national
# stop_times.txt is gigabytes, and decoding it whole would hold the text several times over.
STREAM_BYTES = 64 << 20
_SNIFF_BYTES = 1 << 20
_CHUNK_ROWS = 1 << 20  # stop_times rows parsed into Python lists before they become numpy arrays
Progress = Callable[[str, int, int], None]  # (file, bytes read, bytes in all)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a feed: where it is and what is wrong, for the load report."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Stop:
    id: str
    name: str
    lat: float
    lon: float
    location_type: int = 0
    parent_id: str | None = None
    zone_id: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # language -> translated name


@dataclass
class Route:
    id: str
    short_name: str
    long_name: str
    route_type: int
    agency_id: str = ""
    names: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.short_name or self.long_name or self.id


@dataclass
class Trip:
    id: str
    route_id: str
    service_id: str
    headsign: str = ""
    names: dict[str, str] = field(default_factory=dict)  # language -> translated headsign


@dataclass
class Service:
    """calendar.txt row plus calendar_dates.txt exceptions for one service_id."""

    weekdays: tuple[bool, ...] = (False,) * 7
    start: date | None = None
    end: date | None = None
    added: set[date] = field(default_factory=set)
    removed: set[date] = field(default_factory=set)

    def runs_on(self, day: date) -> bool:
        if day in self.removed:
            return False
        if day in self.added:
            return True
        if self.start is None or self.end is None:
            return False
        return self.start <= day <= self.end and self.weekdays[day.weekday()]


@dataclass(frozen=True)
class Transfer:
    from_stop: str
    to_stop: str
    transfer_type: int
    min_time: int | None


@dataclass(frozen=True)
class Fare:
    id: str
    price: float
    currency: str


@dataclass(frozen=True)
class FareRule:
    fare_id: str
    route_id: str = ""
    origin_id: str = ""
    destination_id: str = ""


@dataclass
class StopTimes:
    """All stop times, sorted by trip then sequence; trip t owns rows trip_ptr[t]:trip_ptr[t+1]."""

    trip_ptr: npt.NDArray[np.int64]
    stop: IntArray  # index into Feed.stops
    arrival: IntArray  # seconds after the service day's midnight (may exceed 86,400)
    departure: IntArray
    no_pickup: BoolArray  # pickup_type == 1
    no_dropoff: BoolArray  # drop_off_type == 1


def fold_name(text: str) -> str:
    """A name compared loosely: NFKC, case folded, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass
class Feed:
    stops: list[Stop]
    stop_index: dict[str, int]
    routes: dict[str, Route]
    trips: list[Trip]
    stop_times: StopTimes
    services: dict[str, Service]
    transfers: list[Transfer] = field(default_factory=list)
    fares: dict[str, Fare] = field(default_factory=dict)
    fare_rules: list[FareRule] = field(default_factory=list)
    feed_info: dict[str, str] = field(default_factory=dict)
    timezone: str = ""
    _trip_index: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)
    _name_index: dict[str, list[int]] | None = field(default=None, init=False, repr=False, compare=False)
    _children: dict[str, list[int]] | None = field(default=None, init=False, repr=False, compare=False)

    def trip_position(self, trip_id: str) -> int | None:
        """Index of a trip in `trips` (built on first use)."""
        if self._trip_index is None:
            self._trip_index = {t.id: i for i, t in enumerate(self.trips)}
        return self._trip_index.get(trip_id)

    def stops_named(self, name: str) -> list[int]:
        """Stops whose own name is `name` (NFKC, case and spacing ignored)."""
        if self._name_index is None:
            index: dict[str, list[int]] = {}
            for i, s in enumerate(self.stops):
                index.setdefault(fold_name(s.name), []).append(i)
            self._name_index = index
        return self._name_index.get(fold_name(name), [])

    def children(self) -> dict[str, list[int]]:
        """Parent station id -> indices of its child stops (platforms); built on first use (every query's
        access and egress ask, and a national feed has 200,000 stops to walk)."""
        if self._children is None:
            out: dict[str, list[int]] = {}
            for i, s in enumerate(self.stops):
                if s.parent_id:
                    out.setdefault(s.parent_id, []).append(i)
            self._children = out
        return self._children

    def service_dates(self) -> tuple[date, date] | None:
        """First and last date any service runs, or None for an empty calendar."""
        days: list[date] = []
        for s in self.services.values():
            days.extend(d for d in (s.start, s.end) if d is not None)
            days.extend(s.added)
        return (min(days), max(days)) if days else None


@dataclass
class LoadReport:
    problems: list[Problem] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)

    def add(self, file: str, line: int, message: str) -> None:
        self.problems.append(Problem(file, line, message))

    @property
    def ok(self) -> bool:
        return not self.problems


class FeedError(ValueError):
    """The feed cannot be used at all (missing required file, unreadable archive)."""


# ---------------------------------------------------------------- reading files


class _Source:
    """A GTFS zip or folder; yields decoded text per member file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._names: dict[str, str] = {}
        if path.is_dir():
            self._names = {p.name: p.name for p in path.iterdir() if p.is_file()}
        else:
            try:
                self._zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise FeedError(f"{path}: not a GTFS zip or folder ({exc})") from exc
            # Some producers nest the files in a folder inside the archive.
            for name in self._zip.namelist():
                self._names.setdefault(name.rsplit("/", 1)[-1], name)

    def has(self, name: str) -> bool:
        return name in self._names

    def read_bytes(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(self._names[name])
        return (self.path / self._names[name]).read_bytes()

    def size(self, name: str) -> int:
        """Uncompressed size of a member file."""
        if self._zip is not None:
            return self._zip.getinfo(self._names[name]).file_size
        return (self.path / self._names[name]).stat().st_size

    def open_binary(self, name: str) -> io.BufferedIOBase:
        if self._zip is not None:
            return self._zip.open(self._names[name])  # type: ignore[return-value]
        return (self.path / self._names[name]).open("rb")


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for enc in _ENCODINGS:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def _sniff(sample: bytes) -> str:
    """The encoding of a streamed file, judged on its start (cut back to a line end so no character is split)."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    cut = sample.rfind(b"\n")
    head = sample[: cut + 1] if cut >= 0 else sample
    for enc in _ENCODINGS:
        try:
            head.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return "latin-1"


def _rows(src: _Source, name: str, report: LoadReport) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row dict) for small files; large ones use _table directly."""
    header, rows = _table(src, name, report)
    for line, row in rows:
        yield line, dict(zip(header, row, strict=False))


def _table(
    src: _Source, name: str, report: LoadReport, progress: Progress | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    if not src.has(name):
        return [], iter(())
    total = src.size(name)
    lines: Iterator[str]
    if total > STREAM_BYTES:
        raw = src.open_binary(name)
        buffered = io.BufferedReader(raw, buffer_size=_SNIFF_BYTES)
        enc = _sniff(buffered.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
        stream = io.TextIOWrapper(buffered, encoding=enc, errors="replace", newline="")
        lines = _counted(stream, raw, name, total, progress)
    else:
        text, enc = _decode(src.read_bytes(name))
        lines = io.StringIO(text)
    report.encodings[name] = enc
    reader = csv.reader(lines)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        report.add(name, 1, "empty file")
        return [], iter(())
    except csv.Error as exc:
        report.add(name, 1, f"unreadable header ({exc})")
        return [], iter(())

    def gen() -> Iterator[tuple[int, list[str]]]:
        width = len(header)
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                report.add(name, reader.line_num, f"unreadable row ({exc})")
                return
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))
            yield line, row

    return header, gen()


def _counted(
    stream: io.TextIOWrapper, raw: io.BufferedIOBase, name: str, total: int, progress: Progress | None
) -> Iterator[str]:
    """The stream's lines, telling `progress` every few thousand how far into the file they are."""
    try:
        for n, line in enumerate(stream):
            if progress is not None and n % 65_536 == 0:
                progress(name, min(raw.tell(), total), total)
            yield line
        if progress is not None:
            progress(name, total, total)
    finally:
        stream.close()


def parse_time(text: str) -> int | None:
    """'H:MM:SS' (hours may pass 24) -> seconds; None for blank; ValueError if malformed."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if len(parts) != 3:
        raise ValueError(f"time {text!r} is not H:MM:SS")
    h, m, s = (int(p) for p in parts)
    if h < 0 or not 0 <= m < 60 or not 0 <= s < 60:
        raise ValueError(f"time {text!r} out of range")
    return h * 3600 + m * 60 + s


def _parse_date(text: str) -> date:
    text = text.strip()
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


# ---------------------------------------------------------------- the loader


def load_feed(path: str | Path, progress: Progress | None = None) -> tuple[Feed, LoadReport]:
    """Read a GTFS zip or folder. Bad rows are skipped and listed in the report.

    Large files are streamed, and stop_times is parsed a million rows at a time into arrays, so memory
    follows the arrays, not the text; `progress` hears how far into stop_times.txt the reading is.
    """
    src = _Source(Path(path))
    report = LoadReport()
    for required in ("stops.txt", "routes.txt", "trips.txt", "stop_times.txt"):
        if not src.has(required):
            report.add(required, 0, "required file missing")
    if not (src.has("calendar.txt") or src.has("calendar_dates.txt")):
        report.add("calendar.txt", 0, "neither calendar.txt nor calendar_dates.txt present")

    stops, stop_index = _load_stops(src, report)
    routes = _load_routes(src, report)
    services = _load_services(src, report)
    trips, trip_index = _load_trips(src, report, routes)
    stop_times = _load_stop_times(src, report, stop_index, trip_index, stops, progress)
    trips, stop_times = _expand_frequencies(src, report, trips, trip_index, stop_times)
    transfers = _load_transfers(src, report, stop_index)
    fares, fare_rules = _load_fares(src, report)
    _apply_translations(src, report, stops, stop_index, routes, trips)
    feed_info = next((row for _, row in _rows(src, "feed_info.txt", report)), {})
    agency = next((row for _, row in _rows(src, "agency.txt", report)), {})
    feed = Feed(
        stops=stops,
        stop_index=stop_index,
        routes=routes,
        trips=trips,
        stop_times=stop_times,
        services=services,
        transfers=transfers,
        fares=fares,
        fare_rules=fare_rules,
        feed_info=feed_info,
        timezone=agency.get("agency_timezone", ""),
    )
    return feed, report


def _load_stops(src: _Source, report: LoadReport) -> tuple[list[Stop], dict[str, int]]:
    stops: list[Stop] = []
    index: dict[str, int] = {}
    for line, row in _rows(src, "stops.txt", report):
        sid = row.get("stop_id", "").strip()
        if not sid:
            report.add("stops.txt", line, "stop_id is empty")
            continue
        if sid in index:
            report.add("stops.txt", line, f"duplicate stop_id {sid!r}")
            continue
        try:
            lat = float(row.get("stop_lat", "") or "nan")
            lon = float(row.get("stop_lon", "") or "nan")
            ltype = int(row.get("location_type", "") or 0)
        except ValueError as exc:
            report.add("stops.txt", line, f"bad number ({exc})")
            continue
        if ltype in (0, 1) and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            report.add("stops.txt", line, f"stop {sid!r} has no valid coordinates")
            continue
        index[sid] = len(stops)
        stops.append(
            Stop(
                id=sid,
                name=row.get("stop_name", "").strip(),
                lat=lat,
                lon=lon,
                location_type=ltype,
                parent_id=row.get("parent_station", "").strip() or None,
                zone_id=row.get("zone_id", "").strip() or None,
            )
        )
    for i, s in enumerate(stops):
        if s.parent_id and s.parent_id not in index:
            report.add("stops.txt", 0, f"stop {s.id!r}: parent_station {s.parent_id!r} unknown")
            stops[i].parent_id = None
    return stops, index


def _load_routes(src: _Source, report: LoadReport) -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for line, row in _rows(src, "routes.txt", report):
        rid = row.get("route_id", "").strip()
        try:
            rtype = int(row.get("route_type", "") or 3)
        except ValueError:
            report.add("routes.txt", line, f"route_type {row.get('route_type')!r} is not a number")
            rtype = 3
        if not rid:
            report.add("routes.txt", line, "route_id is empty")
            continue
        routes[rid] = Route(
            id=rid,
            short_name=row.get("route_short_name", "").strip(),
            long_name=row.get("route_long_name", "").strip(),
            route_type=rtype,
            agency_id=row.get("agency_id", "").strip(),
        )
    return routes


def _load_services(src: _Source, report: LoadReport) -> dict[str, Service]:
    services: dict[str, Service] = {}
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for line, row in _rows(src, "calendar.txt", report):
        try:
            svc = services.setdefault(row["service_id"].strip(), Service())
            svc.weekdays = tuple(row.get(d, "0").strip() == "1" for d in days)
            svc.start = _parse_date(row["start_date"])
            svc.end = _parse_date(row["end_date"])
        except (KeyError, ValueError) as exc:
            report.add("calendar.txt", line, f"bad row ({exc})")
    for line, row in _rows(src, "calendar_dates.txt", report):
        try:
            svc = services.setdefault(row["service_id"].strip(), Service())
            day = _parse_date(row["date"])
            kind = row["exception_type"].strip()
        except (KeyError, ValueError) as exc:
            report.add("calendar_dates.txt", line, f"bad row ({exc})")
            continue
        if kind == "1":
            svc.added.add(day)
            svc.removed.discard(day)
        elif kind == "2":
            svc.removed.add(day)
            svc.added.discard(day)
        else:
            report.add("calendar_dates.txt", line, f"exception_type {kind!r} is not 1 or 2")
    return services


def _load_trips(src: _Source, report: LoadReport, routes: dict[str, Route]) -> tuple[list[Trip], dict[str, int]]:
    trips: list[Trip] = []
    index: dict[str, int] = {}
    for line, row in _rows(src, "trips.txt", report):
        tid = row.get("trip_id", "").strip()
        rid = row.get("route_id", "").strip()
        if not tid or tid in index:
            report.add("trips.txt", line, f"trip_id {tid!r} empty or duplicate")
            continue
        if rid not in routes:
            report.add("trips.txt", line, f"trip {tid!r}: unknown route_id {rid!r}")
            continue
        index[tid] = len(trips)
        trips.append(Trip(tid, rid, row.get("service_id", "").strip(), row.get("trip_headsign", "").strip()))
    return trips, index


def _load_stop_times(
    src: _Source,
    report: LoadReport,
    stop_index: dict[str, int],
    trip_index: dict[str, int],
    stops: list[Stop],
    progress: Progress | None = None,
) -> StopTimes:
    name = "stop_times.txt"
    header, rows = _table(src, name, report, progress)
    col = {h: i for i, h in enumerate(header)}
    need = ("trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time")
    if any(h not in col for h in need):
        if header:
            report.add(name, 1, f"header lacks one of {', '.join(need)}")
        return _empty_stop_times(len(trip_index))
    c_trip, c_stop, c_seq = col["trip_id"], col["stop_id"], col["stop_sequence"]
    c_arr, c_dep = col["arrival_time"], col["departure_time"]
    c_pick, c_drop = col.get("pickup_type"), col.get("drop_off_type")
    cache: dict[str, int] = {}  # time strings repeat a lot; parse each once

    def tm(text: str) -> int:
        v = cache.get(text)
        if v is None:
            p = parse_time(text)
            v = -1 if p is None else p
            cache[text] = v
        return v

    chunks = _Chunks()
    lists: tuple[list[int], list[int], list[int], list[int], list[int], list[bool], list[bool]] = (
        [], [], [], [], [], [], []
    )
    t_l, s_l, q_l, a_l, d_l, np_l, nd_l = lists
    for line, row in rows:
        t = trip_index.get(row[c_trip])
        s = stop_index.get(row[c_stop])
        if t is None or s is None:
            what = "trip_id" if t is None else "stop_id"
            report.add(name, line, f"unknown {what} {row[c_trip] if t is None else row[c_stop]!r}")
            continue
        try:
            arr, dep, seq = tm(row[c_arr]), tm(row[c_dep]), int(row[c_seq])
        except ValueError as exc:
            report.add(name, line, str(exc))
            continue
        if arr < 0 <= dep:
            arr = dep
        elif dep < 0 <= arr:
            dep = arr
        if dep < arr:
            report.add(name, line, "departure_time before arrival_time")
            continue
        t_l.append(t)
        s_l.append(s)
        q_l.append(seq)
        a_l.append(arr)
        d_l.append(dep)
        np_l.append(c_pick is not None and row[c_pick].strip() == "1")
        nd_l.append(c_drop is not None and row[c_drop].strip() == "1")
        if len(t_l) >= _CHUNK_ROWS:
            chunks.add(lists)
    chunks.add(lists)
    trip, stop, seq_a, arrival, departure, no_pick, no_drop = chunks.arrays()
    # Feeds usually list a trip's rows together and in order; sort (a copy of everything) only if not.
    if len(trip) > 1 and not _ordered(trip, seq_a):
        order = np.lexsort((seq_a, trip))
        trip, stop, arrival, departure = trip[order], stop[order], arrival[order], departure[order]
        no_pick, no_drop = no_pick[order], no_drop[order]
        del order
    del seq_a
    ptr = np.zeros(len(trip_index) + 1, dtype=np.int64)
    np.cumsum(np.bincount(trip, minlength=len(trip_index)), out=ptr[1:])
    _interpolate(report, ptr, stop, arrival, departure, stops)
    return StopTimes(ptr, stop, arrival, departure, no_pick, no_drop)


def _ordered(trip: IntArray, seq: IntArray) -> bool:
    """Whether rows are already sorted by (trip, sequence) with no tie, as lexsort would leave them."""
    step = np.diff(trip)
    if (step < 0).any():
        return False
    same = step == 0
    return bool((np.diff(seq)[same] > 0).all())


class _Chunks:
    """stop_times columns gathered as numpy arrays a chunk at a time (Python lists cost ~8x the memory)."""

    DTYPES = (np.int32, np.int32, np.int64, np.int32, np.int32, np.bool_, np.bool_)

    def __init__(self) -> None:
        self.parts: list[list[npt.NDArray[np.generic]]] = [[] for _ in self.DTYPES]

    def add(self, lists: tuple[list[int], list[int], list[int], list[int], list[int], list[bool], list[bool]]
            ) -> None:
        columns: tuple[list[Any], ...] = lists
        for part, values, dtype in zip(self.parts, columns, self.DTYPES, strict=True):
            part.append(np.asarray(values, dtype=dtype))
            values.clear()

    def arrays(self) -> list[npt.NDArray[Any]]:
        out: list[npt.NDArray[Any]] = []
        for part, dtype in zip(self.parts, self.DTYPES, strict=True):
            out.append(np.concatenate(part) if part else np.zeros(0, dtype=dtype))
            part.clear()
        return out


def _empty_stop_times(n_trips: int) -> StopTimes:
    z = np.zeros(0, dtype=np.int32)
    return StopTimes(np.zeros(n_trips + 1, dtype=np.int64), z, z.copy(), z.copy(), z.astype(bool), z.astype(bool))


def _interpolate(
    report: LoadReport,
    ptr: npt.NDArray[np.int64],
    stop: IntArray,
    arrival: IntArray,
    departure: IntArray,
    stops: list[Stop],
) -> None:
    """Fill blank intermediate times in proportion to straight-line distance between timepoints."""
    blanks = np.flatnonzero(arrival < 0)
    if len(blanks) == 0:
        return
    trips = np.searchsorted(ptr, blanks, side="right") - 1
    for t in np.unique(trips):
        lo, hi = int(ptr[t]), int(ptr[t + 1])
        known = [i for i in range(lo, hi) if arrival[i] >= 0]
        if not known or known[0] != lo or known[-1] != hi - 1:
            report.add("stop_times.txt", 0, f"trip #{t}: first or last stop has no time; trip dropped")
            arrival[lo:hi] = departure[lo:hi] = -1
            continue
        for a, b in itertools.pairwise(known):
            if b - a < 2:
                continue
            pts = [stops[int(stop[i])] for i in range(a, b + 1)]
            legs = [max(_metres(p, q), 1.0) for p, q in itertools.pairwise(pts)]
            total = sum(legs)
            t0, t1 = int(departure[a]), int(arrival[b])
            run = 0.0
            for k in range(a + 1, b):
                run += legs[k - a - 1]
                arrival[k] = departure[k] = t0 + round((t1 - t0) * run / total)


def _metres(a: Stop, b: Stop) -> float:
    """Great-circle distance; the same formula serves footpaths (see timetable.py)."""
    return haversine_m(a.lat, a.lon, b.lat, b.lon)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))


def _expand_frequencies(
    src: _Source,
    report: LoadReport,
    trips: list[Trip],
    trip_index: dict[str, int],
    st: StopTimes,
) -> tuple[list[Trip], StopTimes]:
    """Replace each frequency-based template trip by one concrete trip per headway."""
    by_trip: dict[int, list[tuple[int, int, int]]] = {}
    for line, row in _rows(src, "frequencies.txt", report):
        t = trip_index.get(row.get("trip_id", "").strip())
        try:
            start, end = parse_time(row.get("start_time", "")), parse_time(row.get("end_time", ""))
            headway = int(row.get("headway_secs", "") or 0)
        except ValueError as exc:
            report.add("frequencies.txt", line, str(exc))
            continue
        if t is None or start is None or end is None or headway <= 0 or end <= start:
            report.add("frequencies.txt", line, "unknown trip_id, bad window or non-positive headway")
            continue
        by_trip.setdefault(t, []).append((start, end, headway))
    if not by_trip:
        return trips, st
    keep = np.ones(len(st.stop), dtype=bool)
    new_trips = list(trips)
    parts: list[tuple[npt.NDArray[np.int64], int]] = []  # (row indices of template, shift)
    for t, windows in by_trip.items():
        lo, hi = int(st.trip_ptr[t]), int(st.trip_ptr[t + 1])
        if hi == lo:
            continue
        keep[lo:hi] = False
        first = int(st.departure[lo])
        for start, end, headway in windows:
            for dep in range(start, end, headway):
                tr = trips[t]
                new_trips.append(
                    Trip(
                        f"{tr.id}@{dep // 3600:02d}:{dep % 3600 // 60:02d}:{dep % 60:02d}",
                        tr.route_id,
                        tr.service_id,
                        tr.headsign,
                        dict(tr.names),
                    )
                )
                parts.append((np.arange(lo, hi), dep - first))
    # Templates keep their slot (with no stop times) so trip indices stay stable.
    trip_of_row = np.repeat(np.arange(len(trips)), np.diff(st.trip_ptr))
    rows = [np.flatnonzero(keep)]
    tr_ids = [trip_of_row[keep]]
    shifts = [np.zeros(int(keep.sum()), dtype=np.int64)]
    for k, (idx, shift) in enumerate(parts):
        rows.append(idx)
        tr_ids.append(np.full(len(idx), len(trips) + k))
        shifts.append(np.full(len(idx), shift))
    r = np.concatenate(rows)
    trip_col = np.concatenate(tr_ids)
    sh = np.concatenate(shifts)
    order = np.argsort(trip_col, kind="stable")
    r, trip_col, sh = r[order], trip_col[order], sh[order]
    ptr = np.zeros(len(new_trips) + 1, dtype=np.int64)
    np.cumsum(np.bincount(trip_col, minlength=len(new_trips)), out=ptr[1:])
    out = StopTimes(
        ptr,
        st.stop[r],
        (st.arrival[r] + sh).astype(np.int32),
        (st.departure[r] + sh).astype(np.int32),
        st.no_pickup[r],
        st.no_dropoff[r],
    )
    return new_trips, out


def _load_transfers(src: _Source, report: LoadReport, stop_index: dict[str, int]) -> list[Transfer]:
    out: list[Transfer] = []
    for line, row in _rows(src, "transfers.txt", report):
        a, b = row.get("from_stop_id", "").strip(), row.get("to_stop_id", "").strip()
        if a not in stop_index or b not in stop_index:
            report.add("transfers.txt", line, f"unknown stop {a if a not in stop_index else b!r}")
            continue
        try:
            kind = int(row.get("transfer_type", "") or 0)
            mt = row.get("min_transfer_time", "").strip()
            out.append(Transfer(a, b, kind, int(float(mt)) if mt else None))
        except ValueError as exc:
            report.add("transfers.txt", line, f"bad number ({exc})")
    return out


def _load_fares(src: _Source, report: LoadReport) -> tuple[dict[str, Fare], list[FareRule]]:
    fares: dict[str, Fare] = {}
    for line, row in _rows(src, "fare_attributes.txt", report):
        try:
            fares[row["fare_id"].strip()] = Fare(
                row["fare_id"].strip(), float(row["price"]), row.get("currency_type", "").strip()
            )
        except (KeyError, ValueError) as exc:
            report.add("fare_attributes.txt", line, f"bad row ({exc})")
    rules: list[FareRule] = []
    for line, row in _rows(src, "fare_rules.txt", report):
        fid = row.get("fare_id", "").strip()
        if fid not in fares:
            report.add("fare_rules.txt", line, f"unknown fare_id {fid!r}")
            continue
        rules.append(
            FareRule(
                fid,
                row.get("route_id", "").strip(),
                row.get("origin_id", "").strip(),
                row.get("destination_id", "").strip(),
            )
        )
    return fares, rules


def _apply_translations(
    src: _Source,
    report: LoadReport,
    stops: list[Stop],
    stop_index: dict[str, int],
    routes: dict[str, Route],
    trips: list[Trip],
) -> None:
    """Fill Stop.names / Route.names / Trip.names from translations.txt (record_id or field_value form)."""
    trip_by_id: dict[str, list[Trip]] | None = None
    for line, row in _rows(src, "translations.txt", report):
        table, fld = row.get("table_name", "").strip(), row.get("field_name", "").strip()
        lang, text = row.get("language", "").strip(), row.get("translation", "").strip()
        rec, value = row.get("record_id", "").strip(), row.get("field_value", "").strip()
        if not lang or not text:
            report.add("translations.txt", line, "language or translation empty")
            continue
        if table == "stops" and fld == "stop_name":
            targets = [stops[stop_index[rec]]] if rec in stop_index else [s for s in stops if value and s.name == value]
            for s in targets:
                s.names[lang] = text
        elif table == "routes" and fld in ("route_long_name", "route_short_name"):
            column = "short_name" if fld == "route_short_name" else "long_name"
            rtargets = [routes[rec]] if rec in routes else [
                r for r in routes.values() if value and getattr(r, column) == value
            ]
            for r in rtargets:
                if fld == "route_long_name" or lang not in r.names:
                    r.names[lang] = text
        elif table == "trips" and fld == "trip_headsign":
            if trip_by_id is None:  # frequency-expanded trips are "template@HH:MM:SS"
                trip_by_id = {}
                for t in trips:
                    trip_by_id.setdefault(t.id, []).append(t)
                    if "@" in t.id:
                        trip_by_id.setdefault(t.id.rpartition("@")[0], []).append(t)
            found = trip_by_id.get(rec, [])
            ttargets = found or [t for t in trips if value and t.headsign == value]
            for t in ttargets:
                t.names[lang] = text


def service_days(feed: Feed, first: date, last: date) -> dict[date, set[str]]:
    """For each day in [first, last], the service_ids running that day."""
    out: dict[date, set[str]] = {}
    day = first
    while day <= last:
        out[day] = {sid for sid, s in feed.services.items() if s.runs_on(day)}
        day += timedelta(days=1)
    return out
