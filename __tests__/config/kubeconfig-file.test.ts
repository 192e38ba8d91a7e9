/**
 * The kubeconfig file of kubeconfig mode (`AKS_KUBECONFIG`): the path it names and the whole
 * message for each kind of unusable file, so the user sees which variable to change and how.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigPath, kubeconfigProblem } from '../../config/kubeconfig-file';

const FIX_FILE =
  'set AKS_KUBECONFIG to the kubeconfig file of the cluster (the one your cluster tool or CI wrote), or unset it for the AKS path';

/** Writes `text` to a new file in a new temporary directory; returns its absolute path. */
function fileWith(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kaito-kubeconfig-file-')), 'kubeconfig');
  writeFileSync(file, text);
  return file;
}

/** A kubeconfig (JSON is YAML) with one cluster and user, the `contexts` list as given. */
function kubeconfigWith(contexts: unknown[], extra: Record<string, unknown> = {}): string {
  return fileWith(
    JSON.stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts,
      ...extra,
    }),
  );
}

describe('kubeconfigPath: where AKS_KUBECONFIG points', () => {
  test.each([
    ['~ alone is the home directory', '~', '/home/dev'],
    ['~/ starts at the home directory', '~/.kube/ci', '/home/dev/.kube/ci'],
    ['an absolute path is kept', '/etc/kube/config', '/etc/kube/config'],
    ['a relative path is taken from the working directory', 'kube/config', '/work/repo/kube/config'],
    ['~name is not a home directory, so it is relative', '~ci', '/work/repo/~ci'],
  ])('%s', (_what, value, expected) => {
    expect(kubeconfigPath(value, '/work/repo', '/home/dev')).toBe(expected);
  });
});

describe('kubeconfigProblem: an unusable file', () => {
  test('fails when a parent of the path is a file, naming the error code and the fix', () => {
    const parent = fileWith('not a directory');
    const path = join(parent, 'kubeconfig');
    expect(kubeconfigProblem(path, undefined)).toEqual({
      variable: 'AKS_KUBECONFIG',
      message: `${path} cannot be read (ENOTDIR); ${FIX_FILE}`,
    });
  });

  test('fails when the file does not exist', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kaito-kubeconfig-file-')), 'missing');
    expect(kubeconfigProblem(path, undefined)).toEqual({ variable: 'AKS_KUBECONFIG', message: `${path} does not exist; ${FIX_FILE}` });
  });

  test('fails when the file is not YAML, quoting only the first line of the parser error', () => {
    const path = fileWith('{ a: 1');
    expect(kubeconfigProblem(path, undefined)).toEqual({
      variable: 'AKS_KUBECONFIG',
      message: `${path} is not YAML: Flow map must end with a } at line 1, column 7:; ${FIX_FILE}`,
    });
  });
});

describe('kubeconfigProblem: the contexts the file lists', () => {
  test.each([
    ['entries without a name are not listed', [{ name: 'aks-kaito' }, { context: {} }], 'aks-kaito'],
    ['null entries are not listed', [null, { name: 'ci' }], 'ci'],
    ['entries that are not maps are not listed', ['dev', 7, true, { name: 'ci' }], 'ci'],
    ['names that are not strings are not listed', [{ name: 5 }, { name: 'ci' }, { name: null }], 'ci'],
    ['an empty list says so', [], '(no contexts)'],
    ['only unnamed entries say so', [{ context: {} }], '(no contexts)'],
    ['several names are listed in order', [{ name: 'a' }, { name: 'b' }, { name: 'c' }], 'a, b, c'],
  ])('fails when AKS_KUBECONFIG_CONTEXT is not among them: %s', (_what, contexts, has) => {
    const path = kubeconfigWith(contexts);
    expect(kubeconfigProblem(path, 'prod')).toEqual({
      variable: 'AKS_KUBECONFIG_CONTEXT',
      message: `${path} has no context "prod"; it has: ${has}; set AKS_KUBECONFIG_CONTEXT to one of them, or unset it for the file's current context`,
    });
  });

  test('a context the file has is usable, whatever the other entries are', () => {
    expect(kubeconfigProblem(kubeconfigWith([null, 'x', { name: 3 }, { name: 'ci' }]), 'ci')).toBeUndefined();
  });
});

describe("kubeconfigProblem: the file's current context", () => {
  test.each([
    ['missing', {}],
    ['empty', { 'current-context': '' }],
    ['not a string', { 'current-context': 5 }],
  ])('fails when current-context is %s and AKS_KUBECONFIG_CONTEXT is unset', (_what, extra) => {
    const path = kubeconfigWith([{ name: 'aks-kaito' }, { name: 'ci' }], extra);
    expect(kubeconfigProblem(path, undefined)).toEqual({
      variable: 'AKS_KUBECONFIG',
      message: `${path} has no current-context; set AKS_KUBECONFIG_CONTEXT to one of its contexts (aks-kaito, ci), or run kubectl --kubeconfig ${path} config use-context <name>`,
    });
  });

  test('fails when current-context is not one of its contexts', () => {
    const path = kubeconfigWith([{ name: 'aks-kaito' }], { 'current-context': 'gone' });
    expect(kubeconfigProblem(path, undefined)).toEqual({
      variable: 'AKS_KUBECONFIG',
      message: `${path} has current-context "gone", which is not one of its contexts (aks-kaito); set AKS_KUBECONFIG_CONTEXT to one of them, or fix the file with kubectl --kubeconfig ${path} config use-context <name>`,
    });
  });

  test('a current-context the file has is usable', () => {
    expect(kubeconfigProblem(kubeconfigWith([{ name: 'ci' }], { 'current-context': 'ci' }), undefined)).toBeUndefined();
  });
});
