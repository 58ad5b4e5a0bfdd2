# Migration & Development Atlas. The two commands: `make site` and `make test`.
# Each sets up what it needs on a fresh machine (a venv from the pinned lock; Debian packages
# through apt-get when missing and when run as root).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: site data fetch descriptor test lint format bench setup system-deps clean

# Until the site stage exists, `make site` runs fetch -> build -> validate.
site: data

data: setup
	$(PY) -m atlas fetch build validate

fetch: setup
	$(PY) -m atlas fetch

# Regenerate the committed descriptor after editing metadata/ or sources.yaml.
descriptor: setup
	$(PY) -m atlas descriptor

test: setup system-deps data
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) bench/bench_data.py

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# faketime: the determinism test builds twice under a different clock.
system-deps:
	@command -v faketime >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq faketime >/dev/null; \
	  else echo "faketime missing: install Debian's faketime (the determinism test needs it)"; exit 1; fi; }

clean:
	rm -rf data/*.csv site dist .cache bench/out
