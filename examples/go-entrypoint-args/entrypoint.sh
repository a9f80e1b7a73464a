#!/bin/sh
# Sets defaults, then runs the server with whatever arguments the container got (CMD).
set -e
: "${APP_MODE:=production}"
export APP_MODE
exec /app/bin/server "$@"
