#!/usr/bin/env bash
# Install (Debian package, if missing) and start a local PostgreSQL server for the test suite,
# create the `sinergi` role and the `sinergi_test` database, and print the URL to export as
# TEST_DATABASE_URL. Safe to run again: every step checks first. Needs root (apt-get, runuser).
set -euo pipefail

PG_USER=sinergi
PG_PASSWORD=sinergi
PG_DATABASE=sinergi_test
PG_PORT=5432

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    log "installing the postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

# The package creates the cluster `main` of its major version; create it if it is missing.
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters --no-header | awk '{print $1, $2}' | grep -qx "$version main"; then
    log "creating cluster $version/main"
    pg_createcluster --port "$PG_PORT" "$version" main >&2
fi
if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q online; then
    log "starting cluster $version/main"
    pg_ctlcluster "$version" main start >&2
fi

psql_admin() {
    # -X: ignore ~/.psqlrc; ON_ERROR_STOP: fail the script on any SQL error.
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@")
}

for _ in $(seq 1 30); do
    psql_admin -tAc "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
done

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
    log "creating role $PG_USER"
    psql_admin -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB"
fi
# CREATEDB: each pytest-xdist worker creates a database of its own. Commits need not wait for
# the disk on this throw-away test role, which keeps the suite fast.
psql_admin -c "ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD' CREATEDB"
psql_admin -c "ALTER ROLE $PG_USER SET synchronous_commit = off"

if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != "1" ]; then
    log "creating database $PG_DATABASE"
    psql_admin -c "CREATE DATABASE $PG_DATABASE OWNER $PG_USER"
fi

# Check that password authentication over TCP works, as the tests connect.
PGPASSWORD=$PG_PASSWORD psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DATABASE" \
    -tAc "SELECT 1" >/dev/null

echo "postgresql+asyncpg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE"
