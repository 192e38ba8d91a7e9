/**
 * hooks/postprovision.sh with fake `az`, `kubelogin` and `npm` on PATH: the kubelogin login mode it
 * converts the kubeconfig to is the one synth took from AKS_KUBELOGIN_MODE.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';

const REPO = join(__dirname, '..', '..');

/** Runs the hook with AKS_KUBELOGIN_MODE set to `mode` (unset when undefined); returns kubelogin's arguments. */
function kubeloginArgs(mode: string | undefined): string {
  const bin = mkdtempSync(join(tmpdir(), 'kaito-hook-'));
  const log = join(bin, 'calls');
  for (const tool of ['az', 'kubelogin', 'npm']) {
    writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`);
    chmodSync(join(bin, tool), 0o755);
  }
  execFileSync('/bin/sh', [join(REPO, 'hooks', 'postprovision.sh')], {
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      AZURE_RESOURCEGROUP_NAME: 'rg-kaito',
      AZURE_AKS_CLUSTER_NAME: 'aks-kaito',
      ...(mode === undefined ? {} : { AKS_KUBELOGIN_MODE: mode }),
    },
  });
  const calls = readFileSync(log, 'utf8').split('\n');
  return calls.find((c) => c.startsWith('kubelogin '))?.slice('kubelogin '.length) ?? '(kubelogin not run)';
}

describe('postprovision hook (POSIX)', () => {
  test.each([
    [undefined, 'azurecli'],
    ['', 'azurecli'],
    ['azd', 'azd'],
    ['AzureCLI', 'azurecli'],
    [' azd ', 'azd'],
    ['SPN', 'spn'],
    ['WorkloadIdentity', 'workloadidentity'],
  ])('AKS_KUBELOGIN_MODE=%j: kubelogin convert-kubeconfig --login %s, what synth uses', (mode, login) => {
    expect(kubeloginArgs(mode)).toBe(`convert-kubeconfig --login ${login}`);
    expect(loadConfig(mode === undefined ? {} : { AKS_KUBELOGIN_MODE: mode }).kubeloginMode).toBe(login);
  });
});

describe('postprovision hook (PowerShell)', () => {
  // no pwsh here to run it: the same folding, by its text
  test('trims and lowercases AKS_KUBELOGIN_MODE, azurecli when it is empty', () => {
    const text = readFileSync(join(REPO, 'hooks', 'postprovision.ps1'), 'utf8');
    expect(text).toContain('$login = "$env:AKS_KUBELOGIN_MODE".Trim().ToLowerInvariant()');
    expect(text).toContain("if (-not $login) { $login = 'azurecli' }");
    expect(text).toContain('kubelogin convert-kubeconfig --login $login');
  });
});
