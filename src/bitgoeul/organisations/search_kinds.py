"""Organisations in site-wide search, by name, kind and description, placed by their region.

The matching registry imports this module and calls `register()` (see bitgoeul.matching.kinds); capabilities
whose records show an organisation's data re-index them with it through `add_related("organisation", ...)`.
"""

from __future__ import annotations

from bitgoeul.core.i18n import labels
from bitgoeul.matching.engine import Document
from bitgoeul.matching.kinds import join_fields, languages_of, register_kind
from bitgoeul.organisations.models import Organisation
from bitgoeul.text.regions import city_of

COMMON_ATTRIBUTES = ("region", "city", "language", "organisation_id")


def organisation_document(org: Organisation) -> Document:
    kind_ko, kind_en = labels("org.kinds").get(org.kind, (org.kind, org.kind))
    region = org.region or ""
    attrs: dict[str, object] = {
        "org_kind": org.kind,
        "size": org.size,
        "language": languages_of([org.name_ko, org.description_ko], [org.name_en, org.description_en]),
        "region": region,
        "city": city_of(region),
    }
    if org.founded_year:
        attrs["founded_year"] = int(org.founded_year)
    return Document(
        kind="organisation",
        id=org.id,
        fields={
            "title": join_fields(org.name_ko, org.name_en),
            "tags": join_fields(kind_ko, kind_en),
            "body": join_fields(org.description_ko, org.description_en),
        },
        attrs=attrs,
    )


def register() -> None:
    """Register organisations (called once, lazily, by the registry)."""
    register_kind("organisation", Organisation, organisation_document,
                  lambda o: (o.name_ko, o.name_en or o.name_ko), label=("기관·기업", "Organisation"),
                  path="/organisations/{id}", order=30, user_words=lambda o: [o.name_ko],
                  attributes=("org_kind", "size", "founded_year", *COMMON_ATTRIBUTES))
