# Two commands: `make run` and `make test`. Both create .venv and install the project first, pinned
# (requirements.lock; requirements-dev.lock for the test and lint tools) by scripts/install, the same script
# the Dockerfile runs. `make run` installs only what running needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint format migrate migration tick clean

$(RUN_STAMP): pyproject.toml requirements.lock scripts/install
	PYTHON=$(PYTHON) scripts/install $(VENV) run
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP) requirements-dev.lock
	PYTHON=$(PYTHON) scripts/install $(VENV) dev
	touch $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/mentor-bot serve

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast tier: pure rules, domain, services and storage, in-process (no HTTP server, no fake Slack).
test-fast: $(STAMP)
	$(BIN)/python -m pytest tests/bot tests/storage tests/fakes -m "not postgres" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint --no-color Dockerfile

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(RUN_STAMP)
	$(BIN)/mentor-bot migrate

tick: $(RUN_STAMP)
	$(BIN)/mentor-bot tick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Autogenerate a migration from storage/models.py: make migration m="add pairs"
migration: $(STAMP)
	$(BIN)/python -c "import sys, tempfile; from storage.db import make_engine; from storage.migrate import new_revision; new_revision(make_engine('sqlite:///' + tempfile.mkdtemp() + '/rev.db'), sys.argv[1])" "$(m)"
