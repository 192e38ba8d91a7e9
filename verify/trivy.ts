/**
 * Trivy (`trivy config`, the scanner the store demo's CI runs) on the synthesized stacks, offline with
 * the checks bundled in the binary: no check bundle download, no version check, no telemetry.
 *
 * It scans the HCL that `cdktf synth --hcl` writes, not `cdk.tf.json`: Trivy misreads nested blocks
 * of `.tf.json` (it reports the cluster's `oms_agent` and `network_profile` as absent, AZU-0040 and
 * AZU-0043). Like checkov it runs twice: with `.trivyignore.yaml` (the verdict: no failure) and
 * without it, to count what each ignore hides and flag an ignore that hides nothing. An ignore with
 * `paths` holds only there; outside them the check must be seen passing.
 */
import { resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { run } from './tools';

/** One check result on one resource. */
export interface TrivyResult {
  /** Check ID, e.g. `AZU-0041`. */
  readonly id: string;
  /** What the check wants. */
  readonly title: string;
  /** Severity. */
  readonly severity: string;
  /** The resource, e.g. `azurerm_kubernetes_cluster.Cluster_EB0386A7`. */
  readonly resource: string;
  /** Absolute path of the scanned file (a failure) or module folder (a pass). */
  readonly file: string;
  /** The outcome. */
  readonly outcome: 'passed' | 'failed';
}

/** An ignore of `.trivyignore.yaml`, and why. */
export interface TrivyIgnore {
  /** Check ID. */
  readonly id: string;
  /** Glob patterns (relative to the scanned folder) it is limited to; absent: everywhere. */
  readonly paths?: readonly string[];
  /** The one-line reason. */
  readonly statement: string;
}

interface TrivyReport {
  readonly Results?: readonly {
    readonly Target: string;
    readonly Class?: string;
    readonly Misconfigurations?: readonly {
      readonly ID: string;
      readonly Title: string;
      readonly Severity: string;
      readonly Status: 'PASS' | 'FAIL';
      readonly CauseMetadata?: { readonly Resource?: string };
    }[];
  }[];
}

/**
 * Reads Trivy's `--format json` report of a folder scan.
 * @param root the scanned folder; targets are relative to it
 */
export function parseTrivyJson(text: string, root: string): TrivyResult[] {
  const report = JSON.parse(text) as TrivyReport;
  return (report.Results ?? []).flatMap((r) =>
    (r.Misconfigurations ?? []).map((m) => ({
      id: m.ID,
      title: m.Title,
      severity: m.Severity,
      resource: m.CauseMetadata?.Resource ?? '',
      file: resolve(root, r.Target),
      outcome: m.Status === 'PASS' ? ('passed' as const) : ('failed' as const),
    })),
  );
}

/**
 * Reads the `misconfigurations` of a Trivy ignore file; each needs a `statement`, its reason.
 * @throws when an entry has no id or no statement, or the list is not a list
 */
export function readIgnores(text: string): TrivyIgnore[] {
  const doc = parseDocument(text);
  const list = doc.get('misconfigurations', true);
  if (list === undefined) return [];
  if (!isSeq(list)) throw new Error('.trivyignore.yaml: misconfigurations must be a list');
  return list.items.map((item) => {
    if (!isMap(item)) throw new Error('.trivyignore.yaml: each misconfigurations entry must be a map with id and statement');
    const id = item.get('id');
    const statement = item.get('statement');
    const paths = item.get('paths', true);
    if (typeof id !== 'string') throw new Error('.trivyignore.yaml: an entry has no id');
    if (typeof statement !== 'string' || statement.trim() === '') {
      throw new Error(`.trivyignore.yaml: ${id} has no statement; say in one line why the check does not fit`);
    }
    const patterns =
      paths === undefined ? undefined : isSeq(paths) ? paths.items.map((p) => (isScalar(p) ? String(p.value) : '')) : undefined;
    if (paths !== undefined && patterns === undefined) throw new Error(`.trivyignore.yaml: paths of ${id} must be a list`);
    return { id, statement: statement.trim(), ...(patterns ? { paths: patterns } : {}) };
  });
}

/**
 * Runs `trivy config` on `dir`, offline, with every result (passes too). With `ignoreFile` it applies
 * that file; without, `cwd` must hold no `.trivyignore` (Trivy reads one from the working folder).
 */
export function runTrivy(binary: string, dir: string, options: { ignoreFile?: string; cacheDir: string; cwd: string }): TrivyResult[] {
  const args = [
    'config',
    '--format',
    'json',
    '--include-non-failures',
    '--quiet',
    // offline: the checks bundled in the binary, no bundle download, no version check or telemetry
    '--skip-check-update',
    '--skip-version-check',
    '--disable-telemetry',
    '--misconfig-scanners',
    'terraform',
    '--cache-dir',
    options.cacheDir,
    ...(options.ignoreFile ? ['--ignorefile', options.ignoreFile] : []),
    resolve(dir),
  ];
  const out = run(binary, args, { cwd: options.cwd });
  if (out.status !== 0) throw new Error(`trivy exited with ${out.status}: ${out.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return parseTrivyJson(out.stdout, dir);
}

/**
 * The results of `dir` and the files under it. Trivy reports a failure on its file (`.../cdk.tf`) and
 * a pass on the module folder (`.../stacks/infra`).
 */
export function trivyResultsUnder(results: readonly TrivyResult[], dir: string): TrivyResult[] {
  const folder = resolve(dir);
  return results.filter((r) => r.file === folder || r.file.startsWith(folder + sep));
}

/**
 * Whether `file` (absolute) is under one of `patterns`, each a folder relative to `root` followed by
 * `/**` (the one glob form verify reads, so that it judges paths as Trivy does).
 * @throws on any other pattern
 */
export function underPaths(file: string, root: string, patterns: readonly string[]): boolean {
  const relativePath = file
    .slice(resolve(root).length + 1)
    .split(sep)
    .join('/');
  return patterns.some((p) => {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/\*\*$/.test(p)) {
      throw new Error(`.trivyignore.yaml: path "${p}" must be a folder followed by /**, e.g. api-open/**`);
    }
    return relativePath.startsWith(p.slice(0, -2));
  });
}

/**
 * What is wrong with each ignore: it must hide a failure where it holds, and an ignore limited to
 * `paths` must see its check pass, and fail nowhere, outside them.
 * @param bare the results without the ignore file
 */
export function ignoreProblems(ignores: readonly TrivyIgnore[], bare: readonly TrivyResult[], root: string): string[] {
  const problems: string[] = [];
  for (const ignore of ignores) {
    const mine = bare.filter((r) => r.id === ignore.id);
    const inside = mine.filter((r) => ignore.paths === undefined || underPaths(r.file, root, ignore.paths));
    if (!inside.some((r) => r.outcome === 'failed')) {
      problems.push(
        `.trivyignore.yaml ignores ${ignore.id}${ignore.paths ? ` in ${ignore.paths.join(', ')}` : ''}, which fails nowhere there now: remove it`,
      );
    }
    if (ignore.paths !== undefined) {
      const outside = mine.filter((r) => !underPaths(r.file, root, ignore.paths ?? []));
      if (!outside.some((r) => r.outcome === 'passed') || outside.some((r) => r.outcome === 'failed')) {
        problems.push(`${ignore.id} must pass outside ${ignore.paths.join(', ')}, and does not everywhere there`);
      }
    }
  }
  return problems;
}
