"""The list-page macros (_lists.html) on fixed inputs: the markup each list page relies on, written out by hand
(element order, ids, names, values, the selected option, escaping, the empty text)."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from bitgoeul.web.rendering import templates


class _Outline(HTMLParser):
    """Start tags with their attributes, and non-blank text, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Any] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.items.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(" ".join(data.split()))


def outline(source: str, **context: Any) -> list[Any]:
    """Render `source` (which may call `lists.*`) with stand-in t and page_url, and outline the HTML."""
    base = {"t": lambda key, **params: f"T:{key}{params or ''}",
            "page_url": lambda **changes: "/here?" + urlencode(changes)}
    html = templates().env.from_string('{% import "_lists.html" as lists with context %}' + source).render(
        **base, **context)
    parser = _Outline()
    parser.feed(html)
    return parser.items


def test_choice_lists_all_first_then_the_pairs_with_only_the_current_one_selected() -> None:
    got = outline("{{ lists.choice('side', 'Side', options, 'b') }}", options=[("a", "A <1>"), ("b", "B")])
    assert got == [
        ("div", {"class": "field"}), ("label", {"for": "f-side"}), "Side", "/label",
        ("select", {"id": "f-side", "name": "side"}),
        ("option", {"value": ""}), "T:list.all", "/option",
        ("option", {"value": "a"}), "A <1>", "/option",
        ("option", {"value": "b", "selected": None}), "B", "/option",
        "/select", "/div"]


def test_choice_shows_plain_codes_through_their_message_key_and_takes_another_all_label() -> None:
    got = outline("{{ lists.choice('stage', 'S', ['x', 'y'], none, label_key='demo.stage.', all_label='Any') }}")
    options = [item for item in got if isinstance(item, str) and not item.startswith("/")][1:]
    assert options == ["Any", "T:demo.stage.x", "T:demo.stage.y"]
    assert not any(isinstance(item, tuple) and "selected" in item[1] for item in got)


def test_filters_put_the_search_box_first_the_page_fields_next_and_the_button_last() -> None:
    got = outline("{% call lists.filters('/needs', q) %}<i>mine</i>{% endcall %}", q='a"<b>')
    assert got[0] == ("form", {"method": "get", "action": "/needs", "class": "filters", "role": "search"})
    assert ("input", {"id": "f-q", "name": "q", "type": "search", "value": 'a"<b>',
                      "placeholder": "T:list.search_placeholder"}) in got
    assert got.index(("i", {})) > got.index(("label", {"for": "f-q"}))
    assert got[-4:] == [("button", {"type": "submit"}), "T:list.filter", "/button", "/form"]


def test_text_and_keep_fields() -> None:
    assert outline("{{ lists.text('region', 'R', '광산구') }}") == [
        ("div", {"class": "field"}), ("label", {"for": "f-region"}), "R", "/label",
        ("input", {"id": "f-region", "name": "region", "value": "광산구"}), "/div"]
    assert outline("{{ lists.keep('organisation_id', 7) }}") == [
        ("input", {"type": "hidden", "name": "organisation_id", "value": "7"})]
    assert outline("{{ lists.keep('organisation_id', none) }}") == []


def test_actions_link_the_current_query_as_csv_and_json_before_the_pages_own_buttons() -> None:
    exports = [("p", {"class": "actions"}),
               ("a", {"class": "button secondary", "href": "/here?format=csv"}), "T:list.export_csv", "/a",
               ("a", {"class": "button secondary", "href": "/here?format=json"}), "T:list.export_json", "/a"]
    assert outline("{{ lists.actions() }}") == [*exports, "/p"]
    own = outline("{% call lists.actions() %}<a href='/new'>New</a>{% endcall %}")
    assert own == [*exports, ("a", {"href": "/new"}), "New", "/a", "/p"]


def test_table_has_one_row_per_item_from_the_call_or_the_empty_text() -> None:
    source = "{% call(x) lists.table(page, ['H1', 'H2'], empty=empty) %}<tr><td>{{ x }}</td></tr>{% endcall %}"
    got = outline(source, page=SimpleNamespace(items=["one", "two"]), empty=None)
    assert got == [("div", {"class": "table-scroll"}), ("table", {"class": "list"}),
                   ("thead", {}), ("tr", {}), ("th", {}), "H1", "/th", ("th", {}), "H2", "/th", "/tr", "/thead",
                   ("tbody", {}), ("tr", {}), ("td", {}), "one", "/td", "/tr", ("tr", {}), ("td", {}), "two", "/td",
                   "/tr", "/tbody", "/table", "/div"]
    assert outline(source, page=SimpleNamespace(items=[]), empty=None) == [("p", {}), "T:list.empty", "/p"]
    assert outline(source, page=SimpleNamespace(items=[]), empty="No events") == [("p", {}), "No events", "/p"]


def test_text_takes_a_type_and_bounds_in_attribute_order_and_leaves_them_out_when_not_given() -> None:
    assert outline("{{ lists.text('year', 'Y', '2024', type='number', min=2000, max=2100) }}") == [
        ("div", {"class": "field"}), ("label", {"for": "f-year"}), "Y", "/label",
        ("input", {"id": "f-year", "name": "year", "type": "number", "value": "2024", "min": "2000", "max": "2100"}),
        "/div"]
    html = templates().env.from_string('{% import "_lists.html" as lists with context %}'
                                       "{{ lists.text('region', 'R', '') }}").render(t=str)
    assert 'name="region" value=""' in html and "type=" not in html and "min=" not in html


def test_choice_can_open_with_the_pages_default_instead_of_all() -> None:
    got = outline("{{ lists.choice('sort', 'S', [('support', 'Supported')], current, all_label='Recent', "
                  "all_value='recent') }}", current="support")
    assert got[5:] == [("option", {"value": "recent"}), "Recent", "/option",
                       ("option", {"value": "support", "selected": None}), "Supported", "/option", "/select", "/div"]
    unchosen = outline("{{ lists.choice('sort', 'S', [('support', 'Supported')], 'recent', all_label='Recent', "
                       "all_value='recent') }}")
    assert not any(isinstance(item, tuple) and "selected" in item[1] for item in unchosen)


def test_table_takes_the_pages_own_classes() -> None:
    got = outline("{% call(x) lists.table(page, ['H'], classes='list actions-table') %}<tr></tr>{% endcall %}",
                  page=SimpleNamespace(items=["one"]))
    assert got[:2] == [("div", {"class": "table-scroll"}), ("table", {"class": "list actions-table"})]
