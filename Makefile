# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench

$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(BIN)/.runtime
	$(BIN)/python -m kiosk_core seed-demo --cards data/demo-cards
	$(BIN)/streamlit run kiosk.py

test: $(BIN)/.dev
	scripts/ensure-chromium
	scripts/ensure-axe
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(BIN)/.dev
	$(BIN)/python -m bench.checkins
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.checkin_cost
	$(BIN)/python -m bench.report_year
	$(BIN)/python -m bench.report_year --crowded
	$(BIN)/python -m bench.queue_history
	$(BIN)/python -m bench.photo_memory
	$(BIN)/python -m bench.pictures
	$(BIN)/python -m bench.pin_hashes
	$(BIN)/python -m bench.waits
	$(BIN)/python -m bench.decode
	$(BIN)/python -m bench.scan_time
	$(BIN)/python -m bench.fuzz
	$(BIN)/python -m bench.crash
	$(BIN)/python -m bench.outage
	$(BIN)/python -m bench.sessions
