#!/usr/bin/env bash
# Install Pruning Lab's dependencies in a virtual environment and start the dashboard.
#   bash scripts/start.sh            # http://localhost:8501
#   PORT=8600 bash scripts/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec "$VENV/bin/python" -m streamlit run app.py --server.port "${PORT:-8501}" \
  --browser.gatherUsageStats false "$@"
