#!/bin/sh
set -e
# Refresh dependencies on every start (a development habit).
composer install --no-interaction
exec "$@"
