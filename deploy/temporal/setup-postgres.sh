#!/bin/sh
# Creates Temporal's two PostgreSQL databases (history and visibility) and brings their schemas to the
# version shipped in this admin-tools image. Idempotent: "create" of an existing database and
# "setup-schema -v 0.0" on a set-up one fail harmlessly, "update-schema" applies only what is missing.
# Runs in temporalio/admin-tools (see docker-compose.yml, service temporal-schema).
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
port="${DB_PORT:-5432}"
schema_root=/etc/temporal/schema/postgresql/v12

echo "temporal-schema: waiting for PostgreSQL at ${POSTGRES_SEEDS}:${port}"
tries=0
until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "temporal-schema: PostgreSQL did not answer after $tries tries" >&2
    exit 1
  fi
  sleep 2
done

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) dir="$schema_root/temporal/versioned" ;;
    *) dir="$schema_root/visibility/versioned" ;;
  esac
  sql --db "$db" create || echo "temporal-schema: database $db exists"
  sql --db "$db" setup-schema -v 0.0 || echo "temporal-schema: $db already has a schema"
  sql --db "$db" update-schema -d "$dir"
done
echo "temporal-schema: done"
