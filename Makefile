# logiserve: two commands on a fresh machine.
#   make lab    set everything up, then open the learner's course in JupyterLab
#   make test   set everything up, then run every test
#   make bench  set everything up, then run the benchmarks in bench/ (bench_*.py) and print their figures
#   make demo   set everything up, then run the tutor workflow for a simulated cohort and print where the report is
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
HOST := 127.0.0.1
PORT ?= 8888
LAB_DIR ?= lab
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
export PATH := $(BIN):$(PATH)

.PHONY: lab test test-attacks bench demo setup chromium node axe system-packages validity-table clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e ".[test]"
	mkdir -p $(VENV)/share/jupyter/lab/settings
	printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# Debian's Chromium for the browser tests (never a browser download of Playwright's own).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Node packages, from the npm registry (never a CDN), kept under .venv so `make clean` removes them:
# axe-core for the accessibility browser tests, and configurable-http-proxy, JupyterHub's proxy, for
# the hub end-to-end test (5.2: the newest whose dependencies support Debian's Node 20). Installed
# together (npm prunes what one --no-save install does not name), and again only when one is
# missing or at another version.
AXE_VERSION := 4.14.1
CHP_VERSION := 5.2.0
NODE_DIR := $(VENV)/node/node_modules
node: $(STAMP)
	@grep -qs '"version": "$(AXE_VERSION)"' $(NODE_DIR)/axe-core/package.json \
	 && grep -qs '"version": "$(CHP_VERSION)"' $(NODE_DIR)/configurable-http-proxy/package.json \
	 && test -x $(NODE_DIR)/.bin/configurable-http-proxy || { \
		command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js and npm (apt-get install nodejs npm)"; exit 1; }; \
		echo "Installing axe-core $(AXE_VERSION) and configurable-http-proxy $(CHP_VERSION)"; \
		npm install --no-save --no-audit --no-fund --prefix $(VENV)/node \
			axe-core@$(AXE_VERSION) configurable-http-proxy@$(CHP_VERSION); }
axe: node

# Debian's PostgreSQL server programs for the PostgreSQL gradebook test (which starts and stops its own
# throwaway server; no system service is used), and the system's Python with venv for the hub test
# (the course's Python on a hub must be readable by every user).
system-packages:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || { \
		echo "Installing Debian's postgresql and python3-venv for the gradebook and hub tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			postgresql python3 python3-venv; }

lab: $(STAMP)
	$(BIN)/logiserve learner-copy $(LAB_DIR)
	@echo
	@echo "JupyterLab is starting on http://$(HOST):$(PORT)/lab (open the URL with the token printed below)."
	@echo "Your work is kept in ./$(LAB_DIR); running 'make lab' again never overwrites it."
	@echo
	cd $(LAB_DIR) && $(BIN)/jupyter lab --ip=$(HOST) --port=$(PORT) --no-browser $(ROOT_FLAG)

# Two pytest runs side by side: the browser suites (tests/browser, tests/hub) mostly wait on
# JupyterLab, the hub and Chromium, while the rest runs in two pytest workers (a test file stays
# in one worker: a notebook's cells run in order in one kernel) and keeps both cores busy. Their output is printed
# after the rest's; `make test` fails if either run fails (pytest's 5, nothing collected, included).
BROWSER_SUITES := tests/browser tests/hub
test: $(STAMP) chromium node system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/python -m pytest $(BROWSER_SUITES) -p no:cacheprovider > $(VENV)/browser-tests.log 2>&1 & browsers=$$!; \
	$(BIN)/python -m pytest -n 2 --dist loadfile $(addprefix --ignore=,$(BROWSER_SUITES)); rest=$$?; \
	wait $$browsers; browser_status=$$?; \
	echo; echo "== $(BROWSER_SUITES), run alongside the rest:"; cat $(VENV)/browser-tests.log; \
	test $$rest -eq 0 && test $$browser_status -eq 0

# Every learner-code attack on both bases of every assignment, graded all three ways (make test grades a part).
test-attacks: $(STAMP)
	LOGISERVE_ATTACKS=all $(BIN)/python -m pytest tests/integrity/test_learner_code.py -p no:cacheprovider

# What cheap strategies (guessing) are expected to earn on every graded item: docs/validity.md, which a test checks.
validity-table: $(STAMP)
	$(BIN)/python -m tests.validity.table

# Benchmarks report speed; they fail only when a script cannot run, never on a target.
bench: $(STAMP)
	@for script in bench/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python "$$script" || exit 1; \
		echo; \
	done

# The README's tutor walk-through, for a simulated cohort: LEARNERS=10 make demo for a quick one.
LEARNERS ?= 40
demo: $(STAMP)
	rm -rf $(CURDIR)/demo-run
	$(BIN)/logiserve demo --learners $(LEARNERS) --folder $(CURDIR)/demo-run

clean:
	rm -rf $(VENV) $(LAB_DIR) demo-run course/release course/submitted course/autograded course/feedback course/gradebook.db
