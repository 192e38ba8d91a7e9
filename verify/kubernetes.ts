/**
 * The Kubernetes side of `npm run verify`: the Helm CLI lints and renders the generated local chart
 * with the values each release passes, and kubeconform validates what it renders (plus the objects
 * the kubernetes provider creates) against the schemas of the target Kubernetes version and, for
 * the Workspace, of the Kaito CRD of its release train.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run, toolPath } from './tools';

/** Environment for helm: its cache, config and data folders under `home`, nothing read from the user's. */
function helmEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
}

/** The outcome of `helm lint --strict` on a chart with a values file. */
export function helmLint(chartDir: string, valuesFile: string, namespace: string, helmHome: string): { ok: boolean; output: string } {
  const out = run(toolPath('helm'), ['lint', chartDir, '--strict', '--namespace', namespace, '--values', valuesFile], {
    env: helmEnv(helmHome),
  });
  return { ok: out.status === 0, output: `${out.stdout}${out.stderr}`.trim() };
}

/** `helm template` of a chart: the objects it renders, or the error. */
export function helmTemplate(
  release: string,
  chartDir: string,
  valuesFile: string,
  namespace: string,
  helmHome: string,
): { ok: true; yaml: string; objects: unknown[] } | { ok: false; output: string } {
  const out = run(toolPath('helm'), ['template', release, chartDir, '--namespace', namespace, '--values', valuesFile], {
    env: helmEnv(helmHome),
  });
  if (out.status !== 0) return { ok: false, output: `${out.stdout}${out.stderr}`.trim() };
  const objects = parseAllDocuments(out.stdout)
    .map((d) => d.toJS() as unknown)
    .filter((o) => o !== null && o !== undefined);
  return { ok: true, yaml: out.stdout, objects };
}

/**
 * The first place where `actual` differs from `expected`, as a path and both values, or undefined
 * when they are equal (same keys, same order of list items, same scalar types).
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  const at = path || '(root)';
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual))
      return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    if (expected.length !== actual.length) return `${at}: expected ${expected.length} item(s), got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isMap(expected) && isMap(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      if (!(key in actual)) return `${path ? `${path}.` : ''}${key}: missing from the rendered object`;
      if (!(key in expected)) return `${path ? `${path}.` : ''}${key}: rendered, but not in the object we meant`;
      const d = firstDifference(expected[key], actual[key], path ? `${path}.${key}` : key);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/**
 * Compares the objects Helm rendered with the objects we meant, matched by apiVersion, kind,
 * namespace and name (Helm orders its output by kind, not as the values list them).
 * @returns the first difference, or undefined when both sets hold exactly the same objects
 */
export function compareObjects(expected: readonly unknown[], actual: readonly unknown[]): string | undefined {
  const byKey = (objects: readonly unknown[]) => new Map(objects.map((o) => [objectKey(o), o]));
  const want = byKey(expected);
  const got = byKey(actual);
  if (want.size !== expected.length || got.size !== actual.length) return 'two objects share apiVersion, kind, namespace and name';
  for (const key of want.keys()) if (!got.has(key)) return `${key}: not rendered`;
  for (const key of got.keys()) if (!want.has(key)) return `${key}: rendered, but not an object we meant`;
  for (const [key, object] of want) {
    const d = firstDifference(object, got.get(key));
    if (d !== undefined) return `${key}: ${d}`;
  }
  return undefined;
}

function objectKey(o: unknown): string {
  const m = isMap(o) ? o : {};
  const meta = isMap(m.metadata) ? m.metadata : {};
  return `${String(m.apiVersion)} ${String(m.kind)} ${String(meta.namespace ?? '')}/${String(meta.name)}`;
}

/** One object's verdict from kubeconform. */
export interface KubeconformResult {
  readonly filename: string;
  readonly kind: string;
  readonly name: string;
  readonly version: string;
  readonly status: 'statusValid' | 'statusInvalid' | 'statusError' | 'statusSkipped';
  readonly msg: string;
}

/** Reads kubeconform's `-output json -verbose` report. */
export function parseKubeconformJson(text: string): KubeconformResult[] {
  const report = JSON.parse(text) as { resources?: KubeconformResult[] };
  return report.resources ?? [];
}

/** Runs kubeconform in strict mode on `files` with the given schema location templates, offline. */
export function kubeconform(files: readonly string[], schemaLocations: readonly string[]): KubeconformResult[] {
  const args = ['-strict', '-summary', '-verbose', '-output', 'json', ...schemaLocations.flatMap((l) => ['-schema-location', l]), ...files];
  const out = run(toolPath('kubeconform'), args);
  // exit 1 means invalid objects, which the JSON lists; anything else, or no JSON, is a crash
  if (out.status > 1 || !out.stdout.trim().startsWith('{')) {
    throw new Error(`kubeconform exited with ${out.status}: ${`${out.stdout}${out.stderr}`.trim().slice(0, 2000)}`);
  }
  return parseKubeconformJson(out.stdout);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
