#!/bin/sh
# azd postprovision hook: deploy kaito-stack (Kaito, the Workspace, the store app, ai-service) on the cluster azd just provisioned.
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent azd:postprovision
