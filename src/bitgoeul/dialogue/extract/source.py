"""Turn raw input (bytes or str, plain text or saved HTML) into text, refusing what is not an article."""

from __future__ import annotations

import re

from bitgoeul.dialogue.extract.model import ArticleError

MAX_BYTES = 2 * 1024 * 1024
# Tried after UTF-8 and any charset the page declares; Korean pages saved from older sites are CP949.
_FALLBACK_ENCODINGS = ("cp949",)
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|article|p|div|br|meta)\b", re.IGNORECASE)
# Control characters other than tab, newline and carriage return; a text article has (almost) none.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _too_large(size: int) -> ArticleError:
    return ArticleError("dialogue.extract.too_large", size=size, limit=MAX_BYTES)


def _binary() -> ArticleError:
    return ArticleError("dialogue.extract.binary")


def _empty() -> ArticleError:
    return ArticleError("dialogue.extract.empty")


def decode_article(data: str | bytes) -> str:
    """Return the input as text; raise ArticleError for empty, binary or oversized input."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise _too_large(len(data))
        if b"\x00" in data:
            raise _binary()
        text = _decode_bytes(data)
    else:
        size = len(data.encode("utf-8", errors="surrogatepass"))
        if size > MAX_BYTES:
            raise _too_large(size)
        if "\x00" in data:
            raise _binary()
        text = data
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise _empty()
    # A few stray control characters happen in copied text; many mean the bytes were never text.
    if len(_CONTROL.findall(text)) > max(3, len(text) // 200):
        raise _binary()
    return text


def _decode_bytes(data: bytes) -> str:
    candidates = ["utf-8-sig"]
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", errors="ignore").lower()
        # EUC-KR pages routinely use CP949's extra syllables, so read them as CP949.
        candidates.append("cp949" if name in {"euc-kr", "euckr", "ks_c_5601-1987", "ksc5601"} else name)
    candidates.extend(_FALLBACK_ENCODINGS)
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise _binary()


def looks_like_html(text: str) -> bool:
    """True when the text is a saved web page rather than plain article text."""
    head = text[:20000]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3
