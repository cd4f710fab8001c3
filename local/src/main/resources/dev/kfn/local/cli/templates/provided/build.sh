#!/bin/sh
# Packs src/ as the function's code: target/${name}.zip, which function.yaml names.
set -eu
cd "$(dirname "$0")"
mkdir -p target
rm -f target/${name}.zip
# the JDK's jar tool writes zips, so nothing else is needed
jar --create --no-manifest --file target/${name}.zip -C src .
echo "built target/${name}.zip"
