/**
 * The kubeconfig file of kubeconfig mode (`AKS_KUBECONFIG`): where it is and whether it can be used,
 * checked at synth and reused by the Day-2 commands. Pure apart from reading that one file; no cdktf.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * The absolute path `AKS_KUBECONFIG` names: a leading `~` or `~/` is the home directory (azd's
 * `.env` keeps `~/...` literally, with no shell to expand it), a relative path is taken from `cwd`.
 * @param value `AKS_KUBECONFIG` as given, e.g. `~/.kube/ci`.
 * @param cwd directory a relative path is taken from.
 * @param home home directory, default `os.homedir()`.
 */
export function kubeconfigPath(value: string, cwd: string, home: string = homedir()): string {
  if (value === '~') return home;
  if (value.startsWith('~/')) return join(home, value.slice(2));
  return isAbsolute(value) ? value : resolve(cwd, value);
}

/** What is wrong with a kubeconfig file, and which variable to change. */
export interface KubeconfigProblem {
  /** `AKS_KUBECONFIG` (the file) or `AKS_KUBECONFIG_CONTEXT` (the context in it). */
  readonly variable: 'AKS_KUBECONFIG' | 'AKS_KUBECONFIG_CONTEXT';
  /** Why, and the fix. */
  readonly message: string;
}

const FIX_FILE =
  'set AKS_KUBECONFIG to the kubeconfig file of the cluster (the one your cluster tool or CI wrote), or unset it for the AKS path';

/**
 * The first problem of the kubeconfig at `path` (absolute, see {@link kubeconfigPath}), or undefined
 * when it is usable: a regular file, YAML with `clusters`, `contexts` and `users` lists, and
 * `context` one of its contexts (or, with `context` undefined, a `current-context` it has). Reads
 * the file only; runs no exec plugin and reaches no API server.
 */
export function kubeconfigProblem(path: string, context: string | undefined): KubeconfigProblem | undefined {
  const fileProblem = (why: string): KubeconfigProblem => ({ variable: 'AKS_KUBECONFIG', message: `${why}; ${FIX_FILE}` });
  let text: string;
  try {
    if (!statSync(path).isFile()) return fileProblem(`${path} is not a regular file`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fileProblem(code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? (err as Error).message})`);
  }
  if (text.trim() === '') return fileProblem(`${path} is empty`);
  if (text.includes('\u0000') || text.includes('\uFFFD'))
    return fileProblem(`${path} is not a text file (binary data): a kubeconfig is YAML`);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return fileProblem(`${path} is not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const config = (doc !== null && typeof doc === 'object' ? doc : {}) as Record<string, unknown>;
  const notLists = ['clusters', 'contexts', 'users'].filter((key) => !Array.isArray(config[key]));
  if (notLists.length > 0) {
    return fileProblem(`${path} is not a kubeconfig: it has no ${notLists.map((k) => `"${k}"`).join(', ')} list`);
  }
  const contexts = (config.contexts as unknown[])
    // a null entry has no name; YAML's other scalars (string, number, boolean) have no name property
    .map((c) => (c as { name?: unknown } | null)?.name)
    .filter((name): name is string => typeof name === 'string');
  const has = contexts.length > 0 ? contexts.join(', ') : '(no contexts)';
  if (context !== undefined) {
    if (contexts.includes(context)) return undefined;
    return {
      variable: 'AKS_KUBECONFIG_CONTEXT',
      message: `${path} has no context "${context}"; it has: ${has}; set AKS_KUBECONFIG_CONTEXT to one of them, or unset it for the file's current context`,
    };
  }
  const current = config['current-context'];
  if (typeof current !== 'string' || current === '') {
    return {
      variable: 'AKS_KUBECONFIG',
      message: `${path} has no current-context; set AKS_KUBECONFIG_CONTEXT to one of its contexts (${has}), or run kubectl --kubeconfig ${path} config use-context <name>`,
    };
  }
  if (!contexts.includes(current)) {
    return {
      variable: 'AKS_KUBECONFIG',
      message: `${path} has current-context "${current}", which is not one of its contexts (${has}); set AKS_KUBECONFIG_CONTEXT to one of them, or fix the file with kubectl --kubeconfig ${path} config use-context <name>`,
    };
  }
  return undefined;
}
