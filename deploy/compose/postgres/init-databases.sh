#!/usr/bin/env bash
# One database and one login role per service (SPEC: each service owns its data). The postgres image runs this
# once, when it initialises an empty data directory. Passwords come from the environment, never from this file.
# Connection settings come from libpq's environment (the image's temporary server; PGHOST/PGPORT in tests).
set -euo pipefail

: "${POSTGRES_USER:=postgres}"

create_service_database() {
  local database="$1" role="$2" password="$3"
  # psql variables (:'name') quote the values: a password may hold any character
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
       -v database="$database" -v role="$role" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
-- only the owning service may connect: new databases grant CONNECT and TEMP to PUBLIC
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
SQL
}

create_service_database prm_tier prm_tier "${PRM_TIER_DB_PASSWORD:?PRM_TIER_DB_PASSWORD is not set}"
create_service_database prm_registration prm_registration "${PRM_REGISTRATION_DB_PASSWORD:?PRM_REGISTRATION_DB_PASSWORD is not set}"
create_service_database prm_commission prm_commission "${PRM_COMMISSION_DB_PASSWORD:?PRM_COMMISSION_DB_PASSWORD is not set}"
