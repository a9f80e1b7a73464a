#!/bin/sh
set -e
# First start: create the data folder with a sample note.
mkdir -p "$NOTES_DATA"
[ -e "$NOTES_DATA/welcome.txt" ] || echo "first note" > "$NOTES_DATA/welcome.txt"
exec "$@"
