# azd preprovision hook: synthesize both stacks from the azd environment (azd passes its values to
# hooks as environment variables), so a bad value stops azd before anything is created; then check
# the GPU quota and that the size is offered in the region (skipped with a notice when not logged in).
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Test-Path node_modules)) { npm ci --no-audit --no-fund; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
npm run --silent azd:preprovision
exit $LASTEXITCODE
