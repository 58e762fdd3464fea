# Wistara: `make run` for a demo on http://127.0.0.1:8000, `make test` for the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
ADDR ?= 127.0.0.1:8000

.PHONY: run setup test lint check-deploy messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# A local .env for the demo: a fresh secret, DEBUG off, plain http on 127.0.0.1.
.env:
	$(BIN)/python -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" > .env
	printf 'DEBUG=0\nHTTPS=0\nALLOWED_HOSTS=127.0.0.1,localhost\n' >> .env

# Issue 10: a restart does only what changed. Loading the regions, importing the instrument and
# processing the static files run again only when their inputs are newer than their stamp in
# var/stamps; migrate always runs (a no-op takes a second, and it knows the database's state).
# A SQLite database that is gone takes the stamps with it; after dropping a PostgreSQL database
# (DATABASE_URL), remove var/stamps yourself (or `make clean`).
STAMPS := var/stamps
ENV_VALUE = $(shell sed -n 's/^$(1)=//p' .env 2>/dev/null | tail -1)
DB_URL := $(or $(DATABASE_URL),$(call ENV_VALUE,DATABASE_URL))
DB_FILE := $(or $(SQLITE_PATH),$(call ENV_VALUE,SQLITE_PATH),var/wistara.sqlite3)
ifeq ($(DB_URL),)
ifeq ($(wildcard $(DB_FILE)),)
$(shell rm -rf $(STAMPS))
endif
endif
INSTRUMENT := wistara/instruments/data/instrumen-kks-2025.xlsx
STATIC_INPUTS := $(shell find static wistara -path '*/static/*' -type f 2>/dev/null)

$(STAMPS)/regions: $(wildcard wistara/regions/data/*.csv.gz) $(STAMP)
	$(MANAGE) load_regions
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/instrument: $(INSTRUMENT) $(STAMP)
	$(MANAGE) import_instrument $(INSTRUMENT) --code KKS-2025
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/static: $(STATIC_INPUTS) $(STAMP)
	$(MANAGE) collectstatic --noinput --verbosity 0
	@mkdir -p $(STAMPS) && touch $@

setup: $(STAMP) .env
	$(MANAGE) migrate --noinput
	@$(MAKE) --no-print-directory $(STAMPS)/regions $(STAMPS)/instrument $(STAMPS)/static

run: setup
	@$(MANAGE) seed_demo
	@echo "Serving Wistara on http://$(ADDR)/ (Ctrl+C to stop)"
	@# The worker (django-tasks: evidence checks, issue 16; notifications, issue 12) and the
	@# scheduler of the deadline scan run beside the web server and stop with it.
	$(MANAGE) run_worker -- --no-reload & worker=$$!; \
	$(MANAGE) run_due_jobs & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(ADDR) --workers 2 --access-logfile -

test: $(STAMP)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# Issue 15: mypy with the project's configuration (pyproject.toml, django-stubs' plugin) must
# report no error; its cache in .mypy_cache makes a second run take seconds.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

check-deploy: $(STAMP)
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	ALLOWED_HOSTS=wistara.example.go.id HTTPS=1 $(MANAGE) check --deploy --fail-level WARNING

messages: $(STAMP)
	$(MANAGE) makemessages -l id --ignore '.venv/*' --ignore 'bench/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles $(STAMPS)
