#!/bin/sh
# azd preprovision hook: synthesize both stacks from the azd environment (azd passes its values to
# hooks as environment variables), so a bad value stops azd before anything is created; then check
# the GPU quota and that the size is offered in the region (skipped with a notice when not logged in).
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent azd:preprovision
