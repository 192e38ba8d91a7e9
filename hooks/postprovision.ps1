# azd postprovision hook: deploy kaito-stack (Kaito, the Workspace, the store app, ai-service) on the cluster azd just provisioned.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Test-Path node_modules)) { npm ci --no-audit --no-fund; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
npm run --silent azd:postprovision
exit $LASTEXITCODE
