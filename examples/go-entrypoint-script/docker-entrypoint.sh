#!/bin/sh
set -e

# Default the mode unless the caller set one with `docker run -e APP_MODE=...`.
: "${APP_MODE:=production}"
export APP_MODE

exec "$@"
