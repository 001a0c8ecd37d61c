"""The Dockerfile and compose.yaml, checked statically (containers cannot run on these machines): the
compose file against the Compose specification's JSON schema, both against what docs/deploy.md promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from bitgoeul.core.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_installs_from_the_lock_and_runs_as_non_root() -> None:
    steps = instructions(ROOT / "Dockerfile")
    stages = [i for i, (word, _) in enumerate(steps) if word == "FROM"]
    for i in stages:
        image = steps[i][1].split()[0]
        assert ":" in image and not image.endswith(":latest"), image
    final = steps[stages[-1]:]
    users = [args for word, args in final if word == "USER"]
    assert users and users[-1] not in {"root", "0", "0:0"}
    assert [w for w, _ in final].index("USER") < [w for w, _ in final].index("CMD")
    runs = " ".join(args for word, args in steps if word == "RUN")
    installs = re.findall(r"pip install [^&]*", runs)
    assert installs and all("--no-deps" in i for i in installs)
    assert any("--require-hashes" in i and "-r requirements.lock" in i for i in installs)
    assert not any(word == "ADD" for word, _ in steps)  # COPY only: nothing fetched at build time but packages
    copies = [args for word, args in steps if word == "COPY"]
    assert copies.index("requirements.lock ./") < copies.index("src ./src")  # dependencies cached apart from code
    health = " ".join(args for word, args in final if word == "HEALTHCHECK")
    assert "/readyz" in health
    command = " ".join(args for word, args in final if word == "CMD")
    assert '"serve"' in command and '"--workers"' in command


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def test_compose_file_follows_the_compose_specification() -> None:
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
                           str(ROOT / "compose.yaml")], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_topology_is_the_documented_one() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker"}
    assert "pgvector" in services["db"]["image"] and services["redis"]["image"].startswith("redis:")
    assert "bitgoeul init" in " ".join(services["migrate"]["command"]) and services["migrate"]["restart"] == "no"
    assert "serve" in " ".join(services["web"]["command"]) and "--workers" in " ".join(services["web"]["command"])
    assert services["worker"]["command"] == ["bitgoeul", "match", "worker"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    known = {spec.env for spec in SETTINGS}
    for name in ("migrate", "web", "worker"):
        environment = services[name]["environment"]
        assert environment["BITGOEUL_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert environment["BITGOEUL_QUEUE_URL"].startswith("redis://")
        assert environment["BITGOEUL_ENV"] == "production"
        assert set(environment) <= known, set(environment) - known
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert all(str(p).startswith("127.0.0.1:") for p in services["web"]["ports"])  # only the proxy reaches it
