# The two commands: `make demo` runs the system, `make test` tests it.
# Nothing but Python 3.11 and make is needed; without DATABASE_URL/CELERY_BROKER_URL the
# demo uses SQLite and a filesystem broker under var/, and the tests SQLite and memory://.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The address in the e-mails' links: the demo's own unless set (a proxy's, for instance).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: demo test install lint docs-workflow openapi messages clean bench screenshots restarts backup restore

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo_data
	@echo
	@echo "  Lokale Regie draait op http://$(HOST):$(PORT)/  (beheer: http://$(HOST):$(PORT)/admin/)"
	@echo "  Demo-accounts (wachtwoord: demo-wachtwoord):"
	@echo "    aanvrager           regisseur.kortrijk  (jaarverslagen, betalingen, terugvordering)"
	@echo "    afgesloten dossier  regisseur.sintniklaas"
	@echo "    deelnemende gemeente gemeente.kuurne"
	@echo "    dossierbehandelaar  behandelaar"
	@echo "    tweede behandelaar  behandelaar2"
	@echo "    beslisser           beslisser"
	@echo "    tweede beslisser    beslisser2"
	@echo "    beheerder           beheerder"
	@echo "  Een herinnering zien vertrekken: $(BIN)/python manage.py send_reminders in een tweede"
	@echo "  venster (--dry-run toont eerst wat verschuldigd is); de e-mail verschijnt in dat venster"
	@echo "  en onder 'Mijn meldingen' van de aanvrager."
	@echo "  Ctrl-C stopt webserver, Celery-worker en Celery beat samen."
	@echo
	HOST=$(HOST) PORT=$(PORT) SITE_URL=$(SITE_URL) $(BIN)/honcho -f Procfile.demo start

# One test process per core (pytest-xdist), fed one test at a time, the long ones first
# (tests/conftest.py::longest_first); a module whose fixture is costly keeps its tests on one
# worker with an xdist_group mark. See the README for how long it takes.
test: install
	$(BIN)/pytest -n auto --dist loadgroup

# The benchmark (needs PostgreSQL and Redis on 127.0.0.1; about 20 minutes, 10 of them the deadline
# night with everyone: BENCH_POPULATION_SECONDS shortens that): see docs/performance.md.
bench: install
	$(BIN)/python bench/run.py

# PostgreSQL, Redis and the Celery worker restarted under load, in a cluster and Redis of its
# own on 127.0.0.1 (needs pg_createcluster, redis-server; root): see docs/reliability.md.
restarts: install
	$(BIN)/python bench/restarts.py

# A backup into DIR (new or empty), and its restore into an empty database and media folder
# (FORCE=1 replaces what is there): see docker/README.md.
backup: install
	$(BIN)/python manage.py backup $(DIR)

restore: install
	$(BIN)/python manage.py restore $(DIR) $(if $(FORCE),--force)

# Retake docs/screenshots/ from the browser tests (needs Chromium).
screenshots: install
	SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest -m browser tests/test_browser_applicant.py tests/test_browser_review.py

lint: install
	$(BIN)/ruff check .

docs-workflow: install
	$(BIN)/python manage.py workflow_diagram
	$(BIN)/python manage.py aftercare_diagram

openapi: install
	$(BIN)/python manage.py spectacular --file docs/openapi.yaml --validate --fail-on-warn

# After changing user-facing text: refresh locale/en/LC_MESSAGES/django.po, translate the new
# entries, then run this again to compile django.mo (committed; needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf var/ $(VENV)
