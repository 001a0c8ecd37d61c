#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml (`make lock`): pins and hashes of every package, for Linux, CPython 3.11.
# requirements.lock: what the app needs (the Dockerfile installs it); requirements-dev.lock: that plus the `dev` extra
# (make test, .ci/run). The dev lock is constrained by the runtime one, so both agree on every shared package.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
tools=.cache/lock-tools
[ -x "$tools/bin/pip-compile" ] || { "$PYTHON" -m venv "$tools" && "$tools/bin/pip" install --quiet "pip-tools>=7.4"; }
compile=("$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url
         --no-emit-find-links --no-emit-trusted-host)
export CUSTOM_COMPILE_COMMAND="make lock   (after adding or changing a dependency in pyproject.toml; keeps every other pin)"
"${compile[@]}" ${UPGRADE:+--upgrade} --output-file requirements.lock pyproject.toml
"${compile[@]}" ${UPGRADE:+--upgrade} --extra dev --constraint requirements.lock --output-file requirements-dev.lock pyproject.toml
