# The two commands of the README: `make run` and `make test`. Both set up .venv first, from the
# lock files (requirements.txt, requirements-dev.txt): every package pinned, every file hashed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_INSTALL := $(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes
# pip-compile has a venv of its own: only `make lock` needs it, and it stays out of the app's.
LOCK_BIN := .venv-lock/bin
# The locks are made from PyPI alone: this machine's pip also reads local wheel folders
# (PIP_FIND_LINKS, pip.conf), and a lock must name only files every machine can fetch.
COMPILE := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_BIN)/pip-compile -q --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test bench lock

$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

run: $(BIN)/.runtime
	$(BIN)/python -m kiosk_core seed-demo --cards data/demo-cards
	$(BIN)/streamlit run kiosk.py

test: $(BIN)/.dev
	scripts/ensure-chromium
	scripts/ensure-axe
	$(BIN)/ruff check .
	$(BIN)/pytest

# After editing requirements.in or requirements-dev.in: pins what they name and all it needs.
lock:
	test -x $(LOCK_BIN)/pip-compile || { $(PYTHON) -m venv .venv-lock && $(LOCK_BIN)/pip install -q pip-tools==7.7.0; }
	$(COMPILE) -o requirements.txt requirements.in
	$(COMPILE) -o requirements-dev.txt requirements-dev.in

bench: $(BIN)/.dev
	$(BIN)/python -m bench.checkins
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.checkin_cost
	$(BIN)/python -m bench.report_year
	$(BIN)/python -m bench.report_year --crowded
	$(BIN)/python -m bench.queue_history
	$(BIN)/python -m bench.board_refresh
	$(BIN)/python -m bench.chart_read
	$(BIN)/python -m bench.plan_checkin
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
