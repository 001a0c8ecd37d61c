"""Large files are streamed and stop_times parsed in chunks: the result is the same feed as reading them whole."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import numpy as np
import pytest
from tests.transit.feeds import SAMPLE
from tests.transit.test_transit_gtfs import base_files, write_feed

from bitgoeul.transit.router import Feed, gtfs, load_feed


def same_feed(a: Feed, b: Feed) -> None:
    assert [dataclasses.asdict(s) for s in a.stops] == [dataclasses.asdict(s) for s in b.stops]
    assert [dataclasses.asdict(t) for t in a.trips] == [dataclasses.asdict(t) for t in b.trips]
    assert a.routes == b.routes and a.services == b.services and a.transfers == b.transfers
    for f in dataclasses.fields(a.stop_times):
        x, y = getattr(a.stop_times, f.name), getattr(b.stop_times, f.name)
        assert x.dtype == y.dtype, f.name
        np.testing.assert_array_equal(x, y)


def shuffled_sample(tmp: Path) -> Path:
    """The sample with its stop_times rows reversed, so the loader has to sort them."""
    folder = tmp / "shuffled"
    folder.mkdir()
    for p in SAMPLE.iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    lines = (SAMPLE / "stop_times.txt").read_text(encoding="utf-8").splitlines()
    (folder / "stop_times.txt").write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("which", ["sample", "shuffled", "zip"])
def test_streamed_chunked_load_equals_the_whole_file_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    path = SAMPLE if which == "sample" else shuffled_sample(tmp_path)
    if which == "zip":
        path = tmp_path / "feed.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in SAMPLE.iterdir():
                zf.write(p, p.name)
    whole, whole_report = load_feed(path)
    seen: list[tuple[str, int, int]] = []
    monkeypatch.setattr(gtfs, "STREAM_BYTES", 1000)  # the sample's stop_times (~300 kB) is now "large"
    monkeypatch.setattr(gtfs, "_CHUNK_ROWS", 777)  # and parsed in several chunks
    streamed, report = load_feed(path, progress=lambda f, done, total: seen.append((f, done, total)))
    same_feed(whole, streamed)
    assert report.problems == whole_report.problems == []
    assert seen and seen[-1][1] == seen[-1][2] > 0 and {f for f, _, _ in seen} >= {"stop_times.txt"}
    assert [d for f, d, _ in seen if f == "stop_times.txt"] == sorted(d for f, d, _ in seen if f == "stop_times.txt")
    if which == "shuffled":
        st = streamed.stop_times
        assert (np.diff(st.trip_ptr) >= 0).all() and len(st.stop) == 8066


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_streamed_files_keep_their_encoding_and_bad_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    files = base_files()
    files["stop_times.txt"] += "t2,8:xx:00,08:30:00,C,3\nghost,09:00:00,09:00:00,A,1\n"
    folder = write_feed(tmp_path / "f", files, encoding)
    whole, whole_report = load_feed(folder)
    monkeypatch.setattr(gtfs, "STREAM_BYTES", 10)
    monkeypatch.setattr(gtfs, "_CHUNK_ROWS", 2)
    streamed, report = load_feed(folder)
    same_feed(whole, streamed)
    assert streamed.stops[streamed.stop_index["B"]].name == "첨단"
    assert report.problems == whole_report.problems and len(report.problems) == 2
    assert report.encodings["stops.txt"] in {encoding, "cp949"}
