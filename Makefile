# Kundencenter: two commands for a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export AWS_DEFAULT_REGION ?= eu-central-1
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run api test lint js-check lighthouse format site docs deps chromium bench feedback-report ticket-report billing-run repair-statistics invoice-correction screenshots package deploy rotate-origin-secret clean

$(BIN)/.installed: pyproject.toml functions/portal/requirements.txt functions/documents/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet 'pip==26.2'
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

deps: $(BIN)/.installed node_modules/.installed

site: $(BIN)/.installed node_modules/.installed
	@# no --quiet: it hides warnings, and --strict then has none to count (an omitted page would pass)
	$(BIN)/mkdocs build --strict

run: deps site
	PORT=$(PORT) $(BIN)/python -m local.devserver

# The API alone under `chalice local`, against the embedded AWS of a running `make run`.
api: $(BIN)/.installed
	@test -f .local/stack.env || { echo "Erst \`make run\` in einem anderen Terminal starten." >&2; exit 1; }
	source .local/stack.env && cd functions/portal && \
	  ../../$(BIN)/chalice local --no-autoreload --port $(or $(API_PORT),8001)

docs: $(BIN)/.installed node_modules/.installed
	$(BIN)/mkdocs serve -f mkdocs.editors.yml --dev-addr 127.0.0.1:$(or $(DOCS_PORT),8001)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Our JavaScript: ESLint (eslint.config.js) over docs/assets/javascripts/ and tests/js/, then the Node unit
# tests (tests/js/*.test.js: the portal's pure helpers, and search-de-rules.js against the vectors the
# Python search hook writes into tests/js/generated/ first).
js-check: deps
	$(BIN)/python -m tests.js.write_search_vectors
	node_modules/.bin/eslint docs/assets/javascripts tests/js eslint.config.js
	node --import ./tests/js/setup.js --test tests/js/*.test.js

# Lighthouse (npm package) in Debian's Chromium, headless, on a local stack it starts and stops: scores of
# the home page, a help article and Anmelden as a table (tools/lighthouse.py). A figure, not in `make test`.
# Lighthouse's default is a throttled phone; DESKTOP=1 uses its desktop preset.
lighthouse: deps chromium site
	CHROME_PATH=$$(command -v chromium) $(BIN)/python -m tools.lighthouse $(if $(DESKTOP),--desktop)

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Two workers (xdist): the local stack's tests on one, the other Chromium tests on one, the rest
# spread over both (groups in tests/browser_fixtures.py; DECISIONS.md, Tests).
test: deps chromium lint js-check site
	$(BIN)/pytest -n $(or $(TEST_WORKERS),2) --dist loadgroup --durations=20 --cov --cov-report=term

bench: deps
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Feedback on the help articles, most "Nein" first: reads the running local stack (.local/stack.env,
# written by `make run`), or the tables of the environment when KC_TABLE_PREFIX etc. are set.
feedback-report: $(BIN)/.installed
	@$(BIN)/python -m tools.feedback_report

# Support tickets per category: count, median first response and resolution time, tickets still without
# an answer; reads the running local stack (.local/stack.env) or the environment's tables, as above.
ticket-report: $(BIN)/.installed
	@$(BIN)/python -m tools.ticket_report

# The monthly billing run against the running local stack (.local/stack.env); PERIOD=2026-12, default:
# the current month. Idempotent per period: again creates nothing (chalicelib/billing).
billing-run: $(BIN)/.installed
	@$(BIN)/python -m tools.billing_run $(if $(PERIOD),--period $(PERIOD))

# Recount one customer's order statistics from its orders (chalicelib/statistics/repair.py) against the
# running local stack (.local/stack.env): make repair-statistics CUSTOMER=100001
repair-statistics: $(BIN)/.installed
	@$(BIN)/python -m tools.repair_statistics $(CUSTOMER)

# A Rechnungskorrektur of one issued invoice against the running local stack (.local/stack.env):
# CUSTOMER=100001 INVOICE=2026-000123 REASON="…" [NET_CENTS=1000 | LINES=1,2]; neither: Storno of the
# whole invoice. Numbered with the invoices, PDF stored and mailed (chalicelib/invoices/corrections.py).
# The values reach the tool through the environment (command-line variables are exported), so quotes
# in REASON stay text.
invoice-correction: $(BIN)/.installed
	@$(BIN)/python -m tools.correction --customer "$$CUSTOMER" --invoice "$$INVOICE" --reason "$$REASON" \
		$(if $(NET_CENTS),--net-cents "$$NET_CENTS") $(if $(LINES),--lines "$$LINES") $(if $(KEY),--key "$$KEY")

# The articles' screenshots again (list: tools/screenshots.yml), from a local stack of its own with the demo data.
screenshots: deps chromium site
	@test -f /usr/lib/chromium/locales/de.pak || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium-l10n >/dev/null; }
	$(BIN)/python -m tools.screenshots $(if $(ONLY),--only $(ONLY))

# Production (README, "Betrieb in AWS"): the stage's one CloudFormation template, the code zip (Python 3.12,
# with .pyc) and the built site in dist/$(STAGE)/ (infra/package.py; DOMAIN_NAME sets the site's URL).
STAGE ?= prod
package: deps
	$(BIN)/python infra/package.py --stage $(STAGE) $(if $(DOMAIN_NAME),--site-url https://$(DOMAIN_NAME)/)

# Package, then create or update everything of the stage (infra/deploy.sh: the WAF stack, the stack, the site).
deploy: package
	STAGE=$(STAGE) infra/deploy.sh deploy

# A new origin secret for CloudFront -> API; the old one stays valid until CloudFront sends the new one.
rotate-origin-secret:
	STAGE=$(STAGE) infra/deploy.sh rotate-origin-secret

clean:
	rm -rf site dist .build .pytest_cache .mypy_cache .ruff_cache .coverage
