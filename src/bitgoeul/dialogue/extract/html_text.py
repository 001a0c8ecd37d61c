"""Visible article text from a saved HTML page, with the stdlib parser: nothing is executed or fetched.

Scripts, styles, navigation, forms, ads, share/like boxes and related-article blocks are skipped;
when the page marks its article body (itemprop=articleBody, an `article-body`-like id/class, or an
<article> element) only that body is kept, because everything around it is page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose content is never article text.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "textarea",
        "head",
    }
)
_VOID_TAGS = frozenset(
    {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "param", "track"}
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figcaption",
        "figure",
        "tr",
        "td",
        "th",
        "table",
        "section",
        "article",
        "blockquote",
        "dd",
        "dt",
        "dl",
        "pre",
        "address",
        "main",
    }
)
# id/class words that mark page furniture (compared word by word, so "head" never matches "ad").
_NOISE_WORDS = frozenset(
    {
        "ad",
        "ads",
        "advert",
        "advertisement",
        "banner",
        "share",
        "sns",
        "social",
        "like",
        "likes",
        "recommend",
        "related",
        "popular",
        "best",
        "ranking",
        "rank",
        "comment",
        "comments",
        "reply",
        "gnb",
        "lnb",
        "menu",
        "nav",
        "footer",
        "header",
        "sidebar",
        "aside",
        "login",
        "subscribe",
        "copyright",
        "copy",
        "breadcrumb",
        "tags",
        "sponsor",
    }
)
_BODY_MARK = re.compile(
    r"(?:article|news|view|story|entry|post)[-_]?(?:body|content|text|txt|view|cont)|articlebody|newsct",
    re.IGNORECASE,
)
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_HEADING_TAGS = frozenset({"h1", "h2"})


@dataclass(frozen=True)
class HtmlArticle:
    """What the page gives: a title, a publication timestamp when declared, and the visible text."""

    title: str | None
    published: str | None
    text: str
    all_text: str  # every visible line, where bylines outside the marked body still carry the date


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, is_body)
        self._skip_depth = 0
        self._body_depth = 0
        self.all_parts: list[str] = []
        self.body_parts: list[str] = []
        self.article_parts: list[str] = []
        self._article_depth = 0
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.heading: str | None = None
        self._in_title = False
        self._heading_parts: list[str] | None = None

    # --- structure -------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key.lower(): (value or "") for key, value in attrs}
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
            if key and "content" in attributes:
                self.meta.setdefault(key.lower(), attributes["content"])
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID_TAGS:
            if tag == "br":
                self._emit("\n")
            return
        skipping = tag in _SKIP_TAGS or self._is_noise(attributes)
        is_body = not skipping and self._is_body(attributes)
        self._stack.append((tag, skipping, is_body))
        if skipping:
            self._skip_depth += 1
        if is_body:
            self._body_depth += 1
        if tag == "article" and not skipping:
            self._article_depth += 1
        if tag in _HEADING_TAGS and self.heading is None and not self._skip_depth:
            self._heading_parts = []
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _VOID_TAGS:
            return
        # Close up to the matching open tag; saved pages often leave tags unclosed.
        if not any(open_tag == tag for open_tag, _, _ in self._stack):
            return
        while self._stack:
            open_tag, skipping, is_body = self._stack.pop()
            if skipping:
                self._skip_depth -= 1
            if is_body:
                self._body_depth -= 1
            if open_tag == "article" and not skipping:
                self._article_depth -= 1
            if open_tag in _HEADING_TAGS and self._heading_parts is not None:
                heading = " ".join("".join(self._heading_parts).split())
                if heading:
                    self.heading = heading
                self._heading_parts = None
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip_depth:
            return
        if self._heading_parts is not None:
            self._heading_parts.append(data)
        self._emit(data)

    def _emit(self, text: str) -> None:
        if self._skip_depth:
            return
        self.all_parts.append(text)
        if self._body_depth:
            self.body_parts.append(text)
        if self._article_depth:
            self.article_parts.append(text)

    # --- classification --------------------------------------------------------------------
    @staticmethod
    def _is_noise(attributes: dict[str, str]) -> bool:
        if "hidden" in attributes:
            return True
        if "display:none" in attributes.get("style", "").replace(" ", "").lower():
            return True
        words: set[str] = set()
        for key in ("id", "class", "role"):
            words.update(word.lower() for word in _WORD_SPLIT.split(attributes.get(key, "")) if word)
        return bool(words & _NOISE_WORDS) or attributes.get("role", "") in {"navigation", "banner"}

    @staticmethod
    def _is_body(attributes: dict[str, str]) -> bool:
        if attributes.get("itemprop", "").lower() == "articlebody":
            return True
        return any(_BODY_MARK.search(attributes.get(key, "")) for key in ("id", "class"))


def _title_from(parser: _ArticleParser) -> str | None:
    for candidate in (parser.meta.get("og:title"), parser.heading, "".join(parser.title_parts)):
        if candidate and candidate.strip():
            title = " ".join(candidate.split())
            # "<headline> - Outlet", "<headline> | Outlet", "<headline> :: Outlet"
            return re.split(r"\s+(?:[-|]|::)\s+(?=[^-|:]*$)", title)[0].strip()
    return None


def html_to_article(html: str) -> HtmlArticle:
    """Parse a saved page into title, declared publication time and visible text (body only if marked)."""
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    if "".join(parser.body_parts).strip():
        text = "".join(parser.body_parts)
    elif "".join(parser.article_parts).strip():
        text = "".join(parser.article_parts)
    else:
        text = "".join(parser.all_parts)
    published = None
    for key in ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "date"):
        if parser.meta.get(key):
            published = parser.meta[key]
            break
    return HtmlArticle(title=_title_from(parser), published=published, text=text, all_text="".join(parser.all_parts))
