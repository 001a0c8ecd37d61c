"""Find every person mention in the body and merge them into participants.

A mention is anchored on a title word ("대표", "시장", "사무처장") or on "씨", and reaches left over
words that carry no particle and no verb (the name and organisation sit there, in either order).
The closing attendee list ("이날 대화에는 ... 등이 참석했다") is read the same way; its readings win
when mentions disagree, because it is the article's own roster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bitgoeul.dialogue.extract.korean import Morph, Word
from bitgoeul.dialogue.extract.lexicon import (
    ANONYMOUS_NOUNS,
    COMPOUND_SURNAMES,
    NOT_NAME_ENDINGS,
    NOT_NAMES,
    ORG_ENDINGS,
    SURNAMES,
)
from bitgoeul.dialogue.extract.people import (
    Mention,
    is_role,
    name_score,
    parse_mention,
    split_compound_role,
    strip_honorific,
    without_note,
)

_MAX_WINDOW = 5
_STOP_WORD = re.compile(r"^(?:오전|오후|저녁|이날|당일|지난|지난달|오는|이어|또|특히|한편|비롯해|등)$")
_ATTENDANCE = re.compile(
    r"(?:참석|참여|참가|함께|자리)(?:했다|하였다|했으며|했고|했다고|해|하여|한\s?가운데)|자리를\s?함께"
)
_ATTENDANCE_OPENING = re.compile(r"(?:에는|에선|에서는|에도|엔)\s")


@dataclass(frozen=True)
class PersonRecord:
    """All mentions of one name, merged; `roles` keeps every title seen, for back-references."""

    name: str
    organisation: str | None
    role: str | None
    listed: bool
    first_position: int
    roles: tuple[str, ...]
    positions: tuple[int, ...]


def attendance_sentences(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences that list who attended."""
    found = []
    for start, end in sentences:
        sentence = text[start:end]
        if _ATTENDANCE.search(sentence) and _ATTENDANCE_OPENING.search(sentence[:40]):
            found.append((start, end))
    return found


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def find_mentions(
    words: Sequence[Word],
    sentences: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
    listed_spans: Sequence[tuple[int, int]],
) -> list[Mention]:
    """Every name-bearing mention outside quotes, one per name occurrence (the richest reading)."""
    words = join_spaced_names(words)
    sentence_of = _sentence_index(words, sentences)
    by_start: dict[int, Mention] = {}
    for anchor_index, anchor in enumerate(words):
        if _inside(anchor.start, quoted):
            continue
        bare = anchor.bare
        noted = without_note(anchor)
        if noted is not anchor and noted.bare.endswith("씨"):
            anchor, bare = noted, noted.bare  # "도한결씨(7번 마을버스 기사)와": the name before the note
        elif "(" in bare and ")" not in bare and not is_role(bare):
            bare = bare.rsplit("(", 1)[1]  # "중구(구청장": the title opens a parenthesis
        if not (is_role(bare) or bare.endswith("씨")):
            continue
        following = words[anchor_index + 1] if anchor_index + 1 < len(words) else None
        title_first = (
            following is not None and not anchor.particle and not anchor.comma_after and name_score(following) >= 2.0
        )
        if title_first and following is not None:
            after = words[anchor_index + 2] if anchor_index + 2 < len(words) else None
            adjacent = not following.particle and not following.comma_after
            claimed = adjacent and after is not None and _titled(after)
            # A title with its organisation glued on ("해울상인회장 오미르,") names one office, so a
            # three-syllable name after it may be one Kiwi reads as a common noun, when the name is
            # closed by a comma or particle.
            glued = split_compound_role(bare)[0] is not None and len(strip_honorific(following.bare)) == 3
            closed = following.comma_after or bool(following.particle)
            score = name_score(following)
            strong = (score >= 3.0 or (glued and closed and score >= 2.0)) and bare not in ANONYMOUS_NOUNS
            if strong and not claimed:
                # "중구(구청장 김길성)가", "사회 박혜진 아나운서": nothing after the name claims it, so the
                # title before it does.
                mention = parse_mention([following], listed=_inside(following.start, listed_spans))
                if mention is not None:
                    title = bare
                    organisation = anchor.bare.split("(")[0] if "(" in anchor.bare else None
                    if organisation is None and mention.organisation is None:
                        organisation, title = split_compound_role(title)  # "해울상인회장" -> 해울상인회, 회장
                    mention = replace(mention, role=title, organisation=organisation or mention.organisation)
                    known = by_start.get(mention.start)
                    if known is None or _richness(mention) > _richness(known):
                        by_start[mention.start] = mention
            continue  # "여울초 운영위원장 남궁수희씨": the title belongs to the name after it
        window = [anchor]
        scan = anchor_index - 1
        while scan >= 0 and len(window) < _MAX_WINDOW:
            word = words[scan]
            if sentence_of[scan] != sentence_of[anchor_index] or _inside(word.start, quoted):
                break
            if word.predicate and scan == anchor_index - 1 and verb_read_name(word):
                window.insert(0, word)  # "문용한 이장협의회장": Kiwi read the name as 문 + 용하 + ㄴ
                scan -= 1
                continue
            if word.particle or word.predicate or word.comma_after or _STOP_WORD.match(word.bare):
                break
            if len(window) >= 2 and _PLACE_WORD.match(window[0].bare) and _strong_name(word):
                break  # "▲한내동 설도현 ▲솔밭동 변유찬 씨": the name before a town is that town's item
            if (
                any(char.isdigit() for char in word.bare)
                and not re.match(r"^제?\d+기$", word.bare)
                and without_note(word) is word
            ):
                break  # a figure ends the mention, unless it sits in a note after a name ("이도윤(42번")
            window.insert(0, word)
            scan -= 1
        mention = parse_mention(window, listed=_inside(anchor.start, listed_spans))
        if mention is None:
            continue
        if mention.role is None and scan >= 0 and sentence_of[scan] == sentence_of[anchor_index]:
            role = descriptor_role(words, scan)
            if role:
                mention = replace(mention, role=role)
        known = by_start.get(mention.start)
        if known is None or _richness(mention) > _richness(known):
            by_start[mention.start] = mention
    for mention in _run_mentions(words, sentence_of, quoted, listed_spans):
        known = by_start.get(mention.start)
        if known is None or _richness(mention) > _richness(known):
            by_start[mention.start] = mention
    return [by_start[start] for start in sorted(by_start)]


_INTERPUNCT = re.compile(r"[·‧ㆍ・]")
_SYLLABLE = re.compile(r"^[가-힣]$")
# Kiwi's tags for a lone syllable that is a word of its own, not half of a name: determiners ("한 명",
# "이 분야", "전 시장"), counters and bound nouns ("명", "분", "곳").
_NOT_NAME_HALF = frozenset({"MM", "NNB", "NR", "SN", "MAG", "MAJ"})


def join_spaced_names(words: Sequence[Word]) -> list[Word]:
    """Two-syllable names written with a space ("신 열 목원대 교수") joined into one word.

    Some outlets space a two-syllable name after its surname. Two lone syllables, the first a
    surname, are read as one name only when a title follows within two plain words, and neither
    syllable is one Kiwi reads as a determiner or a counter ("한 명", "이 분야", "전 시장").
    """
    joined: list[Word] = []
    index = 0
    while index < len(words):
        word = words[index]
        spaced = index + 1 < len(words) and _spaced_name(words, index)
        foreign = not spaced and index + 1 < len(words) and _foreign_name(words, index)
        if spaced or foreign:
            given = words[index + 1]
            glue = " " if foreign else ""
            text = f"{word.text} {given.text}" if given.start == word.end + 1 else word.text + given.text
            morph = Morph(form=word.bare + glue + given.bare, tag="NNP", start=word.start, end=given.end)
            joined.append(
                replace(
                    given,
                    text=text,
                    start=word.start,
                    core=word.bare + glue + given.core,
                    morphs=(morph, *given.morphs[1:]),
                )
            )
            index += 2
            continue
        joined.append(word)
        index += 1
    return joined


# Syllables of transliterated foreign names that Korean given names do not use ("마이클", "슈미트").
_FOREIGN_SYLLABLES = frozenset("스트크프브드즈츠르클슨튼뮐셸렌잭존톰")


def _foreign_name(words: Sequence[Word], index: int) -> bool:
    """A foreign name in two words before a title ("마리아 슈미트 위원장", "마이클 존슨 교수").

    Both words must be single proper nouns to Kiwi, one must hold a syllable Korean given names do
    not use, neither may be a title or end like a body, and a title must follow within two words.
    """
    first, second = words[index], words[index + 1]
    if first.particle or first.comma_after or first.predicate or second.predicate:
        return False
    before = words[index - 1] if index > 0 else None
    if before is not None and not (before.particle or before.comma_after or before.predicate or is_role(before.bare)):
        return False
    pair = (first, second)
    for word in pair:
        bare = word.bare
        if not re.fullmatch(r"[가-힣]{1,6}", bare) or bare in NOT_NAMES or is_role(bare):
            return False
        if bare.endswith(ORG_ENDINGS) or len(word.morphs) < 1 or word.morphs[0].tag != "NNP":
            return False
        if word.morphs[0].end - word.morphs[0].start < len(bare):
            return False
    if not any(char in _FOREIGN_SYLLABLES for word in pair for char in word.bare):
        return False
    if len(second.bare) > 4 or _korean_name_shape(first.bare):
        return False  # "변수정 게스트하우스 대표": a Korean name before a loanword business name
    if second.particle or second.comma_after:
        return False
    for after in words[index + 2 : index + 4]:
        if is_role(after.bare):
            return True
        if after.particle or after.predicate or after.comma_after:
            return False
    return False


def _korean_name_shape(bare: str) -> bool:
    surname = bare[:2] if bare[:2] in COMPOUND_SURNAMES else bare[:1]
    return (
        surname in SURNAMES | COMPOUND_SURNAMES
        and len(bare) - len(surname) == 2
        and not any(char in _FOREIGN_SYLLABLES for char in bare)
    )


def _spaced_name(words: Sequence[Word], index: int) -> bool:
    surname, given = words[index], words[index + 1]
    if surname.particle or surname.comma_after or given.comma_after or given.start != surname.end + 1:
        return False
    before = words[index - 1] if index > 0 else None
    if before is not None and not (before.particle or before.comma_after or before.predicate or is_role(before.bare)):
        return False  # "응우옌 반 안": a plain word before the pair makes it part of a longer (foreign) name
    if not (_SYLLABLE.match(surname.core) and surname.core in SURNAMES and _SYLLABLE.match(given.bare)):
        return False
    if any(m.tag in _NOT_NAME_HALF for m in (*surname.morphs[:1], *given.morphs[:1])):
        return False
    if given.particle or is_role(given.bare):
        return False
    for after in words[index + 2 : index + 5]:
        if is_role(after.bare):
            return True
        if after.particle or after.predicate or after.comma_after:
            return False
    return False


def _run_names(word: Word) -> list[tuple[str, int]] | None:
    """The names in one word of a run: "김하늘·이바다‧박구름" or "김하늘" (or "김하늘," before a comma)."""
    text = word.bare.rstrip(",")
    parts = _INTERPUNCT.split(text)
    found: list[tuple[str, int]] = []
    offset = 0
    for part in parts:
        if part.endswith("씨") and len(part) > 2:
            part = part[:-1]  # "한누리씨, 오가람씨": each name keeps its own honorific
        position = word.text.find(part, offset)
        if not _run_name(part) or position < 0:
            return None
        found.append((part, word.start + position))
        offset = position + len(part)
    return found


def _run_name(part: str) -> bool:
    if not re.fullmatch(r"[가-힣]{2,4}", part) or part in NOT_NAMES or is_role(part):
        return False
    surname = part[:2] if part[:2] in COMPOUND_SURNAMES else part[:1]
    return surname in SURNAMES or (surname in COMPOUND_SURNAMES and len(part) - len(surname) in (1, 2))


_HEADCOUNT = re.compile(r"^\d+명$")
# Neighbourhoods written before each name in a list ("▲해울읍 곽미소 ▲새솔면 맹지호 씨").
_PLACE_WORD = re.compile(r"^[가-힣0-9]{1,6}(?:읍|면|동|리|가)$")


def _strong_name(word: Word) -> bool:
    """A 3-4 syllable surname-first word that Kiwi reads whole as a proper noun.

    Runs joined only by spaces, or closed by "등" or a head count rather than a title, carry no
    punctuation or title to say they are names, so each name must stand on Kiwi's reading:
    "최가을 나도윤 등 학생" is a run, "정책, 지원, 교육 등" is not.
    """
    word = without_note(word)
    bare = word.bare.rstrip(",")
    if word.particle or word.predicate or not _run_name(bare) or len(bare) < 3:
        return False
    if bare[-1] in NOT_NAME_ENDINGS or bare.endswith(_LONG_ORG_ENDINGS):
        return False  # "한양대", "가람지부": bodies Kiwi also reads as proper nouns
    if len(bare) == 4 and bare[:2] not in COMPOUND_SURNAMES:
        return False  # four syllables without a compound surname: "민주노총" far more often than a name
    first = word.morphs[0] if word.morphs else None
    return (
        first is not None and first.tag == "NNP" and first.start == word.start and first.end - first.start >= len(bare)
    )


_LONG_ORG_ENDINGS = tuple(ending for ending in ORG_ENDINGS if len(ending) >= 2)


def _run_tail(words: Sequence[Word], index: int) -> tuple[str | None, int, bool, bool] | None:
    """(shared role, index of the last name, whether the names need Kiwi's proper-noun reading,
    whether names may be joined by spaces alone).

    A title after space-joined words is "NAME ORG TITLE" far more often than a run ("박정민 가람지부
    사무국장"), so only 씨, "등" and a head count close a space-joined run.
    """
    anchor = words[index]
    bare = anchor.bare.rstrip(",")
    if bare == "씨":
        return None, index - 1, False, True
    if is_role(bare):
        return bare, index - 1, False, False
    if bare.endswith("씨") and len(bare) > 2:
        return None, index, False, True
    if bare == "등" or _HEADCOUNT.match(bare):
        # "오새봄, 진하루 등 다온구의원들이", "모정우(새솔1동) 차은별(해울동) 3명에게": the word after
        # "등" names what they are when it is a title ("학생들", "의원들").
        role = None
        if bare == "등" and index + 1 < len(words):
            after = words[index + 1].bare.removesuffix("들")
            role = after if is_role(after) and not _HEADCOUNT.match(after) else None
        return role, index - 1, True, True
    return None


def _run_mentions(
    words: Sequence[Word],
    sentence_of: Sequence[int],
    quoted: Sequence[tuple[int, int]],
    listed_spans: Sequence[tuple[int, int]],
) -> list[Mention]:
    """Names in a run that share the role after the last one.

    "김하늘·이바다‧박구름 청년", "한누리, 오가람, 서다온 씨": the interpunct (·, ‧, ㆍ) or commas join
    the names and the role (or 씨) is written once, after the last name. A run may also end in "등"
    or a head count ("3명에게"), or join its names by spaces alone ("최가을 나도윤 등 학생",
    "해울읍 곽미소 새솔면 맹지호 씨", from a bulleted list); those runs take only names Kiwi reads as
    proper nouns. A run needs two names or more, so a lone word before a title is still read by
    `parse_mention`.
    """
    mentions: list[Mention] = []
    for index, anchor in enumerate(words):
        if _inside(anchor.start, quoted) or (anchor.particle and not anchor.comma_after and index == 0):
            continue
        tail = _run_tail(words, index)
        if tail is None:
            continue
        role, last, need_proper, spaces_allowed = tail
        if last < 0 or sentence_of[last] != sentence_of[index]:
            continue
        if role is not None and not _INTERPUNCT.search(words[last].bare):
            # "임채문·김향희 양 단체 회장": up to two plain words between a joined run and its role.
            for gap in (1, 2):
                earlier = last - gap
                between = words[earlier + 1 : index]
                if earlier < 0 or any(w.particle or w.predicate or w.comma_after for w in between):
                    break
                if _INTERPUNCT.search(words[earlier].bare) and sentence_of[earlier] == sentence_of[index]:
                    last = earlier
                    break
        head = without_note(words[last])
        # Kiwi may read a run's last syllables as an ending ("정달래"): the interpunct says otherwise.
        if (
            head.particle
            or (head.predicate and not _INTERPUNCT.search(head.bare))
            or (last != index and head.comma_after)
        ):
            continue
        head_text = head.bare[:-1] if last == index else head.bare
        names = _run_names(replace(head, core=head_text)) if head_text != head.bare else _run_names(head)
        if names is None:
            continue
        joined = bool(_INTERPUNCT.search(head.bare))
        proper = [_strong_name(head) or joined or last == index]
        spaced = False  # a run joined by a space anywhere takes proper-noun names only
        scan = last - 1
        while scan >= 0 and sentence_of[scan] == sentence_of[index]:
            word = without_note(words[scan])
            if word.particle or (word.predicate and not _INTERPUNCT.search(word.bare)):
                break
            if not word.comma_after:
                if not spaces_allowed:
                    break
                # Joined by a space only: a proper-noun name, or a neighbourhood before the next name.
                if _PLACE_WORD.match(word.bare) and scan - 1 >= 0 and _strong_name(words[scan - 1]):
                    scan -= 1
                    continue
                if not _strong_name(word):
                    break
                spaced = True
            more = _run_names(word)
            if more is None:
                break
            names = more + names
            proper.append(_strong_name(word) or bool(_INTERPUNCT.search(word.bare)))
            scan -= 1
        if len(names) < 2 or ((need_proper or spaced) and not all(proper)):
            continue
        organisation = None
        if role is not None and tail[2]:
            organisation, role = split_compound_role(role)  # "다솜시의원들" -> 다솜시의회, 시의원
        for name, start in names:
            mentions.append(Mention(name, organisation, role, start, start + len(name), _inside(start, listed_spans)))
    return mentions


def verb_read_name(word: Word) -> bool:
    """A three-syllable, surname-first word Kiwi read as a verb clause, standing right before a title."""
    bare = word.bare
    return (
        not word.particle
        and not word.comma_after
        and re.fullmatch(r"[가-힣]{3}", bare) is not None
        and bare[0] in SURNAMES
        and bare not in NOT_NAMES
        and bool(word.morphs)
        and word.morphs[0].end - word.morphs[0].start == 1
        and not any(morph.tag.startswith("XS") for morph in word.morphs)
    )


def _titled(word: Word) -> bool:
    return is_role(word.bare) or word.bare.endswith("씨") or word.bare == "씨"


_WORK_VERBS = ("일하", "근무", "활동하", "종사하")


def descriptor_role(words: Sequence[Word], index: int) -> str | None:
    """A role from the clause before a name: "대리운전 기사인 문혜린씨", "배달 기사로 일하는 장우석씨"."""
    word = words[index]
    copula = next((m for m in word.morphs if m.tag == "VCP"), None)
    if copula is not None and word.predicate:
        core = word.text[: copula.start - word.start].strip("“”\"‘’'")
        if is_role(core):
            return _with_modifier(words, index, core)
    if not any(back.text.startswith(_WORK_VERBS) for back in words[max(0, index - 2) : index + 1]):
        return None
    for scan in range(index, max(-1, index - 4), -1):
        candidate = words[scan]
        if candidate.particle in {"로", "으로"} and is_role(candidate.bare):
            return _with_modifier(words, scan, candidate.bare)
    return None


def _with_modifier(words: Sequence[Word], index: int, core: str) -> str:
    if index > 0:
        before = words[index - 1]
        if not (before.particle or before.predicate or before.comma_after) and not is_role(before.bare):
            return f"{before.bare} {core}"
    return core


def _richness(mention: Mention) -> tuple[int, int]:
    filled = (mention.organisation is not None) + (mention.role is not None)
    return filled, len(mention.organisation or "") + len(mention.role or "")


def _sentence_index(words: Sequence[Word], sentences: Sequence[tuple[int, int]]) -> list[int]:
    indexes = []
    current = 0
    for word in words:
        while current + 1 < len(sentences) and word.start >= sentences[current][1]:
            current += 1
        indexes.append(current)
    return indexes


def merge_mentions(mentions: Sequence[Mention]) -> list[PersonRecord]:
    """One record per name: the attendee list's organisation and role if it gives them, else the longest."""
    grouped: dict[str, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.name, []).append(mention)
    records = []
    for name, group in grouped.items():
        listed = [mention for mention in group if mention.listed]
        organisation = _pick([m.organisation for m in listed]) or _pick([m.organisation for m in group])
        role = _pick([m.role for m in listed]) or _pick([m.role for m in group])
        records.append(
            PersonRecord(
                name=name,
                organisation=organisation,
                role=role,
                listed=bool(listed),
                first_position=min(m.start for m in group),
                roles=tuple(dict.fromkeys(m.role for m in group if m.role)),
                positions=tuple(sorted(m.start for m in group)),
            )
        )
    records.sort(key=lambda record: record.first_position)
    return records


def _pick(values: Sequence[str | None]) -> str | None:
    present = [value for value in values if value]
    return max(present, key=len) if present else None
