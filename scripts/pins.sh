# shellcheck shell=bash
# The versions of the tools that judge what we synthesize, pinned once for engines/install.sh and
# verify/install-tools.sh. All are built from the Go module proxy.
export ETCD_VERSION=v3.6.16       # engines/go/etcd/go.mod
export KUBERNETES_VERSION=v1.36.3 # engines/go/kubernetes/go.mod; the default AKS minor (catalog/data/aks-kubernetes-versions.json); its api/openapi-spec is verify's schema source
export KWOK_VERSION=v0.7.0
export HELM_VERSION=v3.19.0
