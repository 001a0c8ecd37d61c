"""What kind of voice a quote is, read from cue endings and words: request, proposal, complaint, ...

Cues are counted and the most frequent kind wins; ties go to the kind an operator most needs to act
on (request before proposal before complaint before praise). A host's promise ("…하겠다") is a
commitment; quotes with no cue are "other" for the operator to set.
"""

from __future__ import annotations

import re

KINDS = ("request", "proposal", "complaint", "praise", "commitment", "other")

_CUES: dict[str, tuple[str, ...]] = {
    "request": (
        r"달라",
        r"주셨으면",
        r"주길",
        r"주기를",
        r"바란다",
        r"바랍니다",
        r"부탁",
        r"요청",
        r"필요하다",
        r"필요합니다",
        r"필요한",
        r"야 한다",
        r"야 합니다",
        r"해 주면",
        r"주면 좋겠",
        r"으면 좋겠",
        r"면 좋겠",
        r"했으면",
        r"시급",
        r"늘려",
        r"확대해",
        r"개방하면",
    ),
    "proposal": (
        r"제안",
        r"하자",
        r"합시다",
        r"열자",
        r"방안",
        r"어떨까",
        r"면 .{0,20}(?:가능할|도움이 될|수 있을)",
        r"수 있다",
        r"수 있습니다",
        r"할 수 있을 것",
    ),
    "complaint": (
        r"부족",
        r"불편",
        r"어렵",
        r"어려운",
        r"힘들",
        r"없다",
        r"없어",
        r"없으니",
        r"못 ",
        r"못하",
        r"안 된다",
        r"문제",
        r"걸린다",
        r"벅차",
        r"지쳐",
        r"올랐",
        r"복잡",
        r"잃는",
        r"끊겨",
        r"놓친다",
        r"겹친다",
        r"제자리",
        r"남는 게 없",
        r"아쉽",
        r"그냥 돌아간다",
        r"못 미친다",
        r"잠겨",
        r"낡아",
    ),
    "praise": (
        r"좋아졌",
        r"좋아진",
        r"감사",
        r"고맙",
        r"덕분",
        r"만족",
        r"다행",
        r"도움이 됐",
        r"도움이 되었",
        r"깨달",
        r"잘하고",
        r"훌륭",
        r"되찾",
        r"많았다",
        r"강점",
    ),
}
_COMMITMENT = re.compile(r"겠다|겠습니다|약속|추진하겠|검토하겠|하겠")
_COMPILED = {kind: tuple(re.compile(cue) for cue in cues) for kind, cues in _CUES.items()}


def classify_kind(quote: str, *, by_host: bool) -> str:
    """The kind of one quote; `by_host` marks the session host, whose promises are commitments."""
    if by_host and _COMMITMENT.search(quote):
        return "commitment"
    counts = {kind: sum(1 for cue in cues if cue.search(quote)) for kind, cues in _COMPILED.items()}
    best = max(counts.values())
    if best == 0:
        return "other"
    return next(kind for kind in ("request", "proposal", "complaint", "praise") if counts[kind] == best)
