# Two commands matter: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
POT := $(VENV)/messages.pot

.PHONY: run init test test-any-day lint bench catalogs clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; try 'make PYTHON=python3'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m conversations.understanding
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

# A few questions (the policy, Telegram, WhatsApp, the admins), then a .env to start from.
init: $(STAMP)
	$(BIN)/python -m bot init

test: $(STAMP)
	$(BIN)/python -m conversations.understanding
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check bot conversations tests bench
	$(BIN)/mypy

# The suite again with the system clock 400 days and 4 years ahead (Debian's faketime, wall
# time only: faked monotonic clocks hang asyncio's timers; tests/faketime mends time.sleep).
# A test that expires fails here.
FAKETIME := FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=$(CURDIR)/tests/faketime faketime
test-any-day: $(STAMP)
	@command -v faketime >/dev/null 2>&1 || { echo "make: faketime not found; apt-get install faketime"; exit 1; }
	$(FAKETIME) '+400 days' $(BIN)/python -m pytest -q
	$(FAKETIME) '+4 years' $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bot conversations tests bench
	$(BIN)/ruff format --check bot conversations tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/load.py
	$(BIN)/python bench/turns.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/understanding.py
	$(BIN)/python bench/answers.py
	$(BIN)/python bench/desk.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/telegram_limits.py
	$(BIN)/python bench/bytes.py

# Refresh the catalogues after changing interface strings, then translate the new
# entries in locales/ar (the test suite refuses a missing Arabic translation).
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F locales/babel.cfg -k N_ -k C_:1c,2 --no-location --sort-output -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d locales -D messages --no-fuzzy-matching --ignore-obsolete --no-wrap

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
