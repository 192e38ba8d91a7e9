/**
 * Refreshes the catalog's upstream data: copies what Kaito's own code says (`kaito-oracle` output)
 * and the preset reference table into `catalog/data/`, then regenerates `catalog/data/presets.json`,
 * the compact file synth loads.
 *
 *   npm run refresh:catalog                 # from ../shared/reference/kaito
 *   npm run refresh:catalog -- <folder>     # a folder with presets-full.csv and kaito-oracle/
 *
 * `buildPresetData` is also what `__tests__/catalog/data.test.ts` runs on the copies, to prove the
 * checked-in JSON is what the copies say. It throws when the sources disagree with each other (an
 * alias without exactly one preset behind it, an alias whose facts differ from its preset's, a
 * preset without a row in presets-full.csv), so a refresh never writes half-understood data.
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PodSecurityLevel, PresetData, PresetFacts } from '../catalog/presets';
import { RELEASE_VERSIONS, ReleaseVersion } from '../catalog/release-trains';

/** Where the copies live. */
export const DATA_DIR = join(__dirname, '..', 'catalog', 'data');

/**
 * Where the workloads Kaito's controller generated are read (`workload-<v>.jsonl`, kaito-oracle
 * README "Generated inference workloads"); read in place, not copied.
 */
export const WORKLOAD_DIR = join(__dirname, '..', '..', 'shared', 'reference', 'kaito', 'kaito-oracle');

/** One line of `workload-<v>[-nv36ads-a10].jsonl`: the workload Kaito's controller made for one name (the fields we read). */
export interface OracleWorkload {
  readonly release: string;
  readonly model: string;
  readonly sku: string;
  readonly servedModelName: string;
  readonly podSecurityLevel: PodSecurityLevel;
  readonly volumes: readonly { readonly name: string; readonly type: string; readonly path?: string }[];
  readonly error?: string;
}

/** The workload files of a release: on Kaito's default size per model, and on Standard_NV36ads_A10_v5 where it fits. */
export const workloadFiles = (release: ReleaseVersion): string[] => [`workload-${release}.jsonl`, `workload-${release}-nv36ads-a10.jsonl`];

/**
 * What the workloads Kaito generated for `name` say, the same on every size recorded: the served model
 * name, the lowest Pod Security level that admits the pod, and the node paths it mounts.
 */
function workloadFactsOf(
  release: ReleaseVersion,
  name: string,
  workloads: readonly OracleWorkload[],
): Pick<PresetFacts, 'servedModelName' | 'podSecurityLevel' | 'hostPaths'> {
  const rows = workloads.filter((w) => w.model === name);
  if (rows.length === 0) throw new Error(`${release} ${name}: no workload in ${workloadFiles(release).join(' or ')}`);
  const facts = rows.map((w) => {
    if (w.error) throw new Error(`${release} ${name} on ${w.sku}: Kaito made no workload (${w.error})`);
    const hostPaths = w.volumes.filter((v) => v.type === 'hostPath').map((v) => v.path ?? '');
    return { servedModelName: w.servedModelName, podSecurityLevel: w.podSecurityLevel, hostPaths };
  });
  const [first] = facts;
  if (facts.some((f) => JSON.stringify(f) !== JSON.stringify(first))) {
    throw new Error(`${release} ${name}: the workloads on ${rows.map((w) => w.sku).join(', ')} disagree on ${JSON.stringify(facts)}`);
  }
  return first;
}

/** One line of `presets-<v>.jsonl` (kaito-oracle `presets`). */
export interface OraclePreset {
  readonly name: string;
  readonly source: readonly string[];
  readonly resolved: boolean;
  readonly modelFileSize: string;
  readonly bytesPerToken: number;
  readonly modelTokenLimit: number;
  readonly disableTensorParallelism: boolean;
  readonly supportDistributedInference: boolean;
  readonly downloadAtRuntime: boolean;
  readonly downloadAuthRequired: boolean;
}

/** The oracle's `source` of a built-in Hugging Face id alias (v0.10.0 `builtinVLLMModels`). */
const ALIAS_SOURCE = 'builtin-hf-alias';

/** Reads a JSON-lines file. */
export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** `641.3Gi` -> 641.3 */
function gibibytes(size: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)Gi$/.exec(size);
  if (!match) throw new Error(`${name}: modelFileSize "${size}" is not in Gi`);
  return Number(match[1]);
}

/** The facts the estimator and the webhook read, as the catalog names them. */
function factsOf(
  row: OraclePreset,
): Omit<PresetFacts, 'name' | 'huggingFaceId' | 'runtimes' | 'servedModelName' | 'podSecurityLevel' | 'hostPaths'> {
  return {
    modelSizeGiB: gibibytes(row.modelFileSize, row.name),
    tokenLimit: row.modelTokenLimit,
    kvCacheBytesPerToken: row.bytesPerToken,
    splitAcrossGpus: !row.disableTensorParallelism,
    multiNode: row.supportDistributedInference,
    downloadAtRuntime: row.downloadAtRuntime,
    downloadAuthRequired: row.downloadAuthRequired,
  };
}

/**
 * Builds the catalog's preset data from the copies in `dir` (default: `catalog/data`) and the
 * workloads in `workloadDir` (default: {@link WORKLOAD_DIR}).
 */
export function buildPresetData(dir: string = DATA_DIR, workloadDir: string = WORKLOAD_DIR): PresetData {
  const [header, ...lines] = readFileSync(join(dir, 'presets-full.csv'), 'utf8').trim().split('\n');
  const keys = header.split(',');
  const reference = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
  const oracleReadme = readFileSync(join(dir, 'kaito-oracle', 'README.md'), 'utf8');
  const date = /\((\d{4}-\d{2}-\d{2})\)/.exec(oracleReadme)?.[1];
  if (!date) throw new Error('kaito-oracle/README.md names no date in its title');
  const workloadReadme = readFileSync(join(workloadDir, 'README.md'), 'utf8');
  const workloadDate = /## Generated inference workloads[^\n]*\n+Recorded on (\d{4}-\d{2}-\d{2})/.exec(workloadReadme)?.[1];
  if (!workloadDate) throw new Error(`${join(workloadDir, 'README.md')} names no "Recorded on" date for the generated workloads`);

  const releases = {} as Record<ReleaseVersion, PresetData['releases'][ReleaseVersion]>;
  for (const release of RELEASE_VERSIONS) {
    const rows = readJsonLines<OraclePreset>(join(dir, 'kaito-oracle', `presets-${release}.jsonl`));
    const workloads = workloadFiles(release).flatMap((file) => readJsonLines<OracleWorkload>(join(workloadDir, file)));
    const unresolved = rows.filter((r) => !r.resolved).map((r) => r.name);
    if (unresolved.length > 0) throw new Error(`Kaito ${release} does not resolve ${unresolved.join(', ')}`);
    const presets: PresetFacts[] = rows
      .filter((r) => !r.source.every((s) => s === ALIAS_SOURCE))
      .map((r) => {
        const ref = reference.find((x) => x.kaito_version === `v${release}` && x.preset_name === r.name);
        if (!ref) throw new Error(`${r.name}: no row for v${release} in presets-full.csv`);
        return {
          name: r.name,
          huggingFaceId: ref.hf_model_id,
          runtimes: ref.runtimes,
          ...factsOf(r),
          ...workloadFactsOf(release, r.name, workloads),
        };
      });
    const aliases: Record<string, string> = {};
    for (const row of rows.filter((r) => r.source.every((s) => s === ALIAS_SOURCE))) {
      // the registered preset whose Hugging Face id the alias is (lowercased, as Kaito lists them)
      const targets = rows
        .filter((r) => r.source.includes('registered'))
        .map((r) => presets.find((p) => p.name === r.name))
        .filter((p): p is PresetFacts => p !== undefined && p.huggingFaceId.toLowerCase() === row.name);
      if (targets.length !== 1) throw new Error(`${release} alias ${row.name}: ${targets.length} presets have that Hugging Face id`);
      const [target] = targets;
      const { name: _n, huggingFaceId: _h, runtimes: _r, ...targetFacts } = target;
      if (JSON.stringify({ ...factsOf(row), ...workloadFactsOf(release, row.name, workloads) }) !== JSON.stringify(targetFacts)) {
        throw new Error(`${release} alias ${row.name}: Kaito's facts differ from those of ${target.name}`);
      }
      aliases[row.name] = target.name;
    }
    releases[release] = { presets, aliases };
  }
  return {
    source:
      'Generated by scripts/refresh-catalog.ts (npm run refresh:catalog); do not edit. Facts: kaito-oracle/presets-<release>.jsonl ' +
      "(Kaito's own code at the release tags); Hugging Face id and runtimes: presets-full.csv; served model name, Pod Security " +
      "level and host paths: the workloads Kaito's controller generated (../shared/reference/kaito/kaito-oracle/workload-<release>*.jsonl).",
    kaitoOracleDate: date,
    kaitoWorkloadDate: workloadDate,
    releases,
  };
}

/** The text of `presets.json` for `data`: one preset per line, so a refresh diffs by preset. */
export function presetDataText(data: PresetData): string {
  const releases = RELEASE_VERSIONS.map((release) => {
    const { presets, aliases } = data.releases[release];
    const presetLines = presets.map((p) => `        ${JSON.stringify(p)}`).join(',\n');
    const aliasLines = Object.entries(aliases)
      .map(([alias, name]) => `        ${JSON.stringify(alias)}: ${JSON.stringify(name)}`)
      .join(',\n');
    const aliasBlock = aliasLines === '' ? '{}' : `{\n${aliasLines}\n      }`;
    return `    ${JSON.stringify(release)}: {\n      "presets": [\n${presetLines}\n      ],\n      "aliases": ${aliasBlock}\n    }`;
  });
  return (
    `{\n  "source": ${JSON.stringify(data.source)},\n  "kaitoOracleDate": ${JSON.stringify(data.kaitoOracleDate)},\n` +
    `  "kaitoWorkloadDate": ${JSON.stringify(data.kaitoWorkloadDate)},\n` +
    `  "releases": {\n${releases.join(',\n')}\n  }\n}\n`
  );
}

/** Copies the sources from `referenceDir` into `catalog/data` and regenerates `presets.json`. */
export function refreshCatalog(referenceDir: string): void {
  mkdirSync(join(DATA_DIR, 'kaito-oracle'), { recursive: true });
  const copy = (from: string, to: string) => {
    copyFileSync(from, to);
    chmodSync(to, 0o644); // the reference files are read-only; the copies are ours to refresh
  };
  copy(join(referenceDir, 'presets-full.csv'), join(DATA_DIR, 'presets-full.csv'));
  for (const file of readdirSync(join(referenceDir, 'kaito-oracle'))) {
    copy(join(referenceDir, 'kaito-oracle', file), join(DATA_DIR, 'kaito-oracle', file));
  }
  writeFileSync(join(DATA_DIR, 'presets.json'), presetDataText(buildPresetData(DATA_DIR)));
}

if (require.main === module) {
  const referenceDir = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'reference', 'kaito');
  refreshCatalog(referenceDir);
  process.stdout.write(`catalog/data refreshed from ${referenceDir}\n`);
}
