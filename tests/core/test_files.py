"""Untrusted zips: refused by their directory (members, sizes, ratio) before decompressing, refused while
streaming when the directory lies, and damaged ones refused with a message, never a traceback."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from bitgoeul.core.files import MIB, FileRefused, ZipLimits, read_at_most, read_zip

ROW = b"trip_1,08:00:00,08:00:00,stop_a,1\n"


def _zip(path: Path, members: dict[str, bytes], level: int = 9) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _read(path: Path, limits: ZipLimits) -> dict[str, bytes]:
    return read_zip(path, limits, lambda _info: True)


def test_a_plain_zip_reads_back_exactly(tmp_path: Path) -> None:
    members = {"a.txt": b"hello", "dir/b.txt": bytes(range(256)) * 100}
    assert _read(_zip(tmp_path / "ok.zip", members), ZipLimits()) == members


@pytest.mark.parametrize(("limits", "key"), [
    (ZipLimits(max_members=2, max_ratio=1e6), "files.too_many_members"),
    (ZipLimits(max_member_bytes=2 * MIB, max_ratio=1e6), "files.member_too_big"),
    (ZipLimits(max_total_bytes=5 * MIB, max_ratio=1e6), "files.total_too_big"),
    (ZipLimits(max_ratio=10), "files.ratio"),
])
def test_each_limit_refuses_by_the_directory(tmp_path: Path, limits: ZipLimits, key: str) -> None:
    rows = ROW * (3 * MIB // len(ROW))  # 3 MiB that deflate squeezes well past 10:1
    path = _zip(tmp_path / "big.zip", {"a.txt": rows, "b.txt": rows, "c.txt": b"x"})
    with pytest.raises(FileRefused) as caught:
        _read(path, limits)
    assert caught.value.key == key and caught.value.status == 422 and "big.zip" in caught.value.message


def test_small_members_may_compress_well(tmp_path: Path) -> None:
    path = _zip(tmp_path / "small.zip", {"a.txt": ROW * 20_000})  # 680 KB at a ratio far above 10
    assert len(_read(path, ZipLimits(max_ratio=10))["a.txt"]) == len(ROW) * 20_000


def test_a_directory_that_understates_the_size_is_caught(tmp_path: Path) -> None:
    """Rewrite the declared sizes to 10 bytes: the stream must not hand back more than was declared."""
    path = _zip(tmp_path / "liar.zip", {"a.txt": ROW * 100_000})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    struct.pack_into("<I", data, info.header_offset + 22, 10)  # local header: uncompressed size
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # central directory: uncompressed size
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused) as caught:
        _read(path, ZipLimits(max_member_bytes=MIB))
    assert caught.value.key == "files.corrupt"


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_damaged_zips_are_refused_with_a_message(tmp_path: Path, damage: str) -> None:
    path = _zip(tmp_path / "d.zip", {"a.txt": bytes(range(256)) * 4000, "b.txt": b"tail"}, level=1)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2] + data[-200:]
    else:
        data[200:400] = b"\xff" * 200  # inside the deflate stream of a.txt
    path.write_bytes(bytes(data))
    with pytest.raises(FileRefused) as caught:
        _read(path, ZipLimits())
    assert caught.value.key == "files.corrupt"


def test_read_at_most_reads_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 101)
    with path.open("rb") as handle, pytest.raises(FileRefused):
        read_at_most(handle, 100, "f.bin")
    with path.open("rb") as handle:
        assert read_at_most(handle, 101, "f.bin") == b"x" * 101


def test_a_gtfs_folder_obeys_the_same_limits(tmp_path: Path) -> None:
    from bitgoeul.transit.storage import read_files

    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "stops.txt").write_bytes(b"x" * (2 * MIB))
    (folder / "endless.txt").symlink_to("/dev/zero")  # not a regular file: never read
    assert set(read_files(folder, ZipLimits(max_member_bytes=3 * MIB))) == {"stops.txt"}
    with pytest.raises(FileRefused) as caught:
        read_files(folder, ZipLimits(max_member_bytes=MIB))
    assert caught.value.key == "files.too_big"
