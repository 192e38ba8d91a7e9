#!/usr/bin/env bash
# Installs the client libraries ai-service 2.2.0 calls its model with, at the versions its
# requirements.txt pins (aks-store-demo tag 2.2.0, src/ai-service/requirements.txt), into a venv of
# their own under .tools/ (gitignored): `npm run test:app-contract` drives them against loopback fakes.
# Source: PyPI only. Idempotent: a venv that already has both pins is left alone.
set -euo pipefail

# Pins: ai-service 2.2.0's own. Change them with the ai-service image (constructs/ai-service.ts).
# httpx and requests carry the calls (proxy and CA settings from the environment), so they are
# pinned as ai-service pins them too.
OPENAI_VERSION=2.43.0
AZURE_IDENTITY_VERSION=1.25.3
HTTPX_VERSION=0.28.1
REQUESTS_VERSION=2.34.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${KAITO_AKS_TOOLS_DIR:-$ROOT/.tools}"
VENV="$TOOLS/app-clients-venv"

command -v python3 >/dev/null || { echo "install-python-clients: python3 is required; install it first" >&2; exit 1; }

installed() { "$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('$1'))" 2>/dev/null || true; }
if [ "$(installed openai)" = "$OPENAI_VERSION" ] && [ "$(installed azure-identity)" = "$AZURE_IDENTITY_VERSION" ] &&
  [ "$(installed httpx)" = "$HTTPX_VERSION" ] && [ "$(installed requests)" = "$REQUESTS_VERSION" ]; then
  echo "install-python-clients: openai $OPENAI_VERSION, azure-identity $AZURE_IDENTITY_VERSION, httpx $HTTPX_VERSION, requests $REQUESTS_VERSION already in $VENV"
  exit 0
fi
start=$SECONDS
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "openai==$OPENAI_VERSION" "azure-identity==$AZURE_IDENTITY_VERSION" \
  "httpx==$HTTPX_VERSION" "requests==$REQUESTS_VERSION"
echo "install-python-clients: openai $(installed openai), azure-identity $(installed azure-identity), httpx $(installed httpx), requests $(installed requests) in $VENV ($((SECONDS - start)) s)"
