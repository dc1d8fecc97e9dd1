# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test serve backup restore lint format bench ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the pins change.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

## run: set up, load the real data (never overwriting staff edits) and serve on 127.0.0.1:8000
run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_bills
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: run every test (SQLite unless DATABASE_URL says otherwise), one worker per core
TEST_WORKERS ?= auto
test: $(STAMP)
	DJANGO_SECRET_KEY=test-only-not-secret $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## serve: a production-like run under gunicorn (threaded workers, gunicorn.conf.py), debug off
serve: $(STAMP)
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-only-not-secret} $(BIN)/python manage.py migrate --noinput
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-only-not-secret} $(BIN)/python manage.py load_bills
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-only-not-secret} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-only-not-secret} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	$(BIN)/gunicorn billtracker.wsgi --config gunicorn.conf.py

# Management commands outside `make serve` need a key only to start; they sign nothing.
MANAGE := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-manage-only-not-secret} $(BIN)/python manage.py

## backup: a consistent copy of the whole database into backups/ (or FILE=…), while the site runs
backup: $(STAMP)
	$(MANAGE) backup $(FILE)

## restore: replace the whole database with a backup (asks first): make restore FILE=backups/…
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "Say which backup to restore: make restore FILE=backups/billtracker-…"; exit 2; }
	$(MANAGE) restore "$(FILE)"

## lint: ruff check and format check
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## ci: exactly what CI runs (.ci/run): data check, lint, migrations, deploy check, tests on both databases
ci:
	bash .ci/run

## bench: every public page under gunicorn at 10,000 bills, cold and cached, beside a bare view (bench/README.md)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/billtracker_bench
bench: $(STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/serve.py $(BENCH_ARGS)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
