#!/usr/bin/env bash
# One database and one role per owning service, so a service cannot read another's tables even by mistake.
# Runs once, on the first start of an empty data volume (docker-entrypoint-initdb.d), after the TimescaleDB image's
# own 000_* scripts have installed the extension into template1: databases created from template1 get TimescaleDB.
set -euo pipefail

create_database() { # name, owner password, template
  local name=$1 password=$2 template=$3
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v name="$name" -v password="$password" -v template="$template" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name" TEMPLATE :"template";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_database telemetry "${TELEMETRY_DB_PASSWORD:?}" template1
create_database registry  "${REGISTRY_DB_PASSWORD:?}"  template0
create_database rules     "${RULES_DB_PASSWORD:?}"     template0
create_database alerting  "${ALERTING_DB_PASSWORD:?}"  template0
create_database operator  "${OPERATOR_DB_PASSWORD:?}"  template0
create_database keycloak  "${KEYCLOAK_DB_PASSWORD:?}"  template0
