# Xiaoneng — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
NPM ?= npm
WEBUI := internal/webui/dist/index.html
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: run test generate schema check-generated vet go-test fuzz frontend-test e2e screenshots build bench

## run: install frontend deps, build the SPA if stale, run the server (SQLite + demo data in ./data)
run: $(WEBUI)
	$(GO) run ./server

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

$(WEBUI): frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && $(NPM) run build

## build: the server binary with the SPA embedded, in bin/
build: $(WEBUI)
	$(GO) build -o bin/xiaoneng ./server

## generate: ent, gqlgen, migrations and the frontend's typed operations, from the schema
generate: frontend/node_modules/.package-lock.json
	$(GO) run ./ent/entc.go
	mkdir -p graph/model # gqlgen validates this package even when it generates no models
	$(GO) tool gqlgen generate
	scripts/with-postgres.sh $(GO) run ./internal/store/migrategen
	cd frontend && $(NPM) run codegen

## test: everything CI checks (installs postgresql, chromium and a CJK font when missing)
test:
	scripts/install-test-deps.sh
	$(MAKE) check-generated
	$(MAKE) vet
	$(MAKE) go-test
	$(MAKE) fuzz
	$(MAKE) frontend-test
	$(MAKE) e2e
	@echo "make test: all checks passed"

## schema: publish the served schema as docs/schema.graphqls (after a compatible change; TestPublishedSchema says when)
schema:
	$(GO) run ./graph/sdl

check-generated: generate
	@if [ -n "$$(git status --porcelain -- ent graph frontend/src/graphql go.mod go.sum)" ]; then \
		echo "generated code is stale; run 'make generate' and commit:"; \
		git status --porcelain -- ent graph frontend/src/graphql go.mod go.sum; \
		git --no-pager diff --stat -- ent graph frontend/src/graphql go.mod go.sum; exit 1; fi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

## go-test: Go tests on SQLite and on a throwaway PostgreSQL cluster
go-test:
	scripts/with-postgres.sh $(GO) test -count=1 -timeout 15m ./...

## fuzz: GraphQL documents and variables fuzzed against the real handler for FUZZTIME
## (no 5xx, no INTERNAL, every error coded); the seeds run in go-test too
FUZZTIME ?= 45s
fuzz:
	$(GO) test ./internal/app -run '^$$' -fuzz '^FuzzGraphQL$$' -fuzztime $(FUZZTIME)

frontend-test: $(WEBUI)
	cd frontend && $(NPM) run typecheck && $(NPM) test

## e2e: Chromium end-to-end tests against the real server with the demo data (screenshots to a temporary folder)
e2e: $(WEBUI)
	scripts/e2e.sh

## screenshots: the end-to-end tests, refreshing docs/screenshots (commit the result)
screenshots: $(WEBUI)
	SCREENSHOT_DIR=$(CURDIR)/docs/screenshots scripts/e2e.sh
