# The lab's front door: `make` lists what you can do. Settings, on any target:
#   DB=mysql|mariadb              the server: MySQL 9.7 (default) or MariaDB 11.8
#   IMAGES=official|local         local: stand-ins built from Debian's packages and the npm registry's
#                                 Node, for machines that cannot pull from an image registry
#   STRATEGY=naive|per-request|pool   how the app gets its connections (default per-request)
#   MODE=kill-idle|...            for make chaos: one of CHAOS_MODES below (make help lists them)
#   TOPOLOGY=single|primary-replica   one server (default), or two with the servers' own GTID replication
#                                 behind an endpoint (docs/failover.md); default: what the lab runs now
#   REPLICATION=async|semi-sync   for TOPOLOGY=primary-replica: how the primary waits for its replica
#   CONCURRENCY=32 DURATION=6     for make drill: HTTP connections, and seconds per measured phase

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.PHONY: help compose-v2 up e2e-replica chaos chaos-logs chaos-stop logs ps lint check test e2e drill drill-report down clean local-images chaos-settled chaos-stopped

DB ?= mysql
IMAGES ?= official
MODE ?= kill-idle
CONCURRENCY ?= 32
DURATION ?= 6
# How long `make up` waits for the app to be ready (a first MySQL start takes ~30 s).
UP_TIMEOUT ?= 240

# Compose v2 (`docker compose`): `up --wait` gates the start on the servers' healthchecks. The chaos profile is
# always active so that build, ps, logs and down see the chaos service too; `up` names its services.
COMPOSE = docker compose --profile chaos $(TOPOLOGY_FILES)
# Where the docker CLI looks for the compose plugin, in its order ($DOCKER_CONFIG or ~/.docker first).
COMPOSE_PLUGINS = $(or $(DOCKER_CONFIG),$(HOME)/.docker)/cli-plugins/docker-compose \
	$(addsuffix /docker/cli-plugins/docker-compose,/usr/local/lib /usr/local/libexec /usr/lib /usr/libexec)
# Compose 2.26 (Debian 13's) writes an erase-line escape before every log line, even into a pipe or file.
COMPOSE_LOGS = $(COMPOSE) logs --no-color $(1) | sed -u 's/\x1b\[2K//g'

# A value from .env (or .env.example before the first `make up`); the environment wins, as in compose.
# Read as compose reads it, or make and compose would see two labs in one file: the last KEY=value line
# (`export ` before it allowed); '...' as written; "..." with \" and \\ unescaped; after a closing quote,
# nothing counts; an unquoted value ends where " #" starts a comment. lib/settings/labEnvFile.ts agrees.
env_file = $(firstword $(wildcard .env .env.example))
env_value = $(or $($(1)),$(shell sed -nE 's/^[[:space:]]*(export[[:space:]]+)?$(1)[[:space:]]*=[[:space:]]*//p' $(env_file) 2>/dev/null | tail -n 1 | $(dotenv_value)),$(2))
hash := \#
dotenv_value = sed -E -e "s/^'([^']*)'.*/\1/" -e t -e 's/^"(([^"\\]|\\.)*)".*/\1/' -e 't unescape' \
	-e 's/ $(hash).*//' -e 's/[[:space:]]+$$//' -e b -e ':unescape' -e 's/\\(.)/\1/g'
# Read from .env when first used, then kept (make up prints it several times).
APP_URL = $(eval APP_URL := http://localhost:$(call env_value,APP_PORT,8080))$(APP_URL)
# The compose project, derived here once and exported: compose would otherwise name it after this
# folder when .env has no COMPOSE_PROJECT_NAME, and the Makefile would look at another lab's containers.
PROJECT := $(call env_value,COMPOSE_PROJECT_NAME,simplerr-lab)
export COMPOSE_PROJECT_NAME := $(PROJECT)
# A lab that runs two servers keeps them on every target (make up STRATEGY=pool, make down) unless told
# otherwise: the second server's container says so.
# Asked once per make, when first needed.
running_topology = $(eval running_topology := $(if $(shell docker ps -aq --filter label=com.docker.compose.project=$(PROJECT) --filter label=com.docker.compose.service=db2 2>/dev/null | head -n 1),primary-replica,single))$(running_topology)
ifndef TOPOLOGY
  TOPOLOGY := $(if $(filter-out help local-images,$(or $(MAKECMDGOALS),help)),$(running_topology),single)
endif
# And its replication, read from the first server's options (make up STRATEGY=pool must not recreate the
# servers without semi-sync).
running_replication = $(if $(shell docker inspect -f '{{ join .Args " " }}' $(call container,db) 2>/dev/null | grep -o -e semi-sync-source-enabled -e semi-sync-master-enabled),semi-sync,async)
ifndef REPLICATION
  REPLICATION := $(if $(filter primary-replica,$(TOPOLOGY)),$(running_replication),async)
endif
# What make remembers between runs (ignored by git): the compose v2 check, make up's last image build.
MAKE_STATE := .make
COMPOSE_V2_STAMP := $(MAKE_STATE)/compose-v2
# make up's record of its last build of the app and chaos images (see up): per project and Node image.
BUILD_STAMP = $(MAKE_STATE)/built-$(PROJECT)-$(subst :,-,$(subst /,-,$(NODE_IMAGE)))
# What the images are made of (.dockerignore lets in no more); a directory counts too: a file added or removed.
BUILD_INPUTS = Dockerfile .dockerignore package.json package-lock.json tsconfig.json tsconfig.build.json app chaos lib
built_images = docker image inspect -f '{{ .Id }}' $(PROJECT)-app $(PROJECT)-chaos 2>/dev/null
# The lab's servers (and the replicated lab's endpoint), started and waited for before the app.
SERVER_SERVICES = $(filter-out app,$(LAB_SERVICES))
# Two servers: which one is the primary is decided once both run (both start read-only); the endpoint follows it.
settle_pair = $(COMPOSE) run --rm --no-deps -T chaos node dist/chaos/src/settlePair.js
# make up's word on a service that did not come up: its state ($$state in the recipe) and its log since the start.
last_words = echo "The $(1) container is not healthy ($$state). Its last words:" >&2; \
	$(call COMPOSE_LOGS,--since "$$since" --tail=30 $(1))
SWITCH_HINT := If DB= or IMAGES= changed since the data volume was made, make clean first (it drops the data).
# The database answers its healthcheck inside its container, and the app's container gets no TCP connection
# to it: packets are dropped in between, by partition rules a killed chaos left (its container removed, make
# never undid them). Restarting the app cannot help; the rules go with the database container's network.
cut_off = { [ "$$(docker inspect -f '{{ if .State.Health }}{{ .State.Health.Status }}{{ end }}' $(call container,db) 2>/dev/null)" = healthy ] && \
	[ "$$(docker inspect -f '{{ .State.Running }}' $(call container,app) 2>/dev/null)" = true ] && \
	! docker exec $(call container,app) node -e "require('net').connect(3306, 'db').on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(2000, () => process.exit(1))" >/dev/null 2>&1; }
CUT_OFF_HINT := The database answers inside its own container, but the app gets no connection to it: its packets are dropped in between, most likely by partition rules that a killed chaos left (its container was removed before make could undo them). make down, then make up: the rules go with the database container, the data volume stays.
# Compose v2 names the data volume <project>_db-data; docker-compose.yml labels it with the image that made it.
DB_VOLUME = $(PROJECT)_db-data
# The id of a service's container, running or not (one-off `compose run` containers left out).
container = $$(docker ps -aq --filter label=com.docker.compose.project=$(PROJECT) --filter label=com.docker.compose.service=$(1) --filter label=com.docker.compose.oneoff=False | head -n 1)
, := ,
space := $() $()
# The exit code of a chaos that refused its settings: it changed nothing (REFUSED_SETTINGS_EXIT_CODE in
# chaos/src/config.ts). Any other code but 0 may have left a change behind.
CHAOS_REFUSED := 2
# Shell lines that set id, running, code (its exit code) and mode for the chaos container; all empty without
# one; and left=true when it ended without undoing what it may have changed.
chaos_state = id=$(call container,chaos); \
	state=$$([ -z "$$id" ] || docker inspect -f '{{ println .State.Running }}{{ println .State.ExitCode }}{{ range .Config.Env }}{{ println . }}{{ end }}' "$$id" 2>/dev/null || true); \
	running=$$(sed -n 1p <<<"$$state"); code=$$(sed -n 2p <<<"$$state"); mode=$$(sed -n 's/^CHAOS_MODE=//p' <<<"$$state"); \
	left=$$([ -n "$$id" ] && [ "$$running" != true ] && [ "$$code" != 0 ] && [ "$$code" != $(CHAOS_REFUSED) ] && echo true || true)
# SIGTERM, so that the chaos undoes its mode; then what it printed from then on, and its exit code. A
# container that is still running after it was not stopped, whatever docker said: make says so.
stop_chaos = docker stop -t 30 "$$id" >/dev/null || true; \
	docker logs "$$id" 2>&1 | sed -n '/: stopping /,$$p' | grep . || docker logs --tail 5 "$$id" 2>&1; \
	if [ "$$(docker inspect -f '{{ .State.Running }}' "$$id")" = true ]; then \
	  echo "chaos ($$mode) is still running: its container did not stop. Try make chaos-stop again." >&2; exit 1; \
	fi; \
	code=$$(docker inspect -f '{{ .State.ExitCode }}' "$$id"); \
	echo "chaos exited with code $$code."
# $(call chaos_lock,what this make does): shell lines that hold the project's chaos lock until the recipe
# line ends (flock, from util-linux; without it, no lock). Two makes at once would race on the one chaos
# container, and end in Docker's "name already in use" or "No such container": the second one says what
# the first is doing, waits for it, and then finds the chaos as the first left it. The holder writes what
# it does into the lock file just after it takes the lock, and empties it as it ends: the second one reads
# it once written (for 2 s at most), never a word left by an earlier make.
CHAOS_LOCK = $(or $(TMPDIR),/tmp)/simplerr-lab.$(PROJECT).chaos.lock
chaos_lock = if command -v flock >/dev/null; then \
	  exec 9>>'$(CHAOS_LOCK)'; \
	  if ! flock -n 9; then \
	    for _ in $$(seq 40); do what=$$(grep . '$(CHAOS_LOCK)' || true); [ -z "$$what" ] || break; sleep 0.05; done; \
	    echo "chaos is already $${what:-starting or stopping} (another make): waiting for it..."; flock 9; \
	  fi; \
	  echo '$(1)' >'$(CHAOS_LOCK)'; trap ": >'$(CHAOS_LOCK)'" EXIT; \
	fi
# partition's network helpers that a killed chaos left (lib/docker/netAdminHelper.ts): no container of
# compose's (their compose labels are emptied), found by a label of their own; compose down cannot see them.
remove_helpers = helpers=$$(docker ps -aq --filter label=simplerr-lab.net-admin-helper-of=$(PROJECT)); \
	if [ -n "$$helpers" ]; then docker rm -f $$helpers >/dev/null; fi
# The STRATEGY the app container was started with (compose passes an empty one as the app's default).
app_strategy = docker inspect -f '{{ range .Config.Env }}{{ println . }}{{ end }}' $(call container,app) 2>/dev/null | \
	sed -n 's/^STRATEGY=\(..*\)/\1/p' | grep . || echo '$(DEFAULT_STRATEGY)'
# A chaos container that ended with a code other than 0 did not undo its mode (137: it was killed).
# The chaos image's restore program puts back what it left (chaos/src/restore.ts); then the container
# goes, as handled.
undo_dead_chaos = $(dead_chaos_said); $(restore_chaos); docker rm "$$id" >/dev/null
dead_chaos_said = echo "chaos ($$mode) is not running: its container ended with code $$code$$([ "$$code" = 137 ] && echo ', killed' || true), before it could undo its change. Undoing what it left:"
restore_chaos = CHAOS_MODE="$$mode" $(COMPOSE) run --rm --no-deps -T chaos node dist/chaos/src/restore.js
# STRATEGIES, DEFAULT_STRATEGY and CHAOS_MODES: the lists the programs take (lib/settings/strategies.ts and
# chaosModes.ts), written as make variables by `npm run make-lists`. The file is committed, so make reads it
# before anything is built; lib/settings/makeLists.test.ts fails when it differs from the lists, and
# test/e2e/makeSettings.test.ts checks that make lists every chaos mode.
include lib/settings/lists.mk
# $(call check_one_of,NAME,value,allowed words,where it came from): stop unless the value is exactly one
# of them. Values reach shell commands: "pool x'; echo INJECTED" must not pass for containing "pool".
check_one_of = $(if $(filter-out 1,$(words $(2)))$(filter-out $(3),$(2)),$(error $(1)=$(2)$(4): use one of $(3)))
without_digits = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(1)))))))))))
# $(call check_whole_number,NAME,value,min,max): stop unless the value is a whole number in that range. The
# shell compares only a value that is nothing but digits by then.
check_whole_number = $(if $(and $(filter 1,$(words $(2))),$(if $(call without_digits,$(2)),,$(shell [ $(2) -ge $(3) ] && [ $(2) -le $(4) ] 2>/dev/null && echo yes))),,$(error $(1)=$(2): use a whole number from $(3) to $(4)))

$(call check_one_of,DB,$(DB),mysql mariadb)
$(call check_one_of,TOPOLOGY,$(TOPOLOGY),single primary-replica)
$(call check_one_of,REPLICATION,$(REPLICATION),async semi-sync)
# The semi-sync primary waits this long for its replica's acknowledgement before it commits without it.
SEMI_SYNC_TIMEOUT_MS := 10000
ifeq ($(TOPOLOGY),primary-replica)
  TOPOLOGY_FILES := -f docker-compose.yml -f docker-compose.primary-replica.yml
  LAB_SERVICES := db db2 db-primary app
  # Both servers alike (the roles move): a binary log with GTIDs that keeps every transaction since the
  # set-up (a re-seeded server replays it), the replica's own applied transactions in it (it may be
  # promoted), fixed log names (a recreated container has another host name), and read-only at start:
  # make up (chaos/src/settlePair.ts) makes the primary writable, never a server that merely came back.
  # A replica gives up on a silent source after 5 s, not 60: its connection to a crashed primary (a
  # black-holed link) must not hold up a promotion's STOP REPLICA.
  ifeq ($(DB),mariadb)
    REPLICATION_SERVER_OPTIONS := --log-bin=binlog --relay-log=relay-bin --log-slave-updates=ON --gtid-strict-mode=ON \
      --binlog-expire-logs-seconds=0 --read-only=ON --slave-net-timeout=5
    SEMI_SYNC_OPTIONS := --rpl-semi-sync-master-enabled=ON --rpl-semi-sync-slave-enabled=ON --rpl-semi-sync-master-wait-point=AFTER_SYNC \
      --rpl-semi-sync-master-timeout=$(SEMI_SYNC_TIMEOUT_MS)
  else
    REPLICATION_SERVER_OPTIONS := --log-bin=binlog --relay-log=relay-bin --log-replica-updates=ON --gtid-mode=ON \
      --enforce-gtid-consistency=ON --binlog-expire-logs-seconds=0 --read-only=ON --replica-net-timeout=5
    # loose-: a re-seeded server's initialisation (--initialize) loads no plugin, and would refuse the
    # plugins' options as unknown and leave its data directory unusable (primary-crash never finished).
    SEMI_SYNC_OPTIONS := --plugin-load-add=semisync_source.so --plugin-load-add=semisync_replica.so \
      --loose-rpl-semi-sync-source-enabled=ON --loose-rpl-semi-sync-replica-enabled=ON \
      --loose-rpl-semi-sync-source-wait-point=AFTER_SYNC --loose-rpl-semi-sync-source-timeout=$(SEMI_SYNC_TIMEOUT_MS)
  endif
  ifeq ($(REPLICATION),semi-sync)
    REPLICATION_SERVER_OPTIONS += $(SEMI_SYNC_OPTIONS)
  endif
  export REPLICATION_SERVER_OPTIONS
else
  LAB_SERVICES := db app
endif
ifeq ($(IMAGES),local)
  # Stand-ins of the same versions, built by local-images/build.sh (MySQL from Debian unstable,
  # MariaDB from Debian 13, Node from the npm registry).
  DB_IMAGE := $(if $(filter mariadb,$(DB)),simplerr-lab/mariadb:11.8-local,simplerr-lab/mysql:9.7-local)
  NODE_IMAGE := simplerr-lab/node:24-local
  HAPROXY_IMAGE := simplerr-lab/haproxy:3.0-local
  LOCAL_IMAGES := local-images
else ifeq ($(IMAGES),official)
  DB_IMAGE := $(if $(filter mariadb,$(DB)),mariadb:11.8,mysql:9.7)
  NODE_IMAGE := node:24-bookworm-slim
  HAPROXY_IMAGE := haproxy:3.0
else
  $(error IMAGES=$(IMAGES): use IMAGES=official or IMAGES=local)
endif
$(if $(CHAOS_MODES),,$(error No chaos modes found in lib/settings/lists.mk: npm run make-lists writes it))
$(if $(STRATEGIES),,$(error No strategies found in lib/settings/lists.mk: npm run make-lists writes it))
ifdef STRATEGY
  export STRATEGY
endif
export DB_IMAGE NODE_IMAGE HAPROXY_IMAGE
$(call check_one_of,MODE,$(MODE),$(CHAOS_MODES))
# The drill's own limits (drill/src/options.ts), checked here so that make drill refuses them before make up.
$(call check_whole_number,CONCURRENCY,$(CONCURRENCY),1,1000)
$(call check_whole_number,DURATION,$(DURATION),1,3600)
# What compose takes from .env, checked first: the error names the key as the learner writes it, at
# once (not after a build and a start, or in compose's template). `make help` needs none of it.
ifneq ($(filter-out help local-images,$(or $(MAKECMDGOALS),help)),)
  $(call check_one_of,STRATEGY,$(call env_value,STRATEGY,$(DEFAULT_STRATEGY)),$(STRATEGIES),$(if $(filter undefined,$(origin STRATEGY)), in $(env_file)))
  $(foreach key,ROOT_DB_PASSWORD DB_PASSWORD CHAOS_DB_PASSWORD $(if $(filter primary-replica,$(TOPOLOGY)),REPL_DB_PASSWORD),$(if $(call env_value,$(key)),,\
    $(error $(key) is not set: give it a value in $(env_file))))
  # docker-compose.yml makes the app's stop_grace_period of it, where compose would only say "unknown unit"
  # (the range is the app's own, app/src/config.ts).
  $(call check_whole_number,SHUTDOWN_TIMEOUT_MS,$(call env_value,SHUTDOWN_TIMEOUT_MS,13000),100,60000)
endif

help: ## List the targets (this text)
	@echo 'simplerr-mysql lab. Usage: make <target> [DB=mysql|mariadb] [IMAGES=official|local] [STRATEGY=$(subst $(space),|,$(STRATEGIES))]'
	@echo '  [MODE=$(subst $(space),|,$(CHAOS_MODES))] for make chaos'
	@echo '  [TOPOLOGY=single|primary-replica] [REPLICATION=async|semi-sync]: one server, or two with replication (docs/failover.md)'
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z0-9-]*:.*## / { printf "  make %-13s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# `docker compose version` starts the CLI and the plugin, a fifth of a CPU-second at every make: once it said
# v2 ($(COMPOSE_V2_STAMP)), it is asked again only when the plugin that docker finds first is newer, or gone.
compose-v2:
	@for plugin in $(COMPOSE_PLUGINS); do \
	  if [ -f "$$plugin" ]; then [ '$(COMPOSE_V2_STAMP)' -nt "$$plugin" ] && exit 0; break; fi; \
	done; \
	case "$$(docker compose version --short 2>/dev/null)" in \
	  2.*|v2.*) mkdir -p '$(MAKE_STATE)' && touch '$(COMPOSE_V2_STAMP)' ;; \
	  *) echo 'The lab needs Docker Compose v2 (`docker compose`), and `docker compose version` answers nothing here.' >&2; \
	     echo 'Install the compose plugin: on Debian the package docker-compose from Debian 13 (trixie), or Docker'"'"'s docker-compose-plugin.' >&2; \
	     echo '(The standalone docker-compose 1.29 is not supported.)' >&2; exit 1 ;; \
	esac

.env:
	cp .env.example .env
	@echo 'Created .env from .env.example: change passwords and ports there.'

local-images: ## Build the stand-in images for IMAGES=local that DB= needs (each one skipped when it exists)
	@./local-images/build.sh $(if $(filter local,$(IMAGES)),$(DB_IMAGE) $(NODE_IMAGE) $(if $(filter primary-replica,$(TOPOLOGY)),$(HAPROXY_IMAGE)))

up: .env compose-v2 $(LOCAL_IMAGES) chaos-settled ## Start the database and the app (STRATEGY=..., TOPOLOGY=...), wait until both are healthy, print the URLs
	$(if $(and $(filter single,$(TOPOLOGY)),$(filter primary-replica,$(running_topology))),@echo 'The lab runs TOPOLOGY=primary-replica: make down first$(,) then make up TOPOLOGY=single (the data volumes stay).' >&2; exit 1)
	@# A paused database (docker pause, or a freeze whose chaos container went before make could undo it) is
	@# whole: compose only refuses to start it, and its data needs no make clean.
	@db=$(call container,db); \
	if [ "$$(docker inspect -f '{{ .State.Status }}' "$$db" 2>/dev/null)" = paused ]; then \
	  name=$$(docker inspect -f '{{ .Name }}' "$$db" | tr -d /); \
	  echo "The database container $$name is paused (docker pause, or a freeze chaos removed before make could undo it): nothing in it answers." >&2; \
	  echo "Its data is whole: docker unpause $$name, then make up again." >&2; \
	  exit 1; \
	fi
	@made_by=$$(docker volume inspect -f '{{ index .Labels "simplerr-lab.db-image" }}' $(DB_VOLUME) 2>/dev/null || true); \
	if [ -n "$$made_by" ] && [ "$$made_by" != '$(DB_IMAGE)' ]; then \
	  echo "The lab's data volume $(DB_VOLUME) was made by $$made_by, and this is $(DB_IMAGE): its server cannot use those files." >&2; \
	  echo "Give the DB=/IMAGES= of that run, or make clean first (it drops the data; db-init/ seeds the new server)." >&2; \
	  exit 1; \
	fi
	@# compose build sends the context and asks the engine about every layer: about a CPU-second even when
	@# nothing changed. Skipped when no file the images are made of is newer than this project's last build
	@# and the images are still the ones it made (another checkout may tag the same names).
	@stamp='$(BUILD_STAMP)'; \
	if [ -f "$$stamp" ] && [ -z "$$(find $(BUILD_INPUTS) -newer "$$stamp" -print -quit 2>/dev/null)" ] && \
	  [ "$$($(built_images))" = "$$(cat "$$stamp")" ]; then exit 0; fi; \
	echo 'Building the app and chaos images (docker compose build; a minute or two the first time)...'; \
	mkdir -p '$(MAKE_STATE)'; rm -f "$$stamp"; started=$$(mktemp); log=$$(mktemp); \
	$(COMPOSE) build app chaos >"$$log" 2>&1 || { cat "$$log"; rm -f "$$log" "$$started"; exit 1; }; rm -f "$$log"; \
	{ $(built_images) >"$$stamp.new" && touch -r "$$started" "$$stamp.new" && mv "$$stamp.new" "$$stamp"; } || rm -f "$$stamp.new"; \
	rm -f "$$started"
	@echo 'Starting the database and the app, and waiting until the database is healthy and the app ready (at most $(UP_TIMEOUT) s)...'
	@# The servers first: up --wait returns once their healthchecks pass, or make says which did not. It gives
	@# up at once on one that is unhealthy now: a server left running through a fault is asked again until
	@# the deadline (its next healthcheck may pass). Then the app, ready when /readyz answers 200 within 30 s,
	@# asked every half second rather than at the app's healthcheck (every 4 s); an app left running through
	@# a database outage is ready once it reaches the database again. The first 503 (the app answers, its
	@# database does not) asks once whether packets are dropped in between: then no wait can end in
	@# success, and make says so at once.
	@log=$$(mktemp); since=$$(date -u +%Y-%m-%dT%H:%M:%SZ); deadline=$$((SECONDS + $(UP_TIMEOUT))); \
	carried_over=$$(docker inspect -f '{{ .State.Running }}' $(call container,db) 2>/dev/null || true); \
	until $(COMPOSE) up -d --wait --wait-timeout $$((deadline - SECONDS)) $(SERVER_SERVICES) >"$$log" 2>&1; do \
	  if [ "$$carried_over" = true ] && grep -q ' is unhealthy' "$$log" && [ "$$SECONDS" -lt "$$deadline" ]; then sleep 2; continue; fi; \
	  grep -vE '^ *(Network|Volume|Container) \S+ +(Creat|Start|Running|Waiting|Healthy|Recreat)' "$$log" >&2; rm -f "$$log"; \
	  for service in $(filter-out db-primary,$(SERVER_SERVICES)); do \
	    state=$$(docker inspect -f '{{ .State.Status }}{{ if and .State.Running .State.Health }} ({{ .State.Health.Status }}){{ end }}' $(call container,$$service) 2>/dev/null || echo missing); \
	    if [ "$$state" != 'running (healthy)' ]; then \
	      $(call last_words,$$service); \
	      echo "$(SWITCH_HINT)" >&2; \
	    fi; \
	  done; exit 1; \
	done; \
	$(COMPOSE) up -d --no-deps app >"$$log" 2>&1 || { cat "$$log" >&2; rm -f "$$log"; exit 1; }; rm -f "$$log"; \
	$(if $(filter primary-replica,$(TOPOLOGY)),$(settle_pair) || exit 1;) \
	app=$(call container,app); body=$$(mktemp); cut=unknown; deadline=$$((SECONDS + 30 < deadline ? SECONDS + 30 : deadline)); \
	until status=$$(curl -s --max-time 5 -o "$$body" -w '%{http_code}' '$(APP_URL)/readyz' || true); \
	  [ "$$status" = 200 ] || [ "$$SECONDS" -ge "$$deadline" ]; do \
	  if [ "$$status" = 000 ]; then \
	    read -r state code name <<<"$$(docker inspect -f '{{ .State.Status }} {{ .State.ExitCode }} {{ .Name }}' "$$app" 2>/dev/null || echo missing)"; \
	    if [ "$$state" != running ]; then \
	      [ "$$state" != exited ] || echo "container $${name#/} exited ($$code)" >&2; \
	      $(call last_words,app); \
	      rm -f "$$body"; exit 1; \
	    fi; \
	  fi; \
	  if [ "$$status" = 503 ] && [ "$$cut" = unknown ]; then if $(cut_off); then cut=true; break; fi; cut=false; fi; \
	  sleep 0.5; \
	done; \
	ready=$$(cat "$$body"); rm -f "$$body"; \
	if [ "$$status" != 200 ]; then \
	  echo "The app's container is up, but the app is not ready: $(APP_URL)/readyz answers $$status $$ready" >&2; \
	  if [ "$$cut" = true ] || $(cut_off); then echo "$(CUT_OFF_HINT)" >&2; fi; \
	  exit 1; \
	fi; \
	server=$$(printf '%s' "$$ready" | sed -n 's/.*"server":"\([^"]*\)".*/\1/p'); \
	strategy=$$(printf '%s' "$$ready" | sed -n 's/.*"strategy":"\([^"]*\)".*/\1/p'); \
	echo; \
	echo "The lab is up: strategy $${strategy:-?}, database $${server:-?} (image $(DB_IMAGE))."
	@echo '  $(APP_URL)/               the lab page'
	@echo '  $(APP_URL)/person/first'
	@echo '  $(APP_URL)/person/all'
	@echo 'Next: make chaos (MODE=kill-idle), make logs, make down.'

chaos: .env compose-v2 ## Start breaking connections in the background (MODE=kill-idle by default; the modes are listed above)
	@$(call chaos_lock,starting); \
	$(chaos_state); \
	if [ "$$running" = true ]; then \
	  if [ "$$mode" = '$(MODE)' ]; then echo "chaos ($$mode) is already running. Watch it: make chaos-logs. Other settings: make chaos-stop, then make chaos."; exit 0; fi; \
	  echo "chaos ($$mode) is running: make chaos-stop first (it undoes $$mode), then make chaos MODE=$(MODE)." >&2; exit 1; \
	fi; \
	if [ "$$(docker inspect -f '{{ .State.Running }}' $(call container,db) 2>/dev/null)" != true ]; then \
	  if [ "$$left" = true ] && { [ "$$mode" = db-down ] || [ "$$mode" = restart-db ]; }; then \
	    echo "The database is stopped: chaos ($$mode) ended with code $$code before it started it again. make chaos-stop starts it." >&2; exit 1; \
	  fi; \
	  echo 'The database is not running: make up first.' >&2; exit 1; \
	fi; \
	if [ "$$left" = true ]; then $(undo_dead_chaos); fi; \
	$(COMPOSE) rm -fsv chaos >/dev/null 2>&1 || true; \
	log=$$(mktemp); CHAOS_MODE='$(MODE)' $(COMPOSE) up -d --no-deps chaos >"$$log" 2>&1 || { cat "$$log" >&2; rm -f "$$log"; exit 1; }; rm -f "$$log"; \
	id=$(call container,chaos); deadline=$$((SECONDS + 10)); \
	until [ -n "$$(docker logs "$$id" 2>&1)" ] || [ "$$SECONDS" -ge "$$deadline" ]; do sleep 0.5; done; \
	docker logs "$$id" 2>&1 | sed -n 1,5p; \
	if [ "$$(docker inspect -f '{{ .State.Running }}' "$$id")" != true ]; then echo 'chaos exited (see above).' >&2; exit 1; fi; \
	echo 'chaos ($(MODE)) is running. Watch it: make chaos-logs (and the lab page). Stop it: make chaos-stop'

chaos-logs: .env compose-v2 ## Follow what the chaos program does
	@$(call COMPOSE_LOGS,-f --tail=50 chaos)

chaos-stop: .env compose-v2 ## Stop the chaos gracefully (SIGTERM: it undoes its changes) and show its summary; after a killed chaos, undo what it left
	@$(call chaos_lock,stopping); \
	$(chaos_state); \
	if [ "$$running" = true ]; then \
	  $(stop_chaos); \
	  if [ "$$code" != 0 ]; then echo 'Its undo did not finish (see above): make chaos-stop tries again.' >&2; exit 1; fi; \
	elif [ "$$left" = true ]; then \
	  $(undo_dead_chaos); \
	elif [ "$$code" = $(CHAOS_REFUSED) ]; then \
	  echo "chaos is not running: it refused its settings at start (make chaos-logs shows why), and changed nothing."; \
	else \
	  echo 'chaos is not running (make chaos starts it).'; \
	fi

# Before make up: the app must not start under a running chaos (a naive app might never get ready, and
# the wait would blame DB=/IMAGES=), and what a killed chaos left is undone first.
chaos-settled: .env compose-v2
	@$(call chaos_lock,being checked by make up); \
	$(chaos_state); \
	if [ "$$running" = true ]; then \
	  echo "chaos ($$mode) is running: make chaos-stop first, then make up, then make chaos again (the app must not start under it)." >&2; exit 1; \
	fi; \
	if [ "$$left" = true ]; then $(undo_dead_chaos); fi

# Before make down and make clean: a running chaos is stopped first, so that it undoes its mode while
# the database is still there (else db-down may start the database behind compose's back); what a
# killed one left (a paused database, partition rules, settings) is undone as for make up. An undo that
# fails does not stop them: what it left is in the containers they remove (the settings, in the server).
chaos-stopped: .env compose-v2
	@$(call chaos_lock,stopping); \
	$(chaos_state); \
	if [ "$$running" = true ]; then echo "Stopping chaos ($$mode) first, so that it undoes its change:"; $(stop_chaos); \
	elif [ "$$left" = true ]; then \
	  $(dead_chaos_said); $(restore_chaos) || echo 'Its undo did not finish (see above): going on, the containers go.' >&2; \
	fi

logs: .env compose-v2 ## Follow the logs of every service (FOLLOW=no: print them and return)
	@$(call COMPOSE_LOGS,--tail=200 $(if $(filter no,$(FOLLOW)),,-f))

ps: .env compose-v2 ## Show the lab's containers, their health, and those that ended (a killed chaos)
	@$(COMPOSE) ps --all --format 'table {{.Name}}\t{{.Image}}\t{{.Status}}\t{{.Ports}}'

lint: ## Check the code without running it: types (server and lab page), ESLint, Prettier's formatting
	@if [ ! -d node_modules ]; then npm ci; fi
	npm run --silent lint

check: lint ## The fast loop, no Docker: the linters, then the unit tests (pure logic, in parallel)
	@echo 'jest project: unit'
	npm run --silent test:unit

test: .env ## make check and make up side by side, then the end-to-end tests against the lab, and the replicated lab's
	@$(check_beside_up)
	$(if $(ARGS),@echo 'jest project: e2e+e2e-aside'; npm run --silent test:e2e -- $(ARGS),@$(e2e_beside))

# make check needs no lab, and make up (a first start: images, a new database) needs no node_modules:
# side by side, up's output printed after check's. A lab that is up already costs up a few seconds.
check_beside_up = up=$$(mktemp); trap 'rm -f "$$up"' EXIT; \
	$(MAKE) --no-print-directory up >"$$up" 2>&1 & upping=$$!; \
	checked=0; $(MAKE) --no-print-directory check || checked=$$?; \
	up_code=0; wait $$upping || up_code=$$?; \
	cat "$$up"; \
	[ $$checked = 0 ] && [ $$up_code = 0 ]

# The whole e2e suite in two lines of jests at once: the lab's files one at a time, and beside them the
# files that never touch the lab (jest.config.js: e2e-aside, labs of their own or none), then the
# replicated lab's (e2e-replica, a lab of its own), whose output follows.
e2e_beside = aside=$$(mktemp); trap 'rm -f "$$aside"' EXIT; \
	{ code=0; echo 'jest project: e2e-aside (it ran beside e2e)'; npx jest --selectProjects e2e-aside --runInBand || code=$$?; \
	  echo 'jest project: e2e-replica (it ran beside e2e, after e2e-aside)'; npx jest --selectProjects e2e-replica --runInBand || code=$$?; \
	  exit $$code; } >"$$aside" 2>&1 & beside=$$!; \
	echo 'jest project: e2e'; \
	lab=0; npx jest --selectProjects e2e --runInBand || lab=$$?; \
	aside_code=0; wait $$beside || aside_code=$$?; \
	cat "$$aside"; \
	[ $$lab = 0 ] && [ $$aside_code = 0 ]

e2e: .env ## Only the end-to-end tests whose file names match AREA (AREA=chaos, AREA=readme, ...), against the running lab
	@if [ ! -d node_modules ]; then npm ci; fi
	$(if $(AREA),,$(error AREA is not set: name part of a file in test/e2e/, e.g. make e2e AREA=chaos))
	npm run --silent test:e2e -- --testPathPattern '$(subst ','',$(AREA))' $(ARGS)

e2e-replica: .env ## The replicated lab's tests (failover, primary-crash with async and semi-sync) in a lab of their own, DB= and IMAGES= as given (about 4 minutes alone)
	@if [ ! -d node_modules ]; then npm ci; fi
	@echo 'jest project: e2e-replica'
	npx jest --selectProjects e2e-replica --runInBand $(ARGS)

# A replicated lab's drill (with its failover rows) goes beside the one-server drill's report, not over it.
DRILL_RESULTS = drill/results/$(DB)$(if $(filter primary-replica,$(TOPOLOGY)),/primary-replica$(if $(filter semi-sync,$(REPLICATION)),-semi-sync))

drill: .env compose-v2 ## Each strategy against its own ceiling, without and with kill-idle chaos, the silent faults, the POOL_SIZE sweep (CONCURRENCY=32, DURATION=6 s per phase; about 4 minutes); TOPOLOGY=primary-replica adds a failover and a primary crash per strategy; writes drill/results/$(DB)/
	@# The drill starts apps of its own on the host, against the lab's database: a running lab is used as it is
	@# (make up would recreate its app with .env's STRATEGY).
	@if [ "$$(docker inspect -f '{{ .State.Running }}' $(call container,app) 2>/dev/null)" = true ]; then \
	  echo "The lab is up (its app with strategy $$($(app_strategy))): the drill uses its database and leaves the app as it is."; \
	else \
	  $(MAKE) --no-print-directory up; \
	fi
	@if [ ! -d node_modules ]; then npm ci; fi
	npm run build
	npm run drill -- --concurrency '$(CONCURRENCY)' --duration '$(DURATION)' --topology '$(TOPOLOGY)' --replication '$(REPLICATION)' --out '$(or $(DRILL_OUT),$(DRILL_RESULTS))'

drill-report: ## Render drill/results/$(DB)/latest.md (TOPOLOGY=primary-replica: its own report) and its charts again from latest.json, measuring nothing
	@if [ ! -d node_modules ]; then npm ci; fi
	npm run build
	npm run drill -- --render --out '$(or $(DRILL_OUT),$(DRILL_RESULTS))'

down: .env compose-v2 chaos-stopped ## Stop and remove the containers (the data volume stays)
	$(COMPOSE) down --remove-orphans
	@$(remove_helpers)

clean: .env compose-v2 chaos-stopped ## Stop everything and drop the data volume (db-init/ runs again on the next make up)
	$(COMPOSE) down --volumes --remove-orphans
	@$(remove_helpers)
