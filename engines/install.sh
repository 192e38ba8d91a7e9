#!/usr/bin/env bash
# Installs the engines `npm run test:engines` runs into .tools/engines/ (gitignored): Terraform and
# its three providers as a filesystem mirror, and a real Kubernetes control plane (etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler, kubectl) with kwok for a simulated node.
# Sources: the Go module proxy and ../shared/tools/terraform-providers; Terraform itself comes with
# the machine image (see install_terraform). Nothing else.
# Idempotent: a binary already built at its pinned version is left alone. Go's own caches
# (GOCACHE ~/.cache/go-build, GOMODCACHE ~/go/pkg/mod) make a rebuild after a clean clone fast.
# Prints, last line, the directory to use: ENGINES=DIR (DIR/bin, DIR/terraformrc).
set -euo pipefail

# Pins: change them here only (the wrapper modules in engines/go/ pin the same releases).
ETCD_VERSION=v3.6.16        # engines/go/etcd/go.mod
KUBERNETES_VERSION=v1.34.2  # engines/go/kubernetes/go.mod; AKS 1.34 (constructs/aks-cluster.ts)
KWOK_VERSION=v0.7.0
TERRAFORM_VERSION=1.11.4

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${KAITO_AKS_TOOLS_DIR:-$ROOT/.tools}"
DEST="$TOOLS/engines"
PROVIDERS="$ROOT/../shared/tools/terraform-providers"
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
need xz
need sha256sum

fresh() { # fresh STAMP VERSION BINARY...: true when every BINARY exists and STAMP holds VERSION
  local stamp=$1 version=$2
  shift 2
  [ "$(cat "$DEST/bin/.$stamp.version" 2>/dev/null)" = "$version" ] || return 1
  local b
  for b in "$@"; do [ -x "$DEST/bin/$b" ] || return 1; done
}

install_terraform() {
  # Terraform comes with the machine image. It cannot be built from the Go module proxy: on
  # 2026-11-29 `go install github.com/hashicorp/terraform@v1.11.4` failed with "The go.mod file for
  # the module providing named packages contains one or more replace directives" (they point at
  # nested modules, such as internal/legacy, that the proxy does not serve), and the release
  # downloads are on a host CI may not reach.
  local found version=""
  found="$(command -v terraform || true)"
  # read whole, then matched: `| grep -q` would end the pipe early and fail it under pipefail
  if [ -n "$found" ]; then version="$("$found" version -json 2>/dev/null || true)"; fi
  if [[ "$version" != *"\"terraform_version\": \"$TERRAFORM_VERSION\""* ]]; then
    echo "engines/install: terraform $TERRAFORM_VERSION is required on PATH (found: ${found:-none}); it comes with the machine image" >&2
    exit 1
  fi
  ln -sf "$found" "$DEST/bin/terraform"
}

install_providers() {
  bash "$PROVIDERS/unpack.sh" "$DEST/terraform-providers" >/dev/null
  cp "$DEST/terraform-providers/terraformrc" "$DEST/terraformrc"
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

step "terraform $TERRAFORM_VERSION" install_terraform
step "terraform providers (../shared/tools/terraform-providers)" install_providers
step "etcd $ETCD_VERSION" install_etcd
step "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $KUBERNETES_VERSION" install_kubernetes
step "kwok $KWOK_VERSION" install_kwok
echo "ENGINES=$DEST"
