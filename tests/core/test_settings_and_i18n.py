"""Settings refuse unsafe configuration; every message exists in Korean and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bitgoeul.core.i18n import catalog, negotiate, translate
from bitgoeul.core.settings import DEFAULT_SECRET_KEY, SettingsError, load_settings


def test_default_secret_is_refused_outside_development() -> None:
    assert load_settings({"BITGOEUL_ENV": "development"}).secret_key == DEFAULT_SECRET_KEY
    for environment in ("test", "production"):
        with pytest.raises(SettingsError, match="BITGOEUL_SECRET_KEY"):
            load_settings({"BITGOEUL_ENV": environment})


def test_short_production_secret_and_bad_values_are_refused() -> None:
    with pytest.raises(SettingsError):
        load_settings({"BITGOEUL_ENV": "production", "BITGOEUL_SECRET_KEY": "short"})
    with pytest.raises(SettingsError):
        load_settings({"BITGOEUL_ENV": "staging"})
    with pytest.raises(SettingsError):
        load_settings({"BITGOEUL_DEFAULT_LANGUAGE": "fr"})


def test_database_url_comes_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x/y.db"
    assert load_settings({"BITGOEUL_DATABASE_URL": url}).database_url == url
    assert (tmp_path / "x").is_dir()


@pytest.mark.parametrize(("header", "expected"), [
    (None, "ko"), ("en-US,en;q=0.9", "en"), ("ko-KR,ko;q=0.9,en;q=0.8", "ko"),
    ("fr-FR,en;q=0.5,ko;q=0.7", "ko"), ("fr", "ko"), ("en;q=0, ko;q=0.1", "ko"), ("EN", "en"),
])
def test_accept_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_every_message_has_both_languages_and_differs_where_it_should() -> None:
    for key, value in catalog().items():
        for text in value.values():
            forms = [text] if isinstance(text, str) else list(text.values())
            assert all(form.strip() for form in forms), key
    assert translate("auth.login", "ko") == "로그인"
    assert translate("auth.login", "en") == "Log in"


def test_every_key_a_template_uses_exists() -> None:
    """A template asking for a missing key would crash at render time; catch it here."""
    package = Path(__file__).resolve().parents[2] / "src" / "bitgoeul"
    used = set()
    for template in package.rglob("templates/**/*.html"):
        source = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z0-9_.]*[a-z0-9_])['"]\s*[,)]""", source))
    missing = sorted(used - set(catalog()))
    assert not missing, f"messages missing from messages.toml: {missing}"
