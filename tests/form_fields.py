"""Read a refused form's HTML the way a reader does: which message stands beside which input."""

from __future__ import annotations

import html
import re

_FIELD = re.compile(r'<div class="field[^"]*">.*?</div>', re.S)
_ERROR = re.compile(r'<p class="error"[^>]*>(.*?)</p>', re.S)
_WHOLE = re.compile(r'<div class="form-error"[^>]*>(.*?)</div>', re.S)


def beside(page: str, name: str) -> str | None:
    """The error shown inside the field block that holds input `name` (None if it shows none)."""
    blocks = [b for b in _FIELD.findall(page) if f'id="f-{name}"' in b]
    assert len(blocks) == 1, f"no single field block for {name}"
    found = _ERROR.search(blocks[0])
    return html.unescape(found.group(1)).strip() if found else None


def on_whole_form(page: str) -> str | None:
    """The message shown above the form as a whole (None if there is none)."""
    found = _WHOLE.search(page)
    return html.unescape(found.group(1)).strip() if found else None
