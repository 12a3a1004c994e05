#!/usr/bin/env bash
# Measures the compatibility matrix (every row, all three modes) and publishes it to docs/COMPATIBILITY.md.
# `scripts/test.sh` measures it too, but only ever writes it under compat-tests/target/compat/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test.sh -pl compat-tests -am "$@"
matrix=compat-tests/target/compat/COMPATIBILITY.md
if [ ! -f "$matrix" ]; then
  echo "publish-compatibility: no complete matrix in $matrix (was every row measured?)" >&2
  exit 1
fi
cp "$matrix" docs/COMPATIBILITY.md
echo "published $matrix to docs/COMPATIBILITY.md"
