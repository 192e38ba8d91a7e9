# azd preprovision hook: synthesize both stacks from the azd environment (azd passes its values to hooks as environment variables); a bad value stops azd here, before anything is created.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Test-Path node_modules)) { npm ci --no-audit --no-fund; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
npm run --silent azd:preprovision
exit $LASTEXITCODE
