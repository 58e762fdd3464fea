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

setup: $(STAMP) .env
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regions
	$(MANAGE) import_instrument wistara/instruments/data/instrumen-kks-2025.xlsx --code KKS-2025
	$(MANAGE) collectstatic --noinput --verbosity 0

run: setup
	@$(MANAGE) seed_demo
	@echo "Serving Wistara on http://$(ADDR)/ (Ctrl+C to stop)"
	$(BIN)/gunicorn config.wsgi --bind $(ADDR) --workers 2 --access-logfile -

test: $(STAMP)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
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
	rm -rf $(VENV) staticfiles
