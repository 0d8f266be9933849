# Two commands: `make demo` serves the demo store, `make test` runs everything CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed
LOCK := requirements.lock
PIP := $(BIN)/pip install --disable-pip-version-check -q -c $(LOCK)
PYTEST_WORKERS ?= 2

.PHONY: demo demo-model test test-fast lint lock bench system-deps services clean

demo: $(RUNTIME_STAMP) system-deps demo-model
	@echo ""
	@echo "ShopTalk demo store: http://127.0.0.1:8000  (talk or type to the store)"
	@echo "From the terminal:   $(BIN)/shoptalk chat            (type as a shopper)"
	@echo "                     $(BIN)/shoptalk chat --user u-19 (as a signed-in shopper)"
	@echo "                     $(BIN)/shoptalk --help           (ask, say, search, store, train, ...)"
	@echo ""
	$(BIN)/shoptalk serve --host 127.0.0.1 --port 8000

test: $(TEST_STAMP) system-deps services demo-model
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# The conversation suite talks to the demo store through its own trained model.
demo-model: $(RUNTIME_STAMP)
	$(BIN)/shoptalk store init-demo --if-missing
	$(BIN)/shoptalk train --if-missing
	$(BIN)/shoptalk train-lm --if-missing

test-fast: $(TEST_STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not slow and not postgres and not llm"

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

bench: $(RUNTIME_STAMP) services
	$(BIN)/python benchmarks/store.py

system-deps:
	@bash scripts/system-deps.sh

services: system-deps
	@bash scripts/services.sh

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# torch first and by itself: the CPU build on the machine, before any range could let pip choose
# a CUDA build.
$(RUNTIME_STAMP): pyproject.toml $(LOCK) | $(VENV)/bin/python
	$(PIP) torch==2.13.0
	$(PIP) -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(LOCK) $(RUNTIME_STAMP)
	$(PIP) -e '.[test]'
	@touch $@

# Pin what the test environment holds now as the tested set (after changing pyproject.toml).
lock: $(TEST_STAMP)
	@{ sed -n '1,2p' $(LOCK); $(BIN)/pip freeze --exclude-editable | grep -v '^#'; } > $(LOCK).new
	@mv $(LOCK).new $(LOCK)

clean:
	rm -rf $(VENV) var build *.egg-info
