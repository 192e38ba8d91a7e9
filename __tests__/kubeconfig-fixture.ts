/**
 * A small valid kubeconfig in a temporary directory, for the tests of kubeconfig mode
 * (`AKS_KUBECONFIG`), which synth checks: the file must exist and hold the context asked for.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The contexts of {@link writeKubeconfig}'s file: `aks-kaito` (current) and `ci`. */
export const KUBECONFIG_CONTEXTS = ['aks-kaito', 'ci'] as const;

/**
 * Writes a kubeconfig with the contexts {@link KUBECONFIG_CONTEXTS} (both on one cluster at
 * `server`, token auth) into a new temporary directory, or into `dir` when given.
 * @returns the file's absolute path.
 */
export function writeKubeconfig(dir: string = mkdtempSync(join(tmpdir(), 'kaito-kubeconfig-')), server = 'https://127.0.0.1:6443'): string {
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'aks-kaito', cluster: { server } }],
      users: [{ name: 'user', user: { token: 'test-token' } }],
      contexts: KUBECONFIG_CONTEXTS.map((name) => ({ name, context: { cluster: 'aks-kaito', user: 'user' } })),
      'current-context': 'aks-kaito',
    }),
  );
  return file;
}
