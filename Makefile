# Two commands: `make run` starts everything on the embedded default; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
# npm scripts (API dump and check) call `uv` by name: make the one installed below findable.
export PATH := $(dir $(UV)):$(PATH)
PY_APPS := packages/platform-core gateway services/case-service services/investment-service services/trade-service
PORT ?= 8000

.PHONY: help run test install spa test-python test-python-sqlite test-python-postgres test-deploy test-contract test-frontend test-e2e test-fresh-clone test-prerequisites test-lane-suites test-lane-stacks lint deploy-check clean

help:
	@echo "make run   - install, migrate, seed demo data and start gateway + services on http://127.0.0.1:$(PORT)"
	@echo "make test  - every test (PostgreSQL too when TEST_DATABASE_URL is set)"

$(UV):
	python3 -m pip install --quiet --user "uv==$(UV_VERSION)" || python3 -m pip install --quiet "uv==$(UV_VERSION)"

install: $(UV)
	$(UV) sync --frozen

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

# The SPA is rebuilt only when a source, the build configuration or the installed packages changed.
SPA_SOURCES := $(shell find frontend/src frontend/public frontend/pwa -type f 2>/dev/null) frontend/index.html \
	frontend/vite.config.ts frontend/package.json $(wildcard frontend/tsconfig*.json frontend/env.d.ts)
frontend/dist/index.html: frontend/node_modules/.package-lock.json $(SPA_SOURCES)
	cd frontend && npm run build
	touch $@

spa: frontend/dist/index.html

run: install spa
	$(UV) run python scripts/stack.py --port $(PORT)

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check packages services gateway scripts bench deploy

# Each app's suite runs in its own pytest process: its own conftest, its own schema.
test-python-sqlite: install
	bash scripts/ensure-office.sh
	@set -e; for app in $(PY_APPS); do \
	  if [ -d $$app/tests ]; then echo "== $$app (SQLite)"; env -u TEST_DATABASE_URL $(UV) run pytest $$app/tests -q -p no:cacheprovider; fi; \
	done

test-python-postgres: install
	@set -e; if [ -n "$$TEST_DATABASE_URL" ]; then for app in $(PY_APPS); do \
	  if [ -d $$app/tests ]; then echo "== $$app (PostgreSQL)"; $(UV) run pytest $$app/tests -q -p no:cacheprovider; fi; \
	done; else echo "TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

# The deployment checks (replicas behind HAProxy, PgBouncer, the manifests, backup and restore): processes and
# databases of their own.
test-deploy: install
	bash scripts/ensure-pgbouncer.sh
	bash scripts/ensure-kubectl.sh
	@echo "== deploy"; env -u TEST_DATABASE_URL $(UV) run pytest deploy/tests -q -p no:cacheprovider

# The PostgreSQL suites and the deployment checks share nothing but the server: they run side by side.
test-python: test-python-sqlite
	$(MAKE) --no-print-directory -j2 --output-sync=target test-python-postgres test-deploy

# Schemathesis over the merged OpenAPI against the running stack, as a city and a county officer: no 5xx,
# no undocumented status, no response outside its schema. On PostgreSQL when TEST_DATABASE_URL is set.
test-contract: install
	$(UV) run python scripts/contract_check.py $(CONTRACT_ARGS)

# check:bundle reads the build: what the sign-in and visit screens download, gzipped, within the budget.
test-frontend: frontend/node_modules/.package-lock.json spa
	cd frontend && npm run typecheck && npm run test:unit && npm run check:api && npm run check:bundle

test-e2e: install spa
	bash frontend/scripts/ensure-browser.sh
	bash scripts/ensure-office.sh
	cd frontend && npm run test:e2e

# A new user's first step: a clone in an empty folder starts with `make run` alone and serves a sign-in.
test-fresh-clone:
	bash scripts/fresh-clone-check.sh

# Two lanes side by side on the build machine's two cores, sharing nothing but the PostgreSQL server (each suite
# and stack has its own databases, ports and Redis index): the pytest suites on SQLite then PostgreSQL, the contract
# run and the SPA's checks; the deployment checks and the browser tests. Before them, side by side too, the fresh
# clone's `make run` and what the lanes need installed once (system packages, the SPA's build), so the lanes never
# queue on apt or build the SPA twice.
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-fresh-clone test-prerequisites
	$(MAKE) --no-print-directory -j2 --output-sync=target test-lane-suites test-lane-stacks

test-prerequisites: install spa
	bash scripts/ensure-office.sh
	bash scripts/ensure-pgbouncer.sh
	bash scripts/ensure-kubectl.sh
	bash frontend/scripts/ensure-browser.sh

test-lane-suites:
	$(MAKE) --no-print-directory test-python-sqlite
	$(MAKE) --no-print-directory test-python-postgres
	$(MAKE) --no-print-directory test-contract
	$(MAKE) --no-print-directory test-frontend

test-lane-stacks:
	$(MAKE) --no-print-directory test-deploy
	$(MAKE) --no-print-directory test-e2e

clean:
	rm -rf var frontend/dist
