#!/bin/bash
# First start of the PostgreSQL container (empty data volume) only: the wacall database and
# Temporal's two databases, each owned by its own user. Passwords come from .env through the
# postgres service's environment; psql quotes them (:'var'), so any character is safe.
set -euo pipefail

: "${WACALL_DB_PASSWORD:?WACALL_DB_PASSWORD is not set}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is not set}"

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set wacall_password="$WACALL_DB_PASSWORD" \
  --set temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE wacall LOGIN PASSWORD :'wacall_password';
CREATE DATABASE wacall OWNER wacall;

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL
