"""Every page and API answer on the demo data, written to a directory, and two such directories compared.

    python scripts/page_diff.py snapshot OUT      # render everything into OUT (replaced)
    python scripts/page_diff.py compare A B       # exit 1 and show what differs when A and B differ

Why: a refactoring that moves code between modules must leave every page and every answer as it was. Take a
snapshot before (on the commit you start from) and after, and compare.

What is rendered: a fresh SQLite database holding the demo data, loaded at a fixed instant (`PRESENT`) while
the process's clock is frozen at that instant too, so "past", "closed", today's date and the dashboard's
running month are the same on every run. For each role (visitor, buyer, AI firm, person, operator; logged in
through the real login form) and each language: every GET page without path parameters, searches for each
kind of record, then every page linked from those (up to `PER_SHAPE` URLs of each shape, e.g. `/needs/N` or
`/needs?domain=`), breadth first; and every API GET without path parameters, a few searches, and up to
`PER_SHAPE` details named by the ids in each list's items.

Normalised in the dump (they change on every run and say nothing about the code): CSRF tokens (`CSRF`),
request ids (`REQUEST-ID`), script nonces (`NONCE`), the temporary database's path (`DB`) and the source
checkout's path (`SRC`). Response headers and cookies are not dumped; the status code, content type and
redirect target are. The embedding worker does not run, so search answers lexically, as it does before the
worker has filled in vectors.

A snapshot of another commit, without checking it out (the script is read from this checkout, the code from
the commit's source):

    git archive COMMIT src | tar -x -C /tmp/base && PYTHONPATH=/tmp/base/src python scripts/page_diff.py snapshot A
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import logging
import pkgutil
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

PRESENT = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Gwangju
PASSWORD = "bitgoeul-demo"  # noqa: S105 - the demo accounts' published password (README)
ROLES = {"visitor": None, "buyer": "buyer1@example.org", "ai_firm": "supplier1@example.org",
         "person": "person1@example.com", "operator": "operator@example.org"}
LANGUAGES = ("ko", "en")
PER_SHAPE = 3  # URLs rendered per shape (path with numbers as N, plus the query's keys)
MAX_PAGES = 400  # per role and language: a stop for a crawl that would not end
SKIP = re.compile(r"^/(static|lang|logout|login|signup|favicon|metrics|healthz|readyz)\b|/export|format=(csv|json)"
                  r"|\.(ics|csv|svg|png|zip)(\?|$)")
API = "/api/v1"
KINDS = ("", "solution", "need", "organisation", "job", "dialogue_session", "partner_listing", "event", "voice", "stop")
# Searches (no page links to a result list): each kind of record, in words the demo data holds.
SEARCHES = tuple(f"/search?q={q}&kind={kind}" for q in ("데이터", "AI 영상") for kind in KINDS)
API_SEARCHES = tuple(f"{API}/search?q={q}" for q in ("데이터", "AI 영상", "광주"))
SECRET = "page-diff-secret-key-0123456789abcdef0123"  # noqa: S105 - a throwaway app's session key


def freeze_clock(present: datetime) -> None:
    """Make every reading of the present in the app answer `present`: `core.time.now` (and each module's own
    name for it) and `datetime.now` wherever a module imported `datetime`. Imports every module first, so a
    module imported later inside a function cannot bring back the real clock."""
    import datetime as datetime_module

    import bitgoeul

    for info in pkgutil.walk_packages(bitgoeul.__path__, "bitgoeul."):
        if ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: S112 - an optional module that cannot load here is not rendered anyway
            continue
    real: Any = datetime_module.datetime

    class FrozenType(type):
        def __instancecheck__(cls, instance: object) -> bool:
            return isinstance(instance, real)

        def __subclasscheck__(cls, subclass: type) -> bool:
            return issubclass(subclass, real)

    class FrozenDatetime(real, metaclass=FrozenType):  # type: ignore[misc]
        @classmethod
        def now(cls, tz: Any = None) -> datetime:
            return present.astimezone(tz) if tz is not None else present.replace(tzinfo=None)

        @classmethod
        def utcnow(cls) -> datetime:
            return present.replace(tzinfo=None)

    from bitgoeul.core import time as core_time

    original_now = core_time.now

    def frozen_now() -> datetime:
        return present

    for name, module in list(sys.modules.items()):
        if not (name == "bitgoeul" or name.startswith("bitgoeul.")) or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if value is original_now:
                setattr(module, attribute, frozen_now)
            elif value is real:
                setattr(module, attribute, FrozenDatetime)


def build(directory: Path) -> Any:
    """The app over a fresh SQLite database in `directory` holding the demo data, loaded at `PRESENT`."""
    from bitgoeul.core.auth import use_fast_hashing_for_tests
    from bitgoeul.core.db import make_engine, make_session_factory, upgrade
    from bitgoeul.core.settings import Settings
    from bitgoeul.demo import load_all
    from bitgoeul.web.app import create_app

    use_fast_hashing_for_tests()
    url = f"sqlite:///{directory / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        load_all(session, now=PRESENT)
        session.commit()
    engine.dispose()
    return create_app(Settings(database_url=url, secret_key=SECRET, environment="test", default_language="ko",
                               city_ko="광주", city_en="Gwangju", queue_url="",
                               rate_limits="login=1000000/900,signup=1000000/3600,search=1000000/60,"
                                           "import=1000000/3600"))


def get_paths(app: Any) -> list[str]:
    """Every GET route's path template, whatever FastAPI's way of keeping included routers."""
    found: list[str] = []

    def walk(routes: Any) -> None:
        for route in routes:
            methods = getattr(route, "methods", None)
            if methods is not None:
                if "GET" in methods:
                    found.append(route.path)
            elif hasattr(route, "effective_candidates"):
                walk(route.effective_candidates())  # FastAPI 0.165 keeps included routers so
    walk(app.routes)
    return sorted(set(found))


def shape(url: str) -> str:
    parts = urlsplit(url)
    keys = ",".join(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return re.sub(r"\d+", "N", parts.path) + ("?" + keys if keys else "")


def file_name(url: str) -> str:
    name = quote(url, safe="")
    return name if len(name) <= 150 else name[:120] + "-" + hashlib.sha256(url.encode()).hexdigest()[:16]


class Normaliser:
    """What differs on every run: CSRF tokens, request ids, the database path."""

    NONCE = re.compile(r'nonce="[^"]+"')
    TOKEN = re.compile(r'(csrf[\w-]*"\s+(?:value|content)=")([^"]+)(")|("csrf_token"\s*:\s*")([^"]+)(")', re.I)

    def __init__(self, database: str) -> None:
        import bitgoeul

        self.database = database
        self.source = str(Path(bitgoeul.__file__).resolve().parent.parent)
        self.secrets: set[str] = set()

    def __call__(self, text: str, request_id: str | None) -> str:
        for match in self.TOKEN.finditer(text):
            self.secrets.add(match.group(2) or match.group(5))
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "CSRF")
        if request_id:
            text = text.replace(request_id, "REQUEST-ID")
        return self.NONCE.sub('nonce="NONCE"', text.replace(self.database, "DB").replace(self.source, "SRC"))


def signed_in(app: Any, role: str, lang: str) -> Any:
    from fastapi.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)  # a 500 is an answer to compare too
    client.get(f"/?lang={lang}")
    email = ROLES[role]
    if email:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, "login form has no CSRF token"
        answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1),
                                             "next": "/"}, follow_redirects=False)
        assert answer.status_code == 303, f"{role} could not log in: {answer.status_code}"
        client.get(f"/?lang={lang}")  # signing in takes the account's language; the page's choice wins again
    return client


def links(html: str) -> Iterator[str]:
    for link in re.findall(r'href="(/[^"#]*)"', html):
        yield link.replace("&amp;", "&")


def crawl_pages(client: Any, starts: list[str], write: Callable[[str, Any], None]) -> None:
    queue = list(starts)
    chosen = set(starts)  # rendered whatever their shape
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or SKIP.search(url) or url.startswith(API):
            continue
        if url not in chosen and per_shape.get(shape(url), 0) >= PER_SHAPE:
            continue
        seen.add(url)
        per_shape[shape(url)] = per_shape.get(shape(url), 0) + 1
        answer = client.get(url, follow_redirects=False)
        write(url, answer)
        if "text/html" in answer.headers.get("content-type", ""):
            queue += [link for link in links(answer.text) if link not in seen]


def ids_in(body: Any) -> list[int]:
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list):
        return []
    return [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)]


def crawl_api(client: Any, templates: list[str], write: Callable[[str, Any], None]) -> None:
    lists = [path for path in templates if path.startswith(API) and "{" not in path]
    details = [path for path in templates if path.startswith(API) and path.count("{") == 1]
    for path in [*lists, *API_SEARCHES]:
        answer = client.get(path)
        write(path, answer)
        if answer.status_code != 200 or "json" not in answer.headers.get("content-type", ""):
            continue
        for detail in details:
            if re.sub(r"/\{[^}]+\}$", "", detail) == path:
                for record_id in ids_in(answer.json())[:PER_SHAPE]:
                    url = re.sub(r"\{[^}]+\}$", str(record_id), detail)
                    write(url, client.get(url))


def snapshot(out: Path) -> int:
    logging.disable(logging.CRITICAL)  # a 500's traceback is in the dump as its status; the log would repeat it
    freeze_clock(PRESENT)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="page-diff-") as scratch:
        app = build(Path(scratch))
        normalise = Normaliser(str(Path(scratch)))
        count = 0
        templates = get_paths(app)
        pages = [path for path in templates if "{" not in path and not path.startswith(API)]
        for role in ROLES:
            for lang in LANGUAGES:
                folder = out / role / lang
                folder.mkdir(parents=True)
                index: list[str] = []

                def write(url: str, answer: Any, folder: Path = folder, index: list[str] = index) -> None:
                    kind = answer.headers.get("content-type", "").split(";")[0]
                    body = normalise(answer.text, answer.headers.get("x-request-id"))
                    if kind == "application/json":
                        body = json.dumps(json.loads(body), ensure_ascii=False, indent=1)
                    location = answer.headers.get("location", "")
                    index.append(f"{answer.status_code} {kind} {url}" + (f" -> {location}" if location else ""))
                    (folder / file_name(url)).write_text(f"{answer.status_code} {kind}\n{body}\n", encoding="utf-8")

                with signed_in(app, role, lang) as client:
                    crawl_pages(client, ["/", *pages, *SEARCHES], write)
                    crawl_api(client, templates, write)
                (folder / "_index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
                count += len(index)
                print(f"{role} {lang}: {len(index)} answers", flush=True)
        app.state.engine.dispose()
    print(f"{count} answers in {out}")
    return 0


def compare(left: Path, right: Path, limit: int = 40) -> int:
    names = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    others = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    differing = 0
    for name in sorted(names | others):
        a = (left / name).read_text(encoding="utf-8").splitlines() if name in names else []
        b = (right / name).read_text(encoding="utf-8").splitlines() if name in others else []
        if a == b:
            continue
        differing += 1
        if differing <= limit:
            state = "only in " + str(right) if name not in names else "only in " + str(left) if name not in others \
                else "differs"
            print(f"== {name} ({state})")
            for line in list(difflib.unified_diff(a, b, lineterm="", n=1))[2:40]:
                print(line)
    total = len(names | others)
    print(f"{differing} of {total} files differ" if differing else f"all {total} files identical")
    return 1 if differing else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "snapshot":
        return snapshot(Path(argv[1]))
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
