#!/bin/sh
# azd predown hook: destroy kaito-stack before azd deletes the cluster: the Workspace goes first, while gpu-provisioner still runs to delete the GPU node pool.
# It runs `kaito-aks destroy-check` first, which stops at once (with the recovery) when that deletion could not finish.
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent azd:predown
