# Polku: `make run` serves the demo on SQLite; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENDOR := build/static/vendor

.PHONY: run test bench install install-test assets messages chromium gettext lint typecheck pytest demo migrate clean

run: install assets messages migrate demo
	@echo "Polku: http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test assets messages chromium lint typecheck pytest

install: $(VENV)/.base
install-test: $(VENV)/.test

$(VENV)/.base: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.test: requirements/test.txt $(VENV)/.base
	$(VENV)/bin/pip install -q -r requirements/test.txt
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

# The design system, its font and axe-core, copied from npm packages into static files.
assets: $(VENDOR)/.built
$(VENDOR)/.built: node_modules/.package-lock.json
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/hds-core $(VENDOR)/files
	cp node_modules/hds-core/lib/base.min.css node_modules/hds-core/lib/components/all.min.css $(VENDOR)/hds-core/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/
	cd node_modules/@fontsource/source-sans-3 && cat 400.css 400-italic.css 600.css 700.css > ../../../$(VENDOR)/source-sans-3.css
	cd node_modules/@fontsource/source-sans-3/files && cp *-400-normal.woff* *-400-italic.woff* *-600-normal.woff* *-700-normal.woff* ../../../../$(VENDOR)/files/
	touch $@

gettext:
	@command -v msgfmt >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q gettext)

messages: install gettext
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

chromium:
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium)

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-test
	$(VENV)/bin/mypy

pytest: install-test
	mkdir -p var/static
	$(VENV)/bin/pytest

# County-scale timings of the worker pages (see bench/run.py); reported, never asserted.
bench: install messages
	mkdir -p var
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules build var
