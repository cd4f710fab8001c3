#!/bin/sh
# ${name}'s test: the handler answers an event as expected.
set -eu
cd "$(dirname "$0")"
expect() {
  actual=$(printf '%s' "$1" | sh src/handler.sh)
  if [ "$actual" != "$2" ]; then
    echo "FAIL: for $1 expected $2, got $actual" >&2
    exit 1
  fi
}
expect '{"name":"kfn"}' '{"message":"Hello, kfn!"}'
expect '{}' '{"message":"Hello, world!"}'
echo "2 tests passed"
