# The lab's front door: `make` lists what you can do. Settings, on any target:
#   DB=mysql|mariadb              the server: MySQL 8.4 (default) or MariaDB 11.4
#   IMAGES=official|local         local: stand-ins built from Debian's packages and this machine's Node,
#                                 for machines that cannot pull from an image registry
#   STRATEGY=naive|per-request|pool   how the app gets its connections (default per-request)
#   MODE=kill-idle|...            for make chaos: one of CHAOS_MODES below (make help lists them)
#   CONCURRENCY=32 DURATION=10    for make drill: HTTP connections, and seconds per measured phase

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.PHONY: help up chaos chaos-logs chaos-stop logs ps test drill down clean local-images chaos-settled chaos-stopped

DB ?= mysql
IMAGES ?= official
MODE ?= kill-idle
CONCURRENCY ?= 32
DURATION ?= 10
# How long `make up` waits for the app to be ready (a first MySQL start takes ~30 s).
UP_TIMEOUT ?= 240

# `docker compose` (v2) when it is there, else docker-compose 1.29. The chaos profile is always
# active so that build, ps, logs and down see the chaos service too; `up` names its services.
COMPOSE := $(shell if docker compose version >/dev/null 2>&1; then echo 'docker compose'; else echo docker-compose; fi) --profile chaos

# A value from .env (or .env.example before the first `make up`); the environment wins, as in compose.
env_file = $(firstword $(wildcard .env .env.example))
env_value = $(or $($(1)),$(shell sed -n 's/^[[:space:]]*$(1)[[:space:]]*=[[:space:]]*//p' $(env_file) 2>/dev/null | tail -n 1),$(2))
APP_URL = http://localhost:$(call env_value,APP_PORT,8080)
# The compose project, derived here once and exported: compose would otherwise name it after this
# folder when .env has no COMPOSE_PROJECT_NAME, and the Makefile would look at another lab's containers.
PROJECT := $(call env_value,COMPOSE_PROJECT_NAME,simplerr-lab)
export COMPOSE_PROJECT_NAME := $(PROJECT)
SWITCH_HINT := If DB= or IMAGES= changed since the data volume was made, make clean first (it drops the data).
# The id of a service's container, running or not (the same query for compose v1 and v2; one-off
# `compose run` containers left out).
container = $$(docker ps -aq --filter label=com.docker.compose.project=$(PROJECT) --filter label=com.docker.compose.service=$(1) --filter label=com.docker.compose.oneoff=False | head -n 1)
, := ,
space := $() $()
# Shell lines that set id, running, code (its exit code) and mode for the chaos container; all empty without one.
chaos_state = id=$(call container,chaos); \
	running=$$(docker inspect -f '{{ .State.Running }}' "$$id" 2>/dev/null || true); \
	code=$$(docker inspect -f '{{ .State.ExitCode }}' "$$id" 2>/dev/null || true); \
	mode=$$(docker inspect -f '{{ range .Config.Env }}{{ println . }}{{ end }}' "$$id" 2>/dev/null | sed -n 's/^CHAOS_MODE=//p' || true)
# SIGTERM, so that the chaos undoes its mode; then what it printed from then on, and its exit code.
stop_chaos = $(COMPOSE) stop -t 30 chaos; \
	docker logs "$$id" 2>&1 | sed -n '/: stopping /,$$p' | grep . || docker logs --tail 5 "$$id" 2>&1; \
	code=$$(docker inspect -f '{{ .State.ExitCode }}' "$$id"); \
	echo "chaos exited with code $$code."
# A chaos container that ended with a code other than 0 did not undo its mode (137: it was killed).
# The chaos image's restore program puts back what it left (chaos/src/restore.ts); then the container
# goes, as handled.
undo_dead_chaos = echo "chaos ($$mode) is not running: its container ended with code $$code$$([ "$$code" = 137 ] && echo ', killed' || true), before it could undo its change. Undoing what it left:"; \
	CHAOS_MODE="$$mode" $(COMPOSE) run --rm --no-deps -T chaos node dist/chaos/src/restore.js; \
	docker rm "$$id" >/dev/null
# The chaos modes, from where the chaos program takes them (one list for both; test/e2e/makeSettings.test.ts
# checks that this reads them all).
CHAOS_MODES := $(shell sed -n "s/^export const CHAOS_MODES = \[\(.*\)\] as const;/\1/p" chaos/src/config.ts | tr -d "',")
# $(call check_one_of,NAME,value,allowed words,where it came from): stop unless the value is exactly one
# of them. Values reach shell commands: "pool x'; echo INJECTED" must not pass for containing "pool".
check_one_of = $(if $(filter-out 1,$(words $(2)))$(filter-out $(3),$(2)),$(error $(1)=$(2)$(4): use one of $(3)))
without_digits = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(1)))))))))))
check_whole_number = $(if $(filter 1,$(words $(2))),$(if $(call without_digits,$(2)),$(error $(1)=$(2): use a whole number)),$(error $(1)=$(2): use a whole number))

ifeq ($(filter $(DB),mysql mariadb),)
  $(error DB=$(DB): use DB=mysql or DB=mariadb)
endif
ifeq ($(IMAGES),local)
  # No MySQL server is packaged in Debian: DB=mysql runs the MariaDB stand-in too.
  DB_IMAGE := simplerr-lab/mariadb:10.11-local
  NODE_IMAGE := simplerr-lab/node:20-local
  LOCAL_IMAGES := local-images
  DB_NOTE := $(if $(filter mysql,$(DB)),IMAGES=local: Debian packages no MySQL server$(,) so DB=mysql runs the local MariaDB 10.11 stand-in.)
else ifeq ($(IMAGES),official)
  DB_IMAGE := $(if $(filter mariadb,$(DB)),mariadb:11.4,mysql:8.4)
  NODE_IMAGE := node:20-bookworm-slim
else
  $(error IMAGES=$(IMAGES): use IMAGES=official or IMAGES=local)
endif
# The strategy names, from where the app takes them (one list for both).
STRATEGIES := $(shell sed -n "s/^export const STRATEGIES = \[\(.*\)\] as const;/\1/p" lib/settings/strategies.ts | tr -d "',")
$(if $(CHAOS_MODES),,$(error No chaos modes found in chaos/src/config.ts (export const CHAOS_MODES = [...] as const;)))
$(if $(STRATEGIES),,$(error No strategies found in lib/settings/strategies.ts (export const STRATEGIES = [...] as const;)))
ifdef STRATEGY
  export STRATEGY
endif
export DB_IMAGE NODE_IMAGE
$(call check_one_of,DB,$(DB),mysql mariadb)
$(call check_one_of,MODE,$(MODE),$(CHAOS_MODES))
$(call check_whole_number,CONCURRENCY,$(CONCURRENCY))
$(call check_whole_number,DURATION,$(DURATION))
# What compose takes from .env, checked first: the error names the key as the learner writes it, at
# once (not after a build and a start, or in compose's template). `make help` needs none of it.
ifneq ($(filter-out help local-images,$(or $(MAKECMDGOALS),help)),)
  $(call check_one_of,STRATEGY,$(call env_value,STRATEGY,per-request),$(STRATEGIES),$(if $(filter undefined,$(origin STRATEGY)), in $(env_file)))
  $(foreach key,ROOT_DB_PASSWORD DB_PASSWORD CHAOS_DB_PASSWORD,$(if $(call env_value,$(key)),,\
    $(error $(key) is not set: give it a value in $(env_file))))
endif

help: ## List the targets (this text)
	@echo 'simplerr-mysql lab. Usage: make <target> [DB=mysql|mariadb] [IMAGES=official|local] [STRATEGY=$(subst $(space),|,$(STRATEGIES))]'
	@echo '  [MODE=$(subst $(space),|,$(CHAOS_MODES))] for make chaos'
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  make %-13s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

.env:
	cp .env.example .env
	@echo 'Created .env from .env.example: change passwords and ports there.'

local-images: ## Build the stand-in images for IMAGES=local (each one skipped when it exists)
	./local-images/build.sh

up: .env $(LOCAL_IMAGES) chaos-settled ## Start the database and the app (STRATEGY=...), wait until ready, print the URLs
	$(if $(DB_NOTE),@echo '$(DB_NOTE)')
	@running=$$(docker inspect -f '{{ .Config.Image }}' $(call container,db) 2>/dev/null || true); \
	if [ -n "$$running" ] && [ "$$running" != '$(DB_IMAGE)' ]; then \
	  echo "The lab's database is $$running, not $(DB_IMAGE): give the DB=/IMAGES= of that run," >&2; \
	  echo "or make clean first (their data files are not compatible; db-init/ seeds the new one)." >&2; \
	  exit 1; \
	fi
	$(COMPOSE) build app chaos
	@$(COMPOSE) up -d db app || { $(COMPOSE) logs --no-color --tail=60 db app; echo "$(SWITCH_HINT)" >&2; exit 1; }
	@echo 'Waiting for the app to be ready (GET /readyz through the database; at most $(UP_TIMEOUT) s)...'
	@deadline=$$((SECONDS + $(UP_TIMEOUT))); \
	while :; do \
	  id=$(call container,app); \
	  state=$$(docker inspect -f '{{ .State.Status }} {{ if .State.Health }}{{ .State.Health.Status }}{{ end }}' "$$id" 2>/dev/null || echo missing); \
	  case "$$state" in \
	    'running healthy') break ;; \
	    running*) ;; \
	    *) echo "The app container is not running ($$state, exit code $$(docker inspect -f '{{ .State.ExitCode }}' "$$id" 2>/dev/null)). Its last words:" >&2; \
	       $(COMPOSE) logs --no-color --tail=30 app; exit 1 ;; \
	  esac; \
	  if [ "$$SECONDS" -ge "$$deadline" ]; then \
	    echo "The app is not ready after $(UP_TIMEOUT) s ($$state)." >&2; $(COMPOSE) ps; $(COMPOSE) logs --no-color --tail=60 db app; echo "$(SWITCH_HINT)" >&2; exit 1; \
	  fi; \
	  sleep 1; \
	done
	@echo
	@strategy=$$(curl -s --max-time 5 $(APP_URL)/readyz | sed -n 's/.*"strategy":"\([^"]*\)".*/\1/p'); \
	echo "The lab is up: strategy $$strategy, database $(DB_IMAGE)."
	@echo '  $(APP_URL)/               the lab page'
	@echo '  $(APP_URL)/person/first'
	@echo '  $(APP_URL)/person/all'
	@echo 'Next: make chaos (MODE=kill-idle), make logs, make down.'

chaos: .env ## Start breaking connections in the background (MODE=kill-idle by default; the modes are listed above)
	@$(chaos_state); \
	if [ "$$running" = true ]; then \
	  if [ "$$mode" = '$(MODE)' ]; then echo "chaos ($$mode) is already running. Watch it: make chaos-logs. Other settings: make chaos-stop, then make chaos."; exit 0; fi; \
	  echo "chaos ($$mode) is running: make chaos-stop first (it undoes $$mode), then make chaos MODE=$(MODE)." >&2; exit 1; \
	fi; \
	if [ "$$(docker inspect -f '{{ .State.Running }}' $(call container,db) 2>/dev/null)" != true ]; then \
	  if [ -n "$$id" ] && [ "$$code" != 0 ] && { [ "$$mode" = db-down ] || [ "$$mode" = restart-db ]; }; then \
	    echo "The database is stopped: chaos ($$mode) ended with code $$code before it started it again. make chaos-stop starts it." >&2; exit 1; \
	  fi; \
	  echo 'The database is not running: make up first.' >&2; exit 1; \
	fi
	@$(COMPOSE) rm -fsv chaos >/dev/null 2>&1 || true
	@CHAOS_MODE='$(MODE)' $(COMPOSE) up -d --no-deps chaos
	@id=$(call container,chaos); deadline=$$((SECONDS + 10)); \
	until [ -n "$$(docker logs "$$id" 2>&1)" ] || [ "$$SECONDS" -ge "$$deadline" ]; do sleep 0.5; done; \
	docker logs "$$id" 2>&1 | head -n 5; \
	if [ "$$(docker inspect -f '{{ .State.Running }}' "$$id")" != true ]; then echo 'chaos exited (see above).' >&2; exit 1; fi
	@echo 'chaos ($(MODE)) is running. Watch it: make chaos-logs (and the lab page). Stop it: make chaos-stop'

chaos-logs: .env ## Follow what the chaos program does
	$(COMPOSE) logs -f --tail=50 chaos

chaos-stop: .env ## Stop the chaos gracefully (SIGTERM: it undoes its changes) and show its summary; after a killed chaos, undo what it left
	@$(chaos_state); \
	if [ "$$running" = true ]; then \
	  $(stop_chaos); \
	  if [ "$$code" != 0 ]; then echo 'Its undo did not finish (see above): make chaos-stop tries again.' >&2; exit 1; fi; \
	elif [ -n "$$id" ] && [ "$$code" != 0 ]; then \
	  $(undo_dead_chaos); \
	else \
	  echo 'chaos is not running (make chaos starts it).'; \
	fi

# Before make up: the app must not start under a running chaos (a naive app might never get ready, and
# the wait would blame DB=/IMAGES=), and what a killed chaos left is undone first.
chaos-settled: .env
	@$(chaos_state); \
	if [ "$$running" = true ]; then \
	  echo "chaos ($$mode) is running: make chaos-stop first, then make up, then make chaos again (the app must not start under it)." >&2; exit 1; \
	fi; \
	if [ -n "$$id" ] && [ "$$code" != 0 ]; then $(undo_dead_chaos); fi

# Before make down and make clean: a running chaos is stopped first, so that it undoes its mode while
# the database is still there (else db-down may start the database behind compose's back).
chaos-stopped: .env
	@$(chaos_state); \
	if [ "$$running" = true ]; then echo "Stopping chaos ($$mode) first, so that it undoes its change:"; $(stop_chaos); fi

logs: .env ## Follow the logs of every service (FOLLOW=no: print them and return)
	$(COMPOSE) logs --no-color --tail=200 $(if $(filter no,$(FOLLOW)),,-f)

ps: .env ## Show the lab's containers and their health
	$(COMPOSE) ps

test: up ## Run the test suite (jest: unit and end-to-end) against the running lab
	@if [ ! -d node_modules ]; then npm ci; fi
	npx jest $(ARGS)

drill: up ## Load each strategy without and with kill-idle chaos (CONCURRENCY=32, DURATION=10 s per phase); writes drill/results/
	@if [ ! -d node_modules ]; then npm ci; fi
	npm run build
	npm run drill -- --concurrency '$(CONCURRENCY)' --duration '$(DURATION)'

down: .env chaos-stopped ## Stop and remove the containers (the data volume stays)
	$(COMPOSE) down --remove-orphans

clean: .env chaos-stopped ## Stop everything and drop the data volume (db-init/ runs again on the next make up)
	$(COMPOSE) down --volumes --remove-orphans
