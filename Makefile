# Everything starts from a plain python3: the first target creates .venv and installs the project.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# what `make test` and `make demo` need: the dev tools and every optional feature
EXTRAS := dev,watch,postgres,web

.PHONY: install demo test lint typecheck architecture bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/magesupport demo --report out/demo-report.html

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# the architecture of docs/architecture.md, as import-linter contracts (pyproject.toml [tool.importlinter])
architecture: $(STAMP)
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy src

test: lint architecture typecheck
	$(BIN)/python -m pytest

bench: $(STAMP)
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache
