"""One language per page: every page reachable from each role's navigation, and the error pages, in Korean and
in English, over the demo ecosystem.

What a page says in its own words (catalog text) must be in the page's language: no Hangul on English pages,
no English sentence on Korean pages, no "한국어 / English" joined strings, no raw field names or filter text.
Record text (user content) is exempt: templates mark it with `data-user-content` (or a `lang` differing from
the page's), and it stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from tests.factories import csrf_of, login

from bitgoeul.core.db import make_engine, make_session_factory, session_scope, upgrade
from bitgoeul.core.settings import Settings

PASSWORD = "bitgoeul-demo"
ROLES = {  # README's demo accounts
    "visitor": None,
    "person": "person1@example.com",
    "buyer": "buyer1@example.org",
    "ai_firm": "supplier1@example.org",
    "operator": "operator@example.org",
}
# Leftovers in other work streams, named so they stay visible (each is in the report that introduced this
# test); a page listed here may still fail only for the reason given. Remove an entry when it is fixed.
KNOWN: dict[str, str] = {}
MAX_PAGES = 45  # per role and language: the navigation, its pages' detail pages (one of each shape)
# Pages reached only from inside other pages, crawled right after the navigation so the page cap never leaves
# them out: a course, the skills gap, a person's course suggestions.
ALSO = ["/education/courses/1", "/education/skills-gap", "/education/for-me"]
SKIP = re.compile(r"^/(static|lang|logout|api)\b|format=(csv|json)|\.(ics|csv|json|svg|png)$|/export")

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Four English words in a row (two letters or more each): a sentence or a label left in English.
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){3,}\b")
JOINED = re.compile(r"[\uac00-\ud7a3][^/\n]{0,60} / [^/\n]{0,60}[A-Za-z]{3}|[A-Za-z]{3}[^/\n]{0,60} / "
                    r"[^/\n]{0,60}[\uac00-\ud7a3]")
RAW_FIELD = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # snake_case: a field or code name
FILTER_TEXT = re.compile(r"\b(?:kind|domain|region) in \[|\bfilter:|\b(?:title|summary|tags|body): ")
# Proper names that English hints quote in Korean, because that is how the records spell them (regions).
PROPER_NAMES = re.compile(r"광주 북구|광주|전남|서울|전국|AI사관학교 4기")
# Words that are English everywhere (product names, standards), so they do not make an English "sentence".
ALLOWED_RUNS = re.compile(r"Open Data|Bitgoeul|Gwangju|Monday Dialogue|Apache|Creative Commons|GTFS")


class VisibleText(HTMLParser):
    """The page's own text: body text outside user content (`data-user-content`, or a `lang` other than the
    page's), scripts, styles and the head; options of selects included."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"})

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.stack: list[bool] = []  # per open element: is it hidden from the check?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        names = dict(attrs)
        hidden = (tag in {"script", "style", "head", "title", "code", "pre", "textarea"} or "data-user-content" in names
                  or (names.get("lang") not in (None, self.page_lang) and tag != "html"))
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.parts.append(" ".join(data.split()))


def own_text(html: str, lang: str) -> list[str]:
    parser = VisibleText(lang)
    parser.feed(html)
    return parser.parts


def problems(html: str, lang: str) -> list[str]:
    found = []
    for text in own_text(html, lang):
        if lang == "en" and HANGUL.search(PROPER_NAMES.sub("", text)):
            found.append(f"Hangul on an English page: {text[:90]!r}")
        if lang == "ko":
            for run in ENGLISH_RUN.finditer(ALLOWED_RUNS.sub("", text)):
                found.append(f"English on a Korean page: {run.group(0)[:90]!r}")
        if JOINED.search(text):
            found.append(f"joined bilingual text: {text[:90]!r}")
        if RAW_FIELD.search(text):
            found.append(f"raw field name: {text[:90]!r}")
        if FILTER_TEXT.search(text):
            found.append(f"filter text: {text[:90]!r}")
    return found


@dataclass
class Crawl:
    seen: dict[str, int] = field(default_factory=dict)  # path -> status
    failures: dict[str, list[str]] = field(default_factory=dict)


def links(html: str, scope: str) -> list[str]:
    found = re.search(scope, html, re.S)
    return re.findall(r'href="(/[^"#]*)"', found.group(0)) if found else []


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path)


def crawl(client: TestClient, lang: str) -> Crawl:
    result = Crawl()
    home = client.get(f"/?lang={lang}")
    assert home.status_code == 200
    queue = ["/", *links(home.text, r'<header class="top">.*?</header>'), *ALSO, *links(home.text, r"<main.*?</main>")]
    shapes: set[str] = set()
    while queue and len(result.seen) < MAX_PAGES:
        path = queue.pop(0).replace("&amp;", "&")
        if path in result.seen or SKIP.search(path) or shape(path) in shapes:
            continue
        shapes.add(shape(path))
        response = client.get(path)
        result.seen[path] = response.status_code
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status_code >= 500:
            result.failures[path] = [f"HTTP {response.status_code}"]
            continue
        found = problems(response.text, lang)
        if f'<html lang="{lang}">' not in response.text:
            found.append("page is not in the asked language")
        if found and not any(re.search(pattern, urlsplit(path).path) for pattern in KNOWN):
            result.failures[path] = sorted(set(found))[:6]
        queue += links(response.text, r"<main.*?</main>")
    return result


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app over a SQLite database holding the demo ecosystem (loaded once for the module)."""
    from bitgoeul.core.auth import use_fast_hashing_for_tests
    from bitgoeul.demo import load_all
    from bitgoeul.web.app import create_app

    use_fast_hashing_for_tests()
    path = Path(tmp_path_factory.mktemp("crawl")) / "demo.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(make_session_factory(engine)) as db:
        load_all(db)
    engine.dispose()
    app = create_app(Settings(database_url=url, secret_key="crawl-test-secret-key-0123456789abcdef",
                              environment="test", default_language="ko", city_ko="광주", city_en="Gwangju",
                              queue_url=""))
    yield app
    app.state.engine.dispose()


def signed_in(app: Any, role: str, lang: str) -> TestClient:
    client = TestClient(app)
    client.get(f"/?lang={lang}")
    email = ROLES[role]
    if email:
        login(client, email, PASSWORD)  # signing in takes the account's language; the page's choice wins again
        client.get(f"/?lang={lang}")
    return client


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_a_role_speaks_one_language(demo_app: Any, role: str, lang: str) -> None:
    with signed_in(demo_app, role, lang) as client:
        result = crawl(client, lang)
    assert len(result.seen) >= 8, result.seen  # the navigation was found and followed
    report = "\n".join(f"{path}: {'; '.join(found)}" for path, found in sorted(result.failures.items()))
    assert not result.failures, f"{len(result.failures)} of {len(result.seen)} pages ({role}, {lang}):\n{report}"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_error_pages_speak_one_language(demo_app: Any, lang: str) -> None:
    pages: dict[str, tuple[int, str]] = {}
    with signed_in(demo_app, "visitor", lang) as visitor:
        missing = visitor.get("/no-such-page")
        pages["404"] = (missing.status_code, missing.text)
        not_a_number = visitor.get("/organisations/abc")
        pages["404 (not a number)"] = (not_a_number.status_code, not_a_number.text)
        empty_login = visitor.post("/login", data={"csrf_token": csrf_of(visitor, "/login")})
        pages["empty login form"] = (empty_login.status_code, empty_login.text)
    with signed_in(demo_app, "person", lang) as person:
        forbidden = person.get("/review")
        pages["403"] = (forbidden.status_code, forbidden.text)
    with signed_in(demo_app, "buyer", lang) as buyer:
        empty = buyer.post("/needs/new", data={"csrf_token": csrf_of(buyer, "/needs/new")})
        pages["empty need form"] = (empty.status_code, empty.text)
        refused = buyer.post("/demonstrations/1/move",
                             data={"csrf_token": csrf_of(buyer, "/"), "target": "purchased"})
        pages["service refusal"] = (refused.status_code, refused.text)
    assert pages["404"][0] == 404 and pages["403"][0] == 403
    assert pages["empty need form"][0] == 422 and pages["service refusal"][0] in {403, 409}
    failures = {name: problems(text, lang) for name, (_, text) in pages.items()}
    assert not any(failures.values()), {name: found for name, found in failures.items() if found}
    # An empty form names its problems beside the fields, in the page's language.
    required = "필수 항목입니다" if lang == "ko" else "This field is required"
    assert required in pages["empty need form"][1]


def test_the_checks_catch_what_they_look_for() -> None:
    """The detector itself: each rule fires on a page made to break it, and user content is exempt."""
    english = ('<html lang="en"><body><main><p>제목</p><p><span data-user-content>한우 농장</span></p></main>'
               "</body></html>")
    assert problems(english, "en") == ["Hangul on an English page: '제목'"]
    korean = '<html lang="ko"><body><main><p>No results were found here</p><p>필수 항목입니다. / Required.</p>' \
             '<p>domain_tags</p><p>filter: kind in [need]</p><p lang="en">Written in English by a firm</p></main>'
    found = problems(korean, "ko")
    assert any(f.startswith("English on a Korean page") for f in found)
    assert any(f.startswith("joined bilingual") for f in found)
    assert any(f.startswith("raw field name") for f in found)
    assert any(f.startswith("filter text") for f in found)
    assert not any("Written in English" in f for f in found)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_showcase_speaks_one_language_to_each_role(demo_app: Any, lang: str) -> None:
    """Named rather than left to the crawl's page budget: the showcase, a refused visit request, the operators'
    list, a request, its refused answer and the editor."""
    pages: dict[str, tuple[int, str]] = {}
    with signed_in(demo_app, "visitor", lang) as visitor:
        pages["/showcase (visitor)"] = (visitor.get("/showcase").status_code, visitor.get("/showcase").text)
    with signed_in(demo_app, "person", lang) as person:
        shown = person.get("/showcase")
        pages["/showcase (person)"] = (shown.status_code, shown.text)
        bad = person.post("/showcase/visits", data={"site": "ai-data-center", "group_size": "0",
                                                    "csrf_token": csrf_of(person, "/showcase")})
        pages["refused visit request"] = (bad.status_code, bad.text)
    with signed_in(demo_app, "operator", lang) as operator:
        for path in ("/showcase", "/showcase/visits", "/showcase/visits?status=accepted", "/showcase/visits/1",
                     "/showcase/visits/2", "/showcase/ai-data-center/edit", "/showcase/ai-academy/edit"):
            response = operator.get(path)
            pages[path] = (response.status_code, response.text)
        refused = operator.post("/showcase/visits/1/answer", data={"status": "accepted", "answer": "",
                                                                   "csrf_token": csrf_of(operator, "/showcase")})
        pages["refused answer"] = (refused.status_code, refused.text)
    assert pages["refused visit request"][0] == 422 and pages["refused answer"][0] == 422
    assert all(status == 200 for name, (status, _) in pages.items() if not name.startswith("refused")), \
        {name: status for name, (status, _) in pages.items()}
    failures = {name: problems(text, lang) + ([] if f'<html lang="{lang}">' in text else ["not in the asked language"])
                for name, (_, text) in pages.items()}
    assert not any(failures.values()), {name: found for name, found in failures.items() if found}
