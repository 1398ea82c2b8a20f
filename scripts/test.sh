#!/usr/bin/env bash
# Install everything the test suite needs and run all of it.
#   bash scripts/test.sh              # all tests, browser tests included
#   bash scripts/test.sh -k trees     # extra arguments go to pytest
# Debian's chromium (browser tests) and graphviz (`dot`, to check diagrams) are
# installed with apt when missing; the Python packages go in a virtual environment
# ($VENV, default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${need[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
exec "$VENV/bin/python" -m pytest "$@"
