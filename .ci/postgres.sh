#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the SLA store tests, and print the URL to use:
#   export MAGESUPPORT_TEST_PG_URL="$(bash .ci/postgres.sh)"
# Idempotent: installs Debian's postgresql when missing (root only), creates the cluster once, starts it
# when it is not running, creates the test user and database when missing. Everything but the URL goes
# to standard error. Settings: MAGESUPPORT_PG_PORT (55432), MAGESUPPORT_PG_DATA (/tmp/magesupport-pg-PORT).
set -euo pipefail

PORT="${MAGESUPPORT_PG_PORT:-55432}"
DATA="${MAGESUPPORT_PG_DATA:-/tmp/magesupport-pg-$PORT}"
SOCKETS="$DATA/sockets"
USER_NAME=magesupport
PASSWORD=magesupport-test  # a local, throw-away test server: not a secret
DATABASE=magesupport_test

log() { echo "postgres.sh: $*" >&2; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "PostgreSQL is not installed; run as root, or: sudo apt-get install -y postgresql"
    exit 1
  fi
  log "installing postgresql from the Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

# the server refuses to run as root: run it as the postgres user the Debian package creates
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  log "creating a cluster in $DATA"
  mkdir -p "$DATA"
  chown "$OWNER" "$DATA"
  chmod 700 "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >&2
fi
as_owner mkdir -p "$SOCKETS"

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "starting the server on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -k $SOCKETS -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi

psql_admin() { as_owner "$BIN/psql" -h "$SOCKETS" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'")" != 1 ]; then
  log "creating user $USER_NAME"
  psql_admin -c "CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  log "creating database $DATABASE"
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $USER_NAME" >&2
fi

echo "postgresql://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
