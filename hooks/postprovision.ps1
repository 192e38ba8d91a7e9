# azd postprovision hook: deploy kaito-stack (Kaito, the Workspace, the store app, ai-service) on
# the cluster azd just provisioned, then wait for the model and smoke-test it.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
if (-not (Test-Path node_modules)) { npm ci --no-audit --no-fund; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }
# wait and smoke read the cluster through a kubeconfig: the one of the cluster azd just made, with
# an Entra ID token from kubelogin (the cluster has no local accounts); azd passes its outputs here
az aks get-credentials --resource-group $env:AZURE_RESOURCEGROUP_NAME --name $env:AZURE_AKS_CLUSTER_NAME --overwrite-existing
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
# synth takes AKS_KUBELOGIN_MODE in any case and with blanks around it; kubelogin wants it exact
$login = "$env:AKS_KUBELOGIN_MODE".Trim().ToLowerInvariant()
if (-not $login) { $login = 'azurecli' }
kubelogin convert-kubeconfig --login $login
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
npm run --silent azd:postprovision
exit $LASTEXITCODE
