# Two entry points: `make build` (set up, then build the warehouse on the
# shipped data) and `make test` (everything CI runs).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

.PHONY: build test setup lint pytest docs pictures benchmark-quick benchmark clean

$(BIN)/dbt: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/dbt

build: setup
	$(BIN)/dbt build

lint: setup
	$(BIN)/sqlfluff lint models tests/singular

pytest: setup
	$(BIN)/python -m pytest tests/python

test: build lint pytest

# After `make build`: the docs site as one offline file, and the pictures.
docs: setup
	$(BIN)/dbt docs generate --static
	@echo "docs site: open target/static_index.html in a browser (one file, works offline)"

pictures: setup
	$(BIN)/python scripts/plot_indices.py
# The benchmark of BENCHMARKS.md: --quick (a small synthetic census, under two
# minutes; CI runs it) or the full run. Generated data go to data/synthetic/.
benchmark-quick: setup
	$(BIN)/python scripts/benchmark.py --quick

benchmark: setup
	$(BIN)/python scripts/benchmark.py --with-100m

clean:
	rm -rf target logs
