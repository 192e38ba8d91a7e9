#!/usr/bin/env bash
# Installs the pinned third-party tools `npm run verify` uses into .tools/ (gitignored).
# Idempotent: a tool already at its pinned version is left alone, so a rerun takes about a second.
# Sources: PyPI (checkov), the Go module proxy (helm, kubeconform, trivy, and the Kubernetes OpenAPI
# spec shipped in the k8s.io/kubernetes module). Nothing is fetched from GitHub or any other host.
# Trivy is the biggest build: 35 minutes on 2 busy cores here, once.
set -euo pipefail

# Pins: change them here only. `npm run verify` prints the versions it reads back from the tools
# (checkov --version; the module version Go embeds in helm, kubeconform and trivy).
CHECKOV_VERSION=3.3.30
KUBECONFORM_VERSION=v0.7.0
TRIVY_VERSION=v0.74.0 # `trivy config` with the checks bundled in this release; verify runs it offline

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# HELM_VERSION and KUBERNETES_VERSION, shared with engines/install.sh
# shellcheck source=scripts/pins.sh
source "$ROOT/scripts/pins.sh"
TOOLS="${KAITO_AKS_TOOLS_DIR:-$ROOT/.tools}"
mkdir -p "$TOOLS/bin"
export GOBIN="$TOOLS/bin" GOFLAGS=-mod=mod GOTOOLCHAIN=local

step() { # step NAME CMD...: runs CMD, prints how long it took
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "install-tools: $name ready in $((SECONDS - start)) s"
}

need() {
  command -v "$1" >/dev/null || { echo "install-tools: $1 is required (it comes with the machine image); install it first" >&2; exit 1; }
}
need go
need python3

install_checkov() {
  if [ -x "$TOOLS/venv/bin/checkov" ] && [ "$("$TOOLS/venv/bin/checkov" --version 2>/dev/null)" = "$CHECKOV_VERSION" ]; then return; fi
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  ln -sf ../venv/bin/checkov "$TOOLS/bin/checkov"
}

install_go_tool() { # install_go_tool BINARY PACKAGE VERSION
  local stamp="$TOOLS/bin/.$1.version"
  if [ -x "$TOOLS/bin/$1" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$3" ]; then return; fi
  go install "$2@$3"
  echo "$3" >"$stamp"
}

install_trivy() {
  # Trivy's own release builds set this experiment: its code uses encoding/json/v2 (Go 1.25+)
  GOEXPERIMENT=jsonv2 install_go_tool trivy github.com/aquasecurity/trivy/cmd/trivy "$TRIVY_VERSION"
}

install_kubernetes_openapi() {
  local dest="$TOOLS/kubernetes-openapi/$KUBERNETES_VERSION"
  if [ -f "$dest/swagger.json" ]; then return; fi
  rm -rf "$TOOLS/kubernetes-openapi" # verify reads exactly one version
  local dir
  dir="$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$dest"
  cp "$dir/api/openapi-spec/swagger.json" "$dest/swagger.json"
  chmod u+w "$dest/swagger.json"
}

step "checkov $CHECKOV_VERSION" install_checkov
step "helm $HELM_VERSION" install_go_tool helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION"
step "kubeconform $KUBECONFORM_VERSION" install_go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"
step "trivy $TRIVY_VERSION" install_trivy
step "Kubernetes $KUBERNETES_VERSION OpenAPI spec" install_kubernetes_openapi
