"""Skill names people and firms type, folded to one canonical key so "파이썬", "Python" and "python3" meet.

Skills are short names, not prose, so a synonym table is more exact than morpheme analysis here; names the
table does not know are kept as typed (lower-cased, spaces squeezed) and still match themselves.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# canonical key -> other spellings (Korean names and common variants). Written for this project.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "python": ("파이썬", "python3", "py"),
    "java": ("자바",),
    "javascript": ("자바스크립트", "js", "ecmascript"),
    "typescript": ("타입스크립트", "ts"),
    "react": ("리액트", "react.js", "reactjs"),
    "vue": ("뷰", "vue.js", "vuejs"),
    "node.js": ("노드", "nodejs", "node"),
    "spring": ("스프링", "spring boot", "스프링부트", "스프링 부트", "springboot"),
    "kotlin": ("코틀린",),
    "swift": ("스위프트",),
    "flutter": ("플러터",),
    "android": ("안드로이드",),
    "ios": ("아이폰 앱",),
    "sql": ("에스큐엘", "mysql", "postgresql", "postgres"),
    "django": ("장고",),
    "fastapi": ("패스트api",),
    "pytorch": ("파이토치", "torch"),
    "tensorflow": ("텐서플로", "텐서플로우", "tf"),
    "machine learning": ("머신러닝", "기계학습", "ml"),
    "deep learning": ("딥러닝", "dl"),
    "computer vision": ("컴퓨터 비전", "컴퓨터비전", "영상 인식", "cv"),
    "nlp": ("자연어 처리", "자연어처리", "natural language processing"),
    "llm": ("대규모 언어 모델", "거대언어모델", "large language model"),
    "data analysis": ("데이터 분석", "데이터분석"),
    "data engineering": ("데이터 엔지니어링", "데이터 파이프라인", "data pipeline"),
    "mlops": ("엠엘옵스",),
    "docker": ("도커",),
    "kubernetes": ("쿠버네티스", "k8s"),
    "aws": ("아마존 웹 서비스", "amazon web services"),
    "linux": ("리눅스",),
    "c++": ("씨플플", "cpp"),
    "embedded": ("임베디드", "펌웨어", "firmware"),
    "iot": ("사물인터넷",),
    "project management": ("프로젝트 관리", "pm"),
    "team leadership": ("팀 리딩", "팀리딩", "팀 관리", "리더십", "leadership", "people management"),
    "ui/ux": ("ui", "ux", "ui 디자인", "ux 디자인", "디자인"),
    "figma": ("피그마",),
    "git": ("깃",),
    "spark": ("스파크", "apache spark"),
    "gis": ("지리정보시스템", "공간정보"),
}

_ALIASES: dict[str, str] = {}
for _key, _others in SYNONYMS.items():
    _ALIASES[_key] = _key
    for _other in _others:
        _ALIASES[_other] = _key

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def canonical_skill(name: str) -> str:
    """The canonical key of one skill name ('' for a blank name)."""
    folded = _SPACES.sub(" ", name.strip().lower())
    return _ALIASES.get(folded, folded)


def canonical_skills(names: Iterable[str]) -> list[str]:
    """Canonical keys of many names, first spelling first, without repeats or blanks."""
    return [key for key in dict.fromkeys(canonical_skill(n) for n in names) if key]


def parse_skill_list(text: str) -> list[str]:
    """A typed list ("Python, SQL; 리액트" or one per line) as separate names, as typed."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


# Common-noun skills read in the reader's language. Their two names are the catalog's [talent.skill] table in
# this package's messages.toml, keyed by canonical key: read here with tomllib, because this module is a pure
# core (the matcher uses it) and may not import the app's i18n. Proper names (Python, AWS, Figma) have no entry.
@lru_cache(maxsize=1)
def _skill_names() -> dict[str, dict[str, str]]:
    with (Path(__file__).with_name("messages.toml")).open("rb") as file:
        table: dict[str, dict[str, str]] = tomllib.load(file)["talent"]["skill"]
    return table


def has_skill_label(name: str) -> bool:
    """Whether `name` (any spelling) is a common-noun skill the catalog names in each language."""
    return canonical_skill(name) in _skill_names()


def skill_label(name: str, language: str) -> str:
    """How a skill reads in `language` (ko or en): a common-noun skill by its catalog name, whatever spelling
    was typed, so a Korean page says 팀 리딩 for a stored "Team leadership"; any other as typed."""
    names = _skill_names().get(canonical_skill(name))
    if names is None:
        return name.strip()
    return names.get(language, names["ko"])
