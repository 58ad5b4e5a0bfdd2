# Migration & Development Atlas. The two commands: `make site` and `make test`.
# Each sets up what it needs on a fresh machine (a venv from the hashed lock; Debian packages
# through apt-get when missing and when run as root).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

NPM_STAMP := node_modules/.installed
# cffconvert 2.0.0 needs jsonschema<4, frictionless >=4.20: cffconvert gets its own small venv
CFF_VENV  := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed
# uv (writes the locks), pip-audit and cyclonedx-bom: tools apart from the site's runtime
TOOLS_VENV  := .venv-tools
TOOLS_STAMP := $(TOOLS_VENV)/.installed

# Every Python install checks each file against the sha256 in its lock (a replaced wheel fails).
PIP_INSTALL := pip install --quiet --disable-pip-version-check --require-hashes
# The locks, from the direct dependencies (pyproject.toml, requirements-cff.in,
# requirements-tools.in), with the hashes of every file PyPI serves for each pinned version.
# CI and the release run Python 3.11 on Linux x86_64 (pymdown-extensions needs >= 3.11.5).
# The versions already in a lock are kept: `make lock` adds or removes what the inputs changed;
# `make lock UPGRADE=--upgrade` (or --upgrade-package NAME) moves versions.
UV_COMPILE := $(TOOLS_VENV)/bin/uv pip compile --quiet --no-config --generate-hashes \
	--index-url https://pypi.org/simple --python-version 3.11.7 \
	--python-platform x86_64-manylinux_2_28 $(UPGRADE)

.PHONY: messages site serve data fetch descriptor test test-fast lint format bench bench-lighthouse setup system-deps clean release cff-setup tools-setup lock audit shots

# fetch -> build (validated in memory, analysed) -> render -> mkdocs build --strict into site/
site: setup $(NPM_STAMP)
	$(PY) -m atlas fetch build render site

# Serve the built site on 127.0.0.1 (from outside site/, which a rebuild replaces).
serve: site
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory site

data: setup
	$(PY) -m atlas fetch build validate

fetch: setup
	$(PY) -m atlas fetch

# Regenerate the committed descriptor after editing metadata/ or sources.yaml.
descriptor: setup
	$(PY) -m atlas descriptor

test: system-deps site cff-setup tools-setup
	$(PY) -m atlas validate
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m atlas release
	$(PY) -m pytest -q

# The fast tier (tests/conftest.py): readers, transforms, validation, metadata, specs,
# formatters and their JavaScript twins, index maths, import contracts; no build, no browser.
test-fast: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -m "not package and not site and not slow"

# The release files in dist/ (data package zip, offline site zip, CycloneDX SBOM, SHA256SUMS). Writes the records
# of the current release (releases/<version>/ manifest and changelog, CITATION.cff, .zenodo.json)
# when the build changed them: commit those. The version is that of the newest releases/*/release.yaml.
release: setup $(NPM_STAMP) cff-setup tools-setup
	$(PY) -m atlas fetch build records render site release
	$(VENV)/bin/frictionless validate datapackage.json
	$(CFF_VENV)/bin/cffconvert --validate -i CITATION.cff
	cd dist && sha256sum -c SHA256SUMS

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup $(NPM_STAMP)
	$(PY) bench/bench_data.py
	$(PY) bench/bench_site.py
	$(PY) bench/bench_build.py
	$(PY) bench/lighthouse.py

# Lighthouse only (pinned in package.json): the built site served with gzip, mobile defaults,
# median of 3 runs per page (bench/lighthouse.py; CHROME_PATH defaults to Debian's chromium)
bench-lighthouse: setup $(NPM_STAMP)
	@[ -f site/index.html ] || $(MAKE) site
	$(PY) bench/lighthouse.py

# Full-page screenshots (1366 and 360 px) of a sample of every page kind into shots/ (git-ignored),
# for people to look at: Debian's chromium through Playwright, site/ served on 127.0.0.1.
shots: setup
	@[ -f site/index.html ] || $(MAKE) site
	$(PY) scripts/shots.py

# Spanish and French (issue #22): extract every translatable string (templates, the render
# stage, metadata/pages.yaml; babel.cfg) into locale/atlas.pot, then merge it into
# locale/{es,fr}/LC_MESSAGES/atlas.po: new strings arrive with an empty msgstr, changed ones
# fuzzy. Fill those in and build: a missing or fuzzy translation stops the build, naming it.
messages: setup
	$(VENV)/bin/pybabel -q extract -F babel.cfg --add-location=file --sort-output --omit-header \
		--project "Migration & Development Atlas" -k _ -k t -o locale/atlas.pot .
	@for lang in es fr; do \
			$(VENV)/bin/pybabel -q update --init-missing --ignore-pot-creation-date -i locale/atlas.pot \
				-d locale -D atlas -l $$lang; \
	done
	$(PY) -m atlas.render.i18n

setup: $(STAMP)

cff-setup: $(CFF_STAMP)

tools-setup: $(TOOLS_STAMP)

# Regenerate the three hashed locks after changing a dependency in pyproject.toml,
# requirements-cff.in or requirements-tools.in (Dependabot's pull requests change the locks too).
lock: $(TOOLS_STAMP)
	$(UV_COMPILE) --extra test -o requirements.lock pyproject.toml
	$(UV_COMPILE) -o requirements-cff.lock requirements-cff.in
	$(UV_COMPILE) -o requirements-tools.lock requirements-tools.in

# Known vulnerabilities in the locked Python packages and in the npm packages the site ships:
# fails on one that has a fixed version (scripts/audit.py). Needs the network (CI runs it).
audit: $(TOOLS_STAMP)
	$(TOOLS_VENV)/bin/python scripts/audit.py requirements.lock requirements-cff.lock requirements-tools.lock

$(CFF_STAMP): requirements-cff.lock
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/$(PIP_INSTALL) -r requirements-cff.lock
	touch $@

$(TOOLS_STAMP): requirements-tools.lock
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/$(PIP_INSTALL) -r requirements-tools.lock
	touch $@

# vega, vega-lite, vega-embed, vega-interpreter and the world map, pinned in package-lock.json and
# self-hosted; axe-core and vnu-jar (the Nu HTML checker) for the tests; lighthouse for `make bench`. --ignore-scripts: the
# only install script (vnu-jar's) would download a Java runtime; Debian's is used instead.
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	touch $@

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/$(PIP_INSTALL) -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# faketime: the determinism test builds twice under a different clock; chromium: browser tests
# (Playwright drives Debian's chromium; it never downloads a browser of its own); a Java runtime
# for the Nu HTML checker (vnu.jar).
system-deps:
	@missing=""; \
	command -v faketime >/dev/null 2>&1 || missing="$$missing faketime"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (install them as root)"; exit 1; fi; \
	fi

clean:
	rm -rf data/*.csv site generated dist .cache bench/out shots $(CFF_VENV) $(TOOLS_VENV)
