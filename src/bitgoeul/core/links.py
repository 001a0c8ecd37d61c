"""Which links and redirect targets stay on this site: one rule for every `next=`, notification link and
stored site-local link, so no variant of it becomes an open redirect."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_local_path(url: str) -> bool:
    """A path on this site ("/needs/3?x=1"). Browsers read "\\" as "/" and drop tabs and newlines, so
    "/\\evil.example" and "/\\t/evil.example" would leave the site like "//evil.example": all refused."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return False
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in url):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def local_or(url: str | None, fallback: str) -> str:
    """`url` when it is a local path, else `fallback` (redirects after login, forms that come back)."""
    return url if url and is_local_path(url) else fallback
