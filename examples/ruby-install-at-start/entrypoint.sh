#!/bin/sh
set -e
bundle check || bundle install
bundle exec rails db:prepare
exec "$@"
