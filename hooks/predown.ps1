# azd predown hook: destroy kaito-stack before azd deletes the cluster: the Workspace goes first, while gpu-provisioner still runs to delete the GPU node pool.
# It runs `kaito-aks destroy-check` first, which stops at once (with the recovery) when that deletion could not finish.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Test-Path node_modules)) { npm ci --no-audit --no-fund; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
npm run --silent azd:predown
exit $LASTEXITCODE
