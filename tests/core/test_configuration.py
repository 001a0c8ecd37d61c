"""One configuration: every setting in `Settings`, read nowhere else, documented from the registry."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bitgoeul import __version__
from bitgoeul.cli import app
from bitgoeul.core.settings import (
    MASK,
    SETTINGS,
    Settings,
    SettingsError,
    configuration_markdown,
    field_names,
    load_settings,
)

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "bitgoeul"
runner = CliRunner()


def test_docs_configuration_page_is_generated_from_the_settings() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert page == configuration_markdown(), "run `bitgoeul config docs > docs/configuration.md`"
    for spec in SETTINGS:
        assert f"`{spec.env}`" in page


def test_every_setting_fills_a_field_and_every_field_has_a_setting() -> None:
    names = field_names()
    assert {spec.field for spec in SETTINGS} <= names
    covered = {spec.field for spec in SETTINGS} | {"city_ko", "city_en"}
    assert names - {"city"} <= covered
    assert len({spec.env for spec in SETTINGS}) == len(SETTINGS)


def _reads_environment(path: Path) -> list[int]:
    """Lines of `path` that touch os.environ / os.getenv / os.putenv (any spelling of the import)."""
    names = {"environ", "getenv", "putenv", "environb"}

    def reads(node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute):
            return node.attr in names
        return isinstance(node, ast.ImportFrom) and node.module == "os" and any(a.name in names for a in node.names)

    return [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if reads(node)]


def test_no_module_reads_the_environment_outside_the_settings_module() -> None:
    offenders = {str(p.relative_to(SRC)): lines for p in sorted(SRC.rglob("*.py"))
                 if p != SRC / "core" / "settings.py" and (lines := _reads_environment(p))}
    assert offenders == {}


def test_the_check_finds_an_environment_read(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom os import getenv\nx = os.environ.get('A')\n", encoding="utf-8")
    assert _reads_environment(sample) == [2, 3]


def test_malformed_values_are_refused_with_the_variable_named() -> None:
    for env, value in [("BITGOEUL_SMTP_PORT", "smtp"), ("BITGOEUL_EMBED_THREADS", "0"),
                       ("BITGOEUL_ROUTER_ENGINE", "fortran"), ("BITGOEUL_LOG_FORMAT", "xml"),
                       ("BITGOEUL_SQLITE_SYNCHRONOUS", "OFF")]:
        with pytest.raises(SettingsError, match=env):
            load_settings({env: value})
    settings = load_settings({"BITGOEUL_LOG_LEVEL": "debug", "BITGOEUL_SQLITE_SYNCHRONOUS": "full"})
    assert (settings.log_level, settings.sqlite_synchronous) == ("DEBUG", "FULL")


def test_config_show_masks_secrets_and_url_passwords(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = "a-production-secret-that-is-long-enough-0123456789"
    monkeypatch.setenv("BITGOEUL_ENV", "production")
    monkeypatch.setenv("BITGOEUL_SECRET_KEY", secret)
    monkeypatch.setenv("BITGOEUL_QUEUE_URL", "redis://:queuepass@redis:6379/0")
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("BITGOEUL_BASE_URL", "https://bitgoeul.example.org")
    result = runner.invoke(app, ["config", "show", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert set(shown) == {spec.env for spec in SETTINGS}
    assert shown["BITGOEUL_SECRET_KEY"] == MASK and shown["BITGOEUL_ENV"] == "production"
    assert shown["BITGOEUL_QUEUE_URL"] == f"redis://:{MASK}@redis:6379/0"
    text = runner.invoke(app, ["config", "show"]).output
    assert secret not in text and "queuepass" not in text and "BITGOEUL_ROUTER_ENGINE" in text


def test_a_malformed_setting_exits_2_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGOEUL_ROUTER_ENGINE", "fortran")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 2 and "BITGOEUL_ROUTER_ENGINE" in result.output


def test_version_once_and_python_dash_m() -> None:
    assert runner.invoke(app, ["--version"]).output.strip() == f"bitgoeul {__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert __version__ not in pyproject  # written once, in bitgoeul/__init__.py
    done = subprocess.run([sys.executable, "-m", "bitgoeul", "--version"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"bitgoeul {__version__}")


def test_settings_fixture_shape_still_builds() -> None:
    assert Settings(database_url="sqlite://", secret_key="k", environment="test", default_language="ko",
                    city_ko="광주", city_en="Gwangju", queue_url="").router_engine == "auto"


def test_allowed_hosts_come_from_the_list_or_the_base_url_and_production_must_name_them() -> None:
    assert "127.0.0.1" in load_settings({}).host_names
    named = load_settings({"BITGOEUL_ALLOWED_HOSTS": "A.example.org, b.example.org"})
    assert named.host_names == ("a.example.org", "b.example.org")
    assert load_settings({"BITGOEUL_BASE_URL": "https://city.example.org:8443/"}).host_names == ("city.example.org",)
    production = {"BITGOEUL_ENV": "production", "BITGOEUL_SECRET_KEY": "x" * 40}
    with pytest.raises(SettingsError, match="BITGOEUL_ALLOWED_HOSTS"):
        load_settings(production)
    deployed = load_settings({**production, "BITGOEUL_ALLOWED_HOSTS": "city.example.org"})
    assert deployed.host_names == ("city.example.org",) and not deployed.api_docs
    docs_on = {**production, "BITGOEUL_BASE_URL": "https://c.example.org", "BITGOEUL_API_DOCS": "1"}
    assert load_settings(docs_on).api_docs
    with pytest.raises(SettingsError, match="BITGOEUL_ZIP_MAX_RATIO"):
        load_settings({"BITGOEUL_ZIP_MAX_RATIO": "0"})
