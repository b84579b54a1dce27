#!/bin/sh
# One-shot (service temporal-schema, image temporalio/admin-tools): brings Temporal's two
# databases to the schema version of this admin-tools image. The databases themselves are made by
# deploy/postgres/init-databases.sh. Idempotent: setup-schema leaves a versioned schema alone and
# update-schema applies only the versions not applied yet, so this runs on every `up`.
# Connection: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (temporal-sql-tool reads them).
set -eu

SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) versioned="$SCHEMA_ROOT/temporal/versioned" ;;
    *) versioned="$SCHEMA_ROOT/visibility/versioned" ;;
  esac
  echo "temporal-schema: $db"
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$versioned"
done
echo "temporal-schema: done"
