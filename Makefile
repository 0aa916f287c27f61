# Two entry points for a fresh clone (Python >= 3.11 and make are all they need):
#   make render   set up .venv and render the default documents in English and Spanish
#   make test     set up .venv and run the checks and the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: render test lint bench prepare reference mutants clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,web]'
	$(BIN)/python -m shim.prepare
	@touch $@

# The shipped workspace's cache entries, beside the package (again after editing shim).
prepare: $(STAMP)
	$(BIN)/python -m shim.prepare

render: $(STAMP)
	$(BIN)/shim render

test: $(STAMP)
	$(BIN)/shim facts check
	$(BIN)/shim i18n check
	$(BIN)/python -m shim.web.catalog check
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/serve.py

# Mutation testing of src/shim/checks and src/shim/docx (about 20 minutes on 2 cores; not CI).
mutants: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutants]'
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python scripts/mutation_score.py

reference: $(STAMP)
	$(BIN)/python scripts/make_reference.py

clean:
	rm -rf $(VENV) out mutants src/shim/_prepared .pytest_cache .mypy_cache .ruff_cache
