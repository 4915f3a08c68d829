#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster, then remove the cluster.
#
#   scripts/with-postgres.sh .venv/bin/pytest -q
#
# The cluster lives in a temporary directory owned by the `postgres` system user,
# listens on 127.0.0.1 on a free port (PG_PORT to choose one), runs without fsync
# (tests only) and is stopped and deleted however the command ends. The command
# runs as the calling user with DATABASE_URL pointing at the cluster.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 not found in $PG_BIN (Debian: apt-get install postgresql-15, or set PG_BIN)." >&2
  exit 1
fi

# Run a PostgreSQL binary as the postgres user (the server refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  elif [ "$(id -un)" = postgres ]; then
    "$@"
  else
    echo "Run this script as root or as the postgres user (the cluster must belong to postgres)." >&2
    exit 1
  fi
}

free_port() {
  python3 - <<'PY'
import socket

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

PORT=${PG_PORT:-$(free_port)}
DATA_DIR=$(mktemp -d -t capia-pg.XXXXXX)
SOCKET_DIR=$(mktemp -d -t capia-pgsock.XXXXXX)
chown postgres: "$DATA_DIR" "$SOCKET_DIR" 2>/dev/null || true

cleanup() {
  local status=$?
  if [ -f "$DATA_DIR/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR" stop -m fast -w >/dev/null 2>&1 || true
  fi
  rm -rf "$DATA_DIR" "$SOCKET_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_postgres "$PG_BIN/initdb" -D "$DATA_DIR" -A trust -U postgres --encoding UTF8 --locale C.UTF-8 >/dev/null
if ! as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR" \
  -o "-p $PORT -F -h 127.0.0.1 -k $SOCKET_DIR" -l "$DATA_DIR/log" start -w >/dev/null; then
  echo "PostgreSQL did not start; its log:" >&2
  cat "$DATA_DIR/log" >&2 || true
  exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "PostgreSQL 15 on port $PORT (throwaway cluster in $DATA_DIR)" >&2
"$@"
