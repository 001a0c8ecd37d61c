"""Showcase records for tests: a site the way operators set one up."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bitgoeul.showcase.models import ShowcasePicture, ShowcaseSite


def site(session: Session, **values: Any) -> ShowcaseSite:
    data: dict[str, Any] = {"slug": "ai-data-center", "name_ko": "국가AI데이터센터",
                            "name_en": "National AI Data Center",
                            "summary_ko": "데이터센터 소개", "summary_en": "About the data center",
                            "lat": 35.2270, "lon": 126.8480, "radius_m": 500,
                            "place_words": ["국가AI데이터센터", "National AI Data Center"]}
    data.update(values)
    found = ShowcaseSite(**data)
    found.pictures = [ShowcasePicture(file="data-center.svg", caption_ko="건물", caption_en="The building")]
    session.add(found)
    session.flush()
    return found
