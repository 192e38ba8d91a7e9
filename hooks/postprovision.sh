#!/bin/sh
# azd postprovision hook: deploy kaito-stack (Kaito, the Workspace, the store app, ai-service) on
# the cluster azd just provisioned, then wait for the model and smoke-test it.
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
# wait and smoke read the cluster through a kubeconfig: the one of the cluster azd just made, with
# an Entra ID token from kubelogin (the cluster has no local accounts); azd passes its outputs here
az aks get-credentials --resource-group "$AZURE_RESOURCEGROUP_NAME" --name "$AZURE_AKS_CLUSTER_NAME" --overwrite-existing
# synth takes AKS_KUBELOGIN_MODE in any case and with blanks around it; kubelogin wants it exact
login=$(printf '%s' "${AKS_KUBELOGIN_MODE:-}" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
kubelogin convert-kubeconfig --login "${login:-azurecli}"
npm run --silent azd:postprovision
