#!/bin/sh
# azd preprovision hook: synthesize both stacks from the azd environment (azd passes its values to hooks as environment variables); a bad value stops azd here, before anything is created.
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent azd:preprovision
