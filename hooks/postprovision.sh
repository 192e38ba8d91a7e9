#!/bin/sh
# azd postprovision hook: deploy kaito-stack (Kaito, the Workspace, the store app, ai-service) on
# the cluster azd just provisioned, then wait for the model and smoke-test it.
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
# wait and smoke read the cluster through a kubeconfig: the one of the cluster azd just made, with
# an Entra ID token from kubelogin (the cluster has no local accounts); azd passes its outputs here
az aks get-credentials --resource-group "$AZURE_RESOURCEGROUP_NAME" --name "$AZURE_AKS_CLUSTER_NAME" --overwrite-existing
kubelogin convert-kubeconfig --login "${AKS_KUBELOGIN_MODE:-azurecli}"
npm run --silent azd:postprovision
