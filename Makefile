# The two commands: `make run` (the whole portal on an embedded database and broker) and `make test`;
# `make dev` is `make run` for developers (debug server, reloading, DEBUG on).
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
MANAGE := $(BIN)/python manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run dev test lint install assets messages setup backup restore clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

# Locked dependencies (uv.lock); re-synced whenever the lock changes.
$(VENV)/.synced: uv.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv sync --frozen --quiet
	touch $@

install: $(VENV)/.synced

# Front-end packages come from the npm registry at build time (package-lock.json) and are copied
# into static/vendor, which is not committed.
# The source maps go along: the manifest storage of production settings rewrites the files' references
# to them and fails on a missing one. The Dockerfile runs the copy step with its own node_modules
# (`make -o node_modules/.package-lock.json -o .venv/.synced BIN=/opt/venv/bin static/vendor/.built`).
# The documents' font: fontsource ships Tinos cut into subsets by script; fontTools (a WeasyPrint
# dependency) joins the latin, latin-ext and vietnamese subsets of each face into one font, so a line of
# Vietnamese is drawn in one font, not switching file at every accented letter.
TINOS := node_modules/@fontsource/tinos/files

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/.built: node_modules/.package-lock.json Makefile | $(VENV)/.synced
	rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/fonts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
	   static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	for face in 400-normal 400-italic 700-normal 700-italic; do \
	  $(BIN)/python -m fontTools.merge --output-file=static/vendor/fonts/tinos-$$face.ttf \
	    $(foreach subset,latin latin-ext vietnamese,$(TINOS)/tinos-$(subset)-$$face.woff) || exit 1; \
	done
	touch $@

assets: static/vendor/.built

messages: install
	$(MANAGE) compilemessages --locale vi --ignore '.venv/*' --ignore 'node_modules/*' --verbosity 0

setup: install assets messages
	mkdir -p var
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) seed_demo

# As users will see it: DEBUG off, gunicorn, one console line a request plus warnings and errors.
run: setup
	@echo "Serving http://127.0.0.1:$(PORT)/ (web, Celery worker and beat) — Ctrl-C stops all of them."
	DEBUG=0 LOG_LEVEL=WARNING $(BIN)/honcho start -f Procfile -p $(PORT)

dev: setup
	@echo "Debug server on http://127.0.0.1:$(PORT)/ (web, Celery worker and beat) — Ctrl-C stops all of them."
	$(BIN)/honcho start -f Procfile.dev -p $(PORT)

test: install assets messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	msgfmt --check-format -o /dev/null tamky_kdc/locale/vi/LC_MESSAGES/django.po

backup: install
	$(MANAGE) backup $(if $(TO),--to $(TO),)

restore: install
	@test -n "$(FROM)" || (echo "usage: make restore FROM=var/backups/kdc-backup-....tar.gz" && exit 2)
	$(MANAGE) restore $(FROM)

clean:
	rm -rf $(VENV) node_modules static/vendor var
