# Set-up and everyday commands. Each target creates the virtual environment it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint run clean bench bench-quick soak

# Some shells set it (this project's CI machines do); then every test worker and every process
# a test starts compiles all of Python's sources again, and pytest rewrites every test module's
# asserts again: seconds of CPU each, a fifth of the suite's time on 2 cores.
unexport PYTHONDONTWRITEBYTECODE

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## play the Mojokerto forum against the local sandbox (no token needed)
	$(BIN)/python main.py demo

test: $(STAMP)  ## run the whole test suite (four workers: its tests mostly wait, see README)
	$(BIN)/python -m pytest -q -n 4 --dist worksteal --durations=15

lint: $(STAMP)  ## ruff, mypy --strict and the import contracts (pyproject.toml)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

bench: $(STAMP)  ## benchmark suite against the sandbox (about 11 min on 2 cores; bench-output/results.json)
	$(BIN)/python -m bench

bench-quick: $(STAMP)  ## the benchmark suite with fewer runs (about 2.5 min)
	$(BIN)/python -m bench --quick

soak: $(STAMP)  ## 20 broadcasts of 300 under Telegram's limits while members write (~5 min)
	$(BIN)/python -m pytest -q -m soak

run: $(STAMP)  ## run the real bot (needs BOT_TOKEN in the environment or .env)
	$(BIN)/python main.py run

# Everything the project generates; never data/, which holds the database (DATABASE_URL's
# default): deleting a user's data must be their own act.
clean:  ## remove the virtual environment, caches, demo-output/, bench-output/ and test-output/ (keeps data/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build demo-output bench-output test-output
	rm -rf *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	@if [ -d data ]; then echo "kept data/: it holds the database; delete it yourself to start afresh"; fi
