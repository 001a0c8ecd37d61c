"""Build the Korean intercity SAMPLE GTFS feed from the published facts (shared/data/korea-intercity-facts.md).

Run: python scripts/build_sample_feed.py [OUT_DIR]. Output is deterministic plain text, committed under
src/bitgoeul/transit/data/sample-kr-intercity/. Timetables are generated from published headline facts
(first/last trains, counts, running times); they are a SAMPLE, not an operator's timetable.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "bitgoeul" / "transit" / "data" / "sample-kr-intercity"
START, END = "20260101", "20271231"

# (id, ko, en, lat, lon, parent, source). "facts" = the shared facts file; "approx" = read off a general
# map by the author and rounded, good to a few hundred metres at best; children sit a few metres from
# their parent station by construction.
STATIONS: list[tuple[str, str, str, float, float, str, str]] = [
    ("incheon_t1", "인천공항 제1여객터미널", "Incheon Airport Terminal 1", 37.44910, 126.45060, "", "approx"),
    ("incheon_t2", "인천공항 제2여객터미널", "Incheon Airport Terminal 2", 37.46800, 126.43350, "", "approx"),
    ("seoul", "서울역", "Seoul Station", 37.55474, 126.97070, "", "facts"),
    ("yongsan", "용산역", "Yongsan", 37.53000, 126.96485, "", "facts"),
    ("gimpo_airport", "김포공항", "Gimpo Airport", 37.56080, 126.80210, "", "approx"),
    ("gwangju_songjeong", "광주송정역", "Gwangju Songjeong", 35.13789, 126.79018, "", "facts"),
    ("gwangju_airport", "광주공항", "Gwangju Airport", 35.12640, 126.80890, "", "approx"),
    ("usquare", "광주종합버스터미널 유스퀘어", "Gwangju U-Square Bus Terminal", 35.16040, 126.87870, "", "approx"),
    ("gwangju_station", "광주역", "Gwangju Station", 35.16520, 126.90920, "", "approx"),
]
CHILDREN: list[tuple[str, str, str, str, float, float]] = [
    # id, parent, ko suffix, en suffix, dlat, dlon (metres-scale offsets from the parent)
    ("incheon_t1_arex", "incheon_t1", "공항철도", "AREX", -0.0016, 0.0019),
    ("incheon_t1_bus", "incheon_t1", "고속버스 승차장", "express bus stop", 0.0004, -0.0006),
    ("incheon_t2_arex", "incheon_t2", "공항철도", "AREX", 0.0002, 0.0001),
    ("incheon_t2_bus", "incheon_t2", "고속버스 승차장", "express bus stop", 0.0010, -0.0012),
    ("seoul_ktx", "seoul", "KTX", "KTX", 0.0, 0.0),
    ("seoul_arex", "seoul", "공항철도", "AREX", -0.0012, -0.0022),
    ("seoul_line1", "seoul", "1호선", "Line 1", 0.0009, 0.0012),
    ("yongsan_ktx", "yongsan", "KTX", "KTX", 0.0, 0.0),
    ("yongsan_line1", "yongsan", "1호선", "Line 1", 0.0006, 0.0010),
    ("gimpo_arex", "gimpo_airport", "공항철도", "AREX", 0.0014, -0.0007),
    ("gimpo_air", "gimpo_airport", "국내선", "domestic terminal", -0.0009, 0.0004),
    ("songjeong_rail", "gwangju_songjeong", "KTX·SRT", "KTX/SRT", 0.0, 0.0),
    ("songjeong_bus", "gwangju_songjeong", "버스 정류장", "bus stop", 0.0008, 0.0010),
    ("gwangju_air", "gwangju_airport", "국내선", "terminal", 0.0, 0.0),
    ("gwangju_airport_bus", "gwangju_airport", "버스 정류장", "bus stop", 0.0007, 0.0008),
    ("usquare_terminal", "usquare", "고속버스 승강장", "express bus bays", 0.0, 0.0),
    ("usquare_bus", "usquare", "시내버스 정류장", "city bus stop", 0.0008, -0.0010),
    ("gwangju_station_rail", "gwangju_station", "열차", "trains", 0.0, 0.0),
    ("gwangju_station_bus", "gwangju_station", "버스 정류장", "bus stop", 0.0009, 0.0011),
]
PLAIN_STOPS: list[tuple[str, str, str, float, float, str]] = [
    ("gwangmyeong", "광명역", "Gwangmyeong", 37.41630, 126.88480, "approx"),
    ("cheonan_asan", "천안아산역", "Cheonan-Asan", 36.79440, 127.10460, "approx"),
    ("osong", "오송역", "Osong", 36.62020, 127.32730, "approx"),
    ("gongju", "공주역", "Gongju", 36.37120, 127.05810, "approx"),
    ("iksan", "익산역", "Iksan", 35.94050, 126.94650, "approx"),
    ("jeongeup", "정읍역", "Jeongeup", 35.57670, 126.84430, "approx"),
    ("suseo", "수서역", "Suseo", 37.48535, 127.10452, "facts"),
    ("dongtan", "동탄역", "Dongtan", 37.20010, 127.09540, "approx"),
    ("pyeongtaek_jije", "평택지제역", "Pyeongtaek-Jije", 37.01820, 127.07050, "approx"),
    ("namyeong", "남영역", "Namyeong", 37.54140, 126.97160, "approx"),
    ("arex_cargo", "공항화물청사역", "Airport Cargo Terminal", 37.45870, 126.47700, "approx"),
    ("arex_unseo", "운서역", "Unseo", 37.49270, 126.49370, "approx"),
    ("arex_yeongjong", "영종역", "Yeongjong", 37.51150, 126.52380, "approx"),
    ("arex_cheongna", "청라국제도시역", "Cheongna International City", 37.55640, 126.62470, "approx"),
    ("arex_geomam", "검암역", "Geomam", 37.56930, 126.67370, "approx"),
    ("arex_gyeyang", "계양역", "Gyeyang", 37.57140, 126.73590, "approx"),
    ("arex_magongnaru", "마곡나루역", "Magongnaru", 37.56660, 126.82710, "approx"),
    ("arex_dmc", "디지털미디어시티역", "Digital Media City", 37.57700, 126.89900, "approx"),
    ("arex_hongik", "홍대입구역", "Hongik Univ.", 37.55750, 126.92450, "approx"),
    ("arex_gongdeok", "공덕역", "Gongdeok", 37.54360, 126.95150, "approx"),
    ("cheomdan_ai_dc", "국가AI데이터센터 (첨단)", "National AI Data Center (Cheomdan)", 35.22700, 126.84800, "approx"),
    ("ai_academy", "광주 인공지능사관학교 (동구)", "Gwangju AI Academy (Dong-gu)", 35.14900, 126.91700, "approx"),
]


@dataclass
class Line:
    route_id: str
    agency: str
    short: str
    long_ko: str
    long_en: str
    route_type: int


ROUTES = [
    Line("ktx_honam", "korail", "KTX", "KTX 호남선", "KTX Honam Line", 2),
    Line("srt_honam", "sr", "SRT", "SRT 호남선", "SRT Honam Line", 2),
    Line("arex_express", "arex", "AREX 직통", "공항철도 직통열차", "AREX Express", 2),
    Line("arex_all", "arex", "AREX 일반", "공항철도 일반열차", "AREX All-stop", 1),
    Line("seoul_line1", "korail", "1호선", "수도권 전철 1호선 (서울-용산)", "Seoul Metro Line 1 (Seoul-Yongsan)", 1),
    Line(
        "bus_icn_gwangju",
        "airport_bus",
        "인천공항-광주",
        "인천공항-광주 고속버스",
        "Incheon Airport-Gwangju Express Bus",
        3,
    ),
    Line("air_gmp_kwj", "airline", "김포-광주", "김포-광주 항공편", "Gimpo-Gwangju Flight", 1100),
    Line("songjeong_shuttle", "korail", "셔틀", "광주송정-광주 셔틀열차", "Songjeong-Gwangju Shuttle Train", 2),
    Line("link_ai_dc", "gwangju_bus", "AI DC", "AI데이터센터 연결버스", "AI Data Center Link Bus", 3),
    Line("link_ai_academy", "gwangju_bus", "AI 사관학교", "AI사관학교 연결버스", "AI Academy Link Bus", 3),
]
AGENCIES = [
    ("korail", "코레일 (Korail)"),
    ("sr", "에스알 (SR)"),
    ("arex", "공항철도 (AREX)"),
    ("airport_bus", "공항 고속버스 (sample)"),
    ("airline", "국내선 항공 (sample)"),
    ("gwangju_bus", "광주 시내버스 (sample)"),
]


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


class Builder:
    def __init__(self) -> None:
        self.trips: list[list[str]] = []
        self.stop_times: list[list[str]] = []

    def trip(self, route: str, tid: str, headsign: str, calls: list[tuple[str, int, int]]) -> None:
        """calls: (stop, arrival minute, departure minute)."""
        self.trips.append([route, "daily", tid, headsign])
        for seq, (stop, arr, dep) in enumerate(calls, start=1):
            self.stop_times.append([tid, clock(arr), clock(dep), stop, str(seq)])

    def run(self, route: str, tid: str, headsign: str, start: int, legs: list[tuple[str, int]], dwell: int) -> None:
        """legs: (stop, cumulative running minutes from the first stop), dwelling `dwell` at each middle stop."""
        calls = []
        t = start
        prev = 0
        for i, (stop, cum) in enumerate(legs):
            t += cum - prev
            prev = cum
            last = i == len(legs) - 1
            calls.append((stop, t, t if (i == 0 or last) else t + dwell))
            if 0 < i < len(legs) - 1:
                t += dwell
        self.trip(route, tid, headsign, calls)


# Cumulative non-stop running minutes along each line; a stop made adds its dwell.
KTX_LINE = [
    ("yongsan_ktx", 0),
    ("gwangmyeong", 14),
    ("cheonan_asan", 33),
    ("osong", 42),
    ("gongju", 52),
    ("iksan", 64),
    ("jeongeup", 77),
    ("songjeong_rail", 91),
]
SRT_LINE = [
    ("suseo", 0),
    ("dongtan", 13),
    ("pyeongtaek_jije", 22),
    ("cheonan_asan", 33),
    ("osong", 42),
    ("gongju", 52),
    ("iksan", 63),
    ("jeongeup", 75),
    ("songjeong_rail", 85),
]
KTX_PATTERNS = [  # stops made besides the ends; 1 h 33 to about 2 h
    {"gwangmyeong", "iksan"},
    {"gwangmyeong", "osong", "iksan", "jeongeup"},
    {"gwangmyeong", "cheonan_asan", "osong", "gongju", "iksan", "jeongeup"},
    {"gwangmyeong", "cheonan_asan", "osong", "iksan"},
]
SRT_PATTERNS = [
    {"iksan"},
    {"dongtan", "osong", "iksan", "jeongeup"},
    {"dongtan", "pyeongtaek_jije", "cheonan_asan", "osong", "gongju", "iksan", "jeongeup"},
    {"dongtan", "cheonan_asan", "osong", "iksan"},
]
KTX_DEPARTS = [
    "05:08",
    "05:40",
    "06:25",
    "07:00",
    "07:35",
    "08:05",
    "08:50",
    "09:30",
    "10:15",
    "11:00",
    "11:45",
    "12:30",
    "13:20",
    "14:10",
    "15:00",
    "15:45",
    "16:30",
    "17:15",
    "18:00",
    "18:45",
    "19:35",
    "20:25",
    "21:20",
    "22:23",
]  # 24 a weekday, 05:08-22:23 (facts, 2024)
SRT_DEPARTS = [
    "05:10",
    "06:00",
    "06:50",
    "07:40",
    "08:30",
    "09:20",
    "10:20",
    "11:20",
    "12:20",
    "13:20",
    "14:20",
    "15:10",
    "16:00",
    "16:50",
    "17:40",
    "18:30",
    "19:20",
    "20:10",
    "21:00",
    "22:00",
]  # ~20 a day


def stops_for(line: list[tuple[str, int]], made: set[str]) -> list[tuple[str, int]]:
    return [line[0], *[s for s in line[1:-1] if s[0] in made], line[-1]]


def reverse_line(line: list[tuple[str, int]]) -> list[tuple[str, int]]:
    total = line[-1][1]
    return [(s, total - c) for s, c in reversed(line)]


def build_timetables(b: Builder) -> None:
    for i, dep in enumerate(KTX_DEPARTS):
        pat = KTX_PATTERNS[i % len(KTX_PATTERNS)]
        b.run("ktx_honam", f"ktx_down_{i:02d}", "광주송정", hm(dep), stops_for(KTX_LINE, pat), 2)
        b.run("ktx_honam", f"ktx_up_{i:02d}", "용산", hm(dep) - 3, stops_for(reverse_line(KTX_LINE), pat), 2)
    # A few Honam KTX trains start at Seoul Station rather than Yongsan.
    seoul_line = [("seoul_ktx", 0), *[(s, c + 9) for s, c in KTX_LINE[1:]]]
    for i, dep in enumerate(["06:40", "12:55", "17:45"]):
        b.run("ktx_honam", f"ktx_seoul_down_{i}", "광주송정", hm(dep), stops_for(seoul_line, KTX_PATTERNS[1]), 2)
        b.run(
            "ktx_honam",
            f"ktx_seoul_up_{i}",
            "서울",
            hm(dep) + 20,
            stops_for(reverse_line(seoul_line), KTX_PATTERNS[1]),
            2,
        )
    for i, dep in enumerate(SRT_DEPARTS):
        pat = SRT_PATTERNS[i % len(SRT_PATTERNS)]
        b.run("srt_honam", f"srt_down_{i:02d}", "광주송정", hm(dep), stops_for(SRT_LINE, pat), 2)
        b.run("srt_honam", f"srt_up_{i:02d}", "수서", hm(dep) + 5, stops_for(reverse_line(SRT_LINE), pat), 2)
    # AREX express: T2 -> T1 8 min, T1 -> Seoul 43 min non-stop, every 40 min (facts: every 20-40 min).
    for i, t in enumerate(range(hm("05:20"), hm("22:41"), 40)):
        b.run(
            "arex_express",
            f"arex_x_in_{i:02d}",
            "서울역",
            t,
            [("incheon_t2_arex", 0), ("incheon_t1_arex", 8), ("seoul_arex", 51)],
            1,
        )
        b.run(
            "arex_express",
            f"arex_x_out_{i:02d}",
            "인천공항2터미널",
            t + 10,
            [("seoul_arex", 0), ("incheon_t1_arex", 43), ("incheon_t2_arex", 51)],
            1,
        )
    arex_all = [
        ("incheon_t2_arex", 0),
        ("incheon_t1_arex", 6),
        ("arex_cargo", 10),
        ("arex_unseo", 14),
        ("arex_yeongjong", 18),
        ("arex_cheongna", 26),
        ("arex_geomam", 31),
        ("arex_gyeyang", 36),
        ("gimpo_arex", 42),
        ("arex_magongnaru", 44),
        ("arex_dmc", 51),
        ("arex_hongik", 55),
        ("arex_gongdeok", 59),
        ("seoul_arex", 62),
    ]  # T1 -> Seoul 56 min, dwells included (facts: 53-60)
    for i, t in enumerate(range(hm("05:20"), hm("23:31"), 6)):
        b.run("arex_all", f"arex_a_in_{i:03d}", "서울역", t, arex_all, 0)
        b.run("arex_all", f"arex_a_out_{i:03d}", "인천공항2터미널", t + 3, reverse_line(arex_all), 0)
    for i, t in enumerate(range(hm("05:30"), hm("24:00"), 5)):
        b.run(
            "seoul_line1", f"line1_s_{i:03d}", "용산", t, [("seoul_line1", 0), ("namyeong", 2), ("yongsan_line1", 5)], 1
        )
        b.run(
            "seoul_line1",
            f"line1_n_{i:03d}",
            "서울",
            t + 2,
            [("yongsan_line1", 0), ("namyeong", 3), ("seoul_line1", 5)],
            1,
        )
    # Express bus, after 2022 (facts): T2 08:30, 11:15, 18:05, 20:30; T1 15 min later; 3 h 45 to U-Square.
    for i, dep in enumerate(["08:30", "11:15", "18:05", "20:30"]):
        t = hm(dep)
        b.trip(
            "bus_icn_gwangju",
            f"bus_down_{i}",
            "광주 유스퀘어",
            [("incheon_t2_bus", t, t), ("incheon_t1_bus", t + 15, t + 20), ("usquare_terminal", t + 20 + 225, t + 245)],
        )
    for i, dep in enumerate(["05:30", "09:00", "13:30", "16:00"]):  # return times: sample assumption
        t = hm(dep)
        b.trip(
            "bus_icn_gwangju",
            f"bus_up_{i}",
            "인천공항",
            [("usquare_terminal", t, t), ("incheon_t1_bus", t + 225, t + 230), ("incheon_t2_bus", t + 245, t + 245)],
        )
    # Gimpo-Gwangju: about 1 h block, 1-3 a day (facts); the clock times are a sample assumption.
    for i, (dep, back) in enumerate([("07:35", "09:20"), ("18:30", "20:20")]):
        b.trip(
            "air_gmp_kwj",
            f"air_down_{i}",
            "광주",
            [("gimpo_air", hm(dep), hm(dep)), ("gwangju_air", hm(dep) + 60, hm(dep) + 60)],
        )
        b.trip(
            "air_gmp_kwj",
            f"air_up_{i}",
            "김포",
            [("gwangju_air", hm(back), hm(back)), ("gimpo_air", hm(back) + 60, hm(back) + 60)],
        )
    for i, dep in enumerate(["06:30", "08:10", "10:00", "12:40", "15:20", "17:50", "20:10", "22:30"]):
        t = hm(dep)
        b.trip(
            "songjeong_shuttle",
            f"shuttle_in_{i}",
            "광주",
            [("songjeong_rail", t, t), ("gwangju_station_rail", t + 16, t + 16)],
        )
        b.trip(
            "songjeong_shuttle",
            f"shuttle_out_{i}",
            "광주송정",
            [("gwangju_station_rail", t + 35, t + 35), ("songjeong_rail", t + 51, t + 51)],
        )
    # City links (sample): every 20 min, 05:40-23:00.
    dc = [("songjeong_bus", 0), ("gwangju_airport_bus", 10), ("usquare_bus", 22), ("cheomdan_ai_dc", 45)]
    ac = [("songjeong_bus", 0), ("usquare_bus", 15), ("gwangju_station_bus", 26), ("ai_academy", 36)]
    for i, t in enumerate(range(hm("05:40"), hm("23:01"), 20)):
        b.run("link_ai_dc", f"link_dc_out_{i:02d}", "AI데이터센터", t, dc, 1)
        b.run("link_ai_dc", f"link_dc_in_{i:02d}", "광주송정역", t + 5, reverse_line(dc), 1)
        b.run("link_ai_academy", f"link_ac_out_{i:02d}", "AI사관학교", t + 10, ac, 1)
        b.run("link_ai_academy", f"link_ac_in_{i:02d}", "광주송정역", t + 12, reverse_line(ac), 1)


# Minimum transfer times (transfers.txt, type 2), seconds: station layouts, sample assumptions.
TRANSFERS = [
    ("incheon_t1_bus", "incheon_t1_arex", 480),
    ("incheon_t2_bus", "incheon_t2_arex", 480),
    ("seoul_arex", "seoul_line1", 600),
    ("seoul_arex", "seoul_ktx", 600),
    ("seoul_line1", "seoul_ktx", 300),
    ("yongsan_line1", "yongsan_ktx", 420),
    ("gimpo_arex", "gimpo_air", 900),
    ("songjeong_rail", "songjeong_bus", 300),
    ("gwangju_air", "gwangju_airport_bus", 300),
    ("usquare_terminal", "usquare_bus", 300),
    ("gwangju_station_rail", "gwangju_station_bus", 300),
]
CHANGE_AT = {
    "songjeong_rail": 300,
    "cheonan_asan": 300,
    "osong": 300,
    "iksan": 300,
    "yongsan_ktx": 300,
    "seoul_ktx": 300,
    "gimpo_air": 2400,
    "gwangju_air": 2400,
}


def fares() -> tuple[list[list[str]], list[list[str]]]:
    """Fares in KRW. Rail by share of the line's length, anchored on the published end-to-end fare."""
    attrs: dict[str, int] = {}
    rules: list[list[str]] = []

    def add(route: str, price: int, origin: str = "", dest: str = "") -> None:
        fid = f"{route}_{price}"
        attrs[fid] = price
        rules.append([fid, route, origin, dest])

    for route, line, full in (("ktx_honam", KTX_LINE, 46_800), ("srt_honam", SRT_LINE, 40_700)):
        stations = [s for s, _ in line] + (["seoul_ktx"] if route == "ktx_honam" else [])
        cum = dict(line)
        cum["seoul_ktx"] = -9
        for a in stations:
            for b2 in stations:
                if a == b2:
                    continue
                share = abs(cum[a] - cum[b2]) / line[-1][1]
                add(route, max(8_400, round(full * share / 100) * 100), a, b2)
    add("arex_express", 9_500)
    add("arex_all", 4_750)
    add("seoul_line1", 1_400)
    add("bus_icn_gwangju", 32_300)
    add("link_ai_dc", 1_250)
    add("link_ai_academy", 1_250)
    return ([[fid, str(p), "KRW", "0", "0"] for fid, p in attrs.items()], rules)


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    b = Builder()
    build_timetables(b)
    stops: list[list[str]] = []
    names: dict[str, tuple[str, str]] = {}
    parents = {s[0]: s for s in STATIONS}
    zone = {}
    for sid, ko, en, lat, lon, _, _ in STATIONS:
        stops.append([sid, ko, f"{lat:.5f}", f"{lon:.5f}", "1", "", ""])
        names[sid] = (ko, en)
    for cid, parent, ko_s, en_s, dlat, dlon in CHILDREN:
        _, pko, pen, plat, plon, _, _ = parents[parent]
        ko, en = f"{pko} {ko_s}", f"{pen} ({en_s})"
        zone[cid] = cid
        stops.append([cid, ko, f"{plat + dlat:.5f}", f"{plon + dlon:.5f}", "0", parent, cid])
        names[cid] = (ko, en)
    for sid, ko, en, lat, lon, _ in PLAIN_STOPS:
        stops.append([sid, ko, f"{lat:.5f}", f"{lon:.5f}", "0", "", sid])
        names[sid] = (ko, en)
    tables: dict[str, tuple[list[str], list[list[str]]]] = {
        "agency.txt": (
            ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"],
            [[a, n, "https://example.invalid/sample", "Asia/Seoul", "ko"] for a, n in AGENCIES],
        ),
        "stops.txt": (
            ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station", "zone_id"],
            stops,
        ),
        "routes.txt": (
            ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
            [[r.route_id, r.agency, r.short, r.long_ko, str(r.route_type)] for r in ROUTES],
        ),
        "trips.txt": (["route_id", "service_id", "trip_id", "trip_headsign"], b.trips),
        "stop_times.txt": (["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"], b.stop_times),
        "calendar.txt": (
            [
                "service_id",
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
                "start_date",
                "end_date",
            ],
            [["daily", *["1"] * 7, START, END]],
        ),
        "transfers.txt": (
            ["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time"],
            [[x, y, "2", str(t)] for a, c, t in TRANSFERS for x, y in ((a, c), (c, a))]
            + [[s, s, "2", str(t)] for s, t in CHANGE_AT.items()],
        ),
        "translations.txt": (
            ["table_name", "field_name", "language", "translation", "record_id"],
            [["stops", "stop_name", "en", en, sid] for sid, (_, en) in names.items()]
            + [["routes", "route_long_name", "en", r.long_en, r.route_id] for r in ROUTES],
        ),
        "feed_info.txt": (
            [
                "feed_publisher_name",
                "feed_publisher_url",
                "feed_lang",
                "feed_start_date",
                "feed_end_date",
                "feed_version",
            ],
            [
                [
                    "Bitgoeul SAMPLE feed - not an operator timetable / 예시 시간표 (실제 운행표 아님)",
                    "https://example.invalid/sample",
                    "ko",
                    START,
                    END,
                    "SAMPLE-2026.1",
                ]
            ],
        ),
    }
    fa, fr = fares()
    tables["fare_attributes.txt"] = (["fare_id", "price", "currency_type", "payment_method", "transfers"], fa)
    tables["fare_rules.txt"] = (["fare_id", "route_id", "origin_id", "destination_id"], fr)
    for name, (header, rows) in tables.items():
        with (out / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
    src_lines = [f"| {s[0]} | {s[1]} / {s[2]} | {s[3]:.5f}, {s[4]:.5f} | {s[-1]} |" for s in STATIONS]
    src_lines += [f"| {s[0]} | {s[1]} / {s[2]} | {s[3]:.5f}, {s[4]:.5f} | {s[-1]} |" for s in PLAIN_STOPS]
    (out / "SOURCES.md").write_text(
        "# Sample feed: where the numbers come from\n\n"
        "A SAMPLE built by `scripts/build_sample_feed.py`; do not edit by hand. Not an operator timetable.\n\n"
        "- Services, counts, first/last departures, running times and fares follow the published facts in\n"
        "  `shared/data/korea-intercity-facts.md`; clock times between them are spread evenly by the script.\n"
        "- Return express buses, flight clock times, shuttle times, city link buses (every 20 min) and their\n"
        "  1,250 KRW fare, transfer times and rail fares between intermediate stations (share of line length)\n"
        "  are sample assumptions.\n"
        "- Coordinates: `facts` = the facts file; `approx` = read off a general map and rounded, APPROXIMATE\n"
        "  (a few hundred metres). Platforms and bus stops (children) are placed a few metres from their\n"
        "  station by construction.\n\n| id | name | lat, lon | source |\n|---|---|---|---|\n"
        + "\n".join(src_lines)
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
