#!/bin/sh
# ${name}'s handler: the event (JSON) on standard input, the answer (JSON) on standard output.
set -eu
event=$(cat)
name=$(printf '%s' "$event" | sed -n 's/.*"name"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
printf '{"message":"Hello, %s!"}\n' "${name:-world}"
