#!/bin/sh
# Prepares run-time config, then hands over to the command (CMD) with exec.
set -e

: "${GREETING:=hello from entrypoint.sh}"
export GREETING

mkdir -p /tmp/app
printf '{"greeting": "%s", "preparedBy": "entrypoint.sh"}\n' "$GREETING" > /tmp/app/runtime-config.json
export APP_CONFIG=/tmp/app/runtime-config.json

exec "$@"
