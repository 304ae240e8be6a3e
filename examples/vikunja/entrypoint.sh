#!/bin/sh
# ECS injects DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD from the database's generated secret (never in
# the task definition's plain environment). Vikunja reads VIKUNJA_DATABASE_*; TLS to RDS is required.
set -eu
export VIKUNJA_DATABASE_HOST="${DB_HOST}:${DB_PORT}"
export VIKUNJA_DATABASE_DATABASE="${DB_NAME}"
export VIKUNJA_DATABASE_USER="${DB_USER}"
export VIKUNJA_DATABASE_PASSWORD="${DB_PASSWORD}"
export VIKUNJA_DATABASE_TLS=true
exec /app/vikunja/vikunja "$@"
