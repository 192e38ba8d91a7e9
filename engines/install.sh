#!/usr/bin/env bash
# Installs the engines `npm run test:engines` runs into .tools/engines/ (gitignored): a real
# Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl)
# with kwok for a simulated node, and the Helm CLI. Source: the Go module proxy, nothing else.
# (Terraform and its providers are not used: they cannot be had from the registries at the versions
# we pin. engines/tfjson.ts applies the synthesized stacks with helm and kubectl instead.)
# Idempotent: a binary already built at its pinned version is left alone. Go's own caches
# (GOCACHE ~/.cache/go-build, GOMODCACHE ~/go/pkg/mod) make a rebuild after a clean clone fast.
# Prints, last line, the directory to use: ENGINES=DIR (DIR/bin).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Pins shared with verify/install-tools.sh (the wrapper modules in engines/go/ pin the same releases).
# shellcheck source=scripts/pins.sh
source "$ROOT/scripts/pins.sh"
TOOLS="${KAITO_AKS_TOOLS_DIR:-$ROOT/.tools}"
DEST="$TOOLS/engines"
mkdir -p "$DEST/bin"
export GOBIN="$DEST/bin" GOTOOLCHAIN=local CGO_ENABLED=0

step() { # step NAME CMD...: runs CMD, prints how long it took
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "engines/install: $name ready in $((SECONDS - start)) s" >&2
}

need() {
  command -v "$1" >/dev/null || { echo "engines/install: $1 is required (it comes with the machine image); install it first" >&2; exit 1; }
}
need go

fresh() { # fresh STAMP VERSION BINARY...: true when every BINARY exists and STAMP holds VERSION
  local stamp=$1 version=$2
  shift 2
  [ "$(cat "$DEST/bin/.$stamp.version" 2>/dev/null)" = "$version" ] || return 1
  local b
  for b in "$@"; do [ -x "$DEST/bin/$b" ] || return 1; done
}
install_etcd() {
  if fresh etcd "$ETCD_VERSION" etcd; then return; fi
  (cd "$ROOT/engines/go/etcd" && go build -mod=readonly -trimpath -o "$DEST/bin/etcd" go.etcd.io/etcd/server/v3)
  echo "$ETCD_VERSION" >"$DEST/bin/.etcd.version"
}

install_kubernetes() {
  local bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
  if fresh kubernetes "$KUBERNETES_VERSION" "${bins[@]}"; then return; fi
  # The version the binaries report: helm compares charts' kubeVersion against it.
  local minor="${KUBERNETES_VERSION#v1.}"
  minor="${minor%%.*}"
  local v ldflags="-s -w"
  for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor"
    ldflags+=" -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z"
  done
  local pkgs=() b
  for b in "${bins[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
  (cd "$ROOT/engines/go/kubernetes" && go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$DEST/bin/" "${pkgs[@]}")
  echo "$KUBERNETES_VERSION" >"$DEST/bin/.kubernetes.version"
}

install_kwok() {
  if fresh kwok "$KWOK_VERSION" kwok; then return; fi
  GOFLAGS=-mod=mod go install -trimpath "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  echo "$KWOK_VERSION" >"$DEST/bin/.kwok.version"
}

install_helm() {
  if fresh helm "$HELM_VERSION" helm; then return; fi
  GOFLAGS=-mod=mod go install -trimpath "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  echo "$HELM_VERSION" >"$DEST/bin/.helm.version"
}

step "etcd $ETCD_VERSION" install_etcd
step "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBERNETES_VERSION" install_kubernetes
step "kwok $KWOK_VERSION" install_kwok
step "helm $HELM_VERSION" install_helm
echo "ENGINES=$DEST"
