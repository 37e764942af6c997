# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Where `make run` serves: `make run PORT=8001` when 8000 is taken.
PORT ?= 8000

.PHONY: run port-free test build validate docs lint bench clean chromium virtuoso notebooks notebooks-open

# Each long step says what it is doing first; pip itself stays quiet.
$(BIN)/python:
	@echo "Creating $(VENV) ..."
	$(PYTHON) -m venv $(VENV)
	@echo "Upgrading pip in $(VENV) ..."
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing thbkg and its dependencies into $(VENV) (about 30 s the first time) ..."
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing thbkg with the test tools into $(VENV) (about a minute the first time) ..."
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

## run: check the port is free, install, build and validate the graph, print its summary, then serve it on 127.0.0.1:$(PORT)
run: port-free $(STAMP)
	$(BIN)/thbkg build
	$(BIN)/thbkg serve --port $(PORT)

# port-free: one line and a stop, before any install or build, when $(PORT) is taken
# (standard library only, so the system Python answers it before .venv exists)
port-free:
	@PYTHONPATH=src $(PYTHON) -m thbkg.serve.port --port $(PORT)

build: $(STAMP)
	$(BIN)/thbkg build

validate: $(STAMP)
	$(BIN)/thbkg validate

## docs: rebuild, then regenerate the generated pages in docs/ (ontology reference, saved queries)
docs: $(STAMP)
	$(BIN)/thbkg build && $(BIN)/thbkg docs

## test: install with test extras and run the whole suite (ruff and mypy included)
test: $(TEST_STAMP) chromium virtuoso
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# chromium: the browser test's headless Chromium (Debian package); the test skips if it cannot be installed
chromium:
	@test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; } \
		|| echo "chromium could not be installed: the browser test will be skipped"

# virtuoso: Debian's Virtuoso, which the publish tests start on 127.0.0.1; they skip if it cannot be installed
virtuoso:
	@test -x /usr/bin/virtuoso-t || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource-7; } \
		|| echo "virtuoso-opensource-7 could not be installed: the Virtuoso publish tests will be skipped"

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench

## bench: the build at 10, 100 and 1,000 synthetic reports with both engines, the rebuild after one change and the
## endpoint against oxigraph serve-read-only (one table), then stage timings, export, endpoint and page times on the seeds
bench: $(TEST_STAMP)
	$(BIN)/python bench/scale.py --endpoint
	$(BIN)/python bench/stages.py
	$(BIN)/thbkg build >/dev/null
	$(BIN)/python bench/export.py
	$(BIN)/python bench/endpoint.py
	$(BIN)/python bench/notebooks.py
	$(BIN)/python bench/pages.py

## notebooks: run every notebook in docs/notebooks in place on the build, and write their figures to docs/figures
notebooks: $(TEST_STAMP)
	test -f data/build/thbkg.nq || $(BIN)/thbkg build
	$(BIN)/python -m thbkg.explore.notebooks

## notebooks-open: install JupyterLab (the notebooks extra) and open the notebooks
notebooks-open: $(STAMP)
	@echo "Installing JupyterLab into $(VENV) ..."
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	test -f data/build/thbkg.nq || $(BIN)/thbkg build
	$(BIN)/jupyter lab docs/notebooks

clean:
	rm -rf $(VENV) data/build data/.releases dist
