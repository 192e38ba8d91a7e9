/**
 * Regenerates `catalog/data/presets.json`, the compact file synth loads, from the upstream reference
 * data: what Kaito's own code says (`kaito/kaito-oracle/presets-<release>.jsonl`) and the preset
 * reference table (`kaito/presets-full.csv`), both read in `../shared/reference/` (scripts/reference.ts),
 * never copied into the repository.
 *
 *   npm run refresh:catalog                                       # from ../shared/reference
 *   KAITO_AKS_REFERENCE_DIR=<folder> npm run refresh:catalog      # another copy of the reference data
 *
 * It also writes `catalog/data/kaito-0.6.0.json` (Kaito 0.6.0, the AKS add-on's version) with
 * `buildAddonReleaseData`, which reads the reference data in place too; its test runs it there.
 *
 * `buildPresetData` is also what `__tests__/catalog/data.test.ts` runs on the reference data, to prove
 * the checked-in JSON is what Kaito's files say. It throws when the sources disagree with each other
 * (an alias without exactly one preset behind it, an alias whose facts differ from its preset's, a
 * preset without a row in presets-full.csv), so a refresh never writes half-understood data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AddonReleaseData, WebhookPresetFacts, WebhookSkuFacts } from '../catalog/addon-release';
import type { PodSecurityLevel, PresetData, PresetFacts } from '../catalog/presets';
import { RELEASE_VERSIONS, ReleaseVersion } from '../catalog/release-trains';
import { readReference, referenceDir, referencePath } from './reference';

/** Where the generated `presets.json` lives. */
export const DATA_DIR = join(__dirname, '..', 'catalog', 'data');

/** The kaito-oracle output of `release` in the reference data, e.g. `oracleFile('presets', '0.12.0')`. */
export function oracleFile(kind: 'presets' | 'skus' | 'estimate', release: ReleaseVersion): string {
  return referencePath('kaito', 'kaito-oracle', `${kind}-${release}.jsonl`);
}

/**
 * Where the workloads Kaito's controller generated are read (`workload-<v>.jsonl`, kaito-oracle
 * README "Generated inference workloads"); read in place, not copied.
 */
export const WORKLOAD_DIR = referencePath('kaito', 'kaito-oracle');

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
 * Builds the catalog's preset data from the reference data (`kaito/presets-full.csv`, `kaito/kaito-oracle/`)
 * and the workloads in `workloadDir` (default: {@link WORKLOAD_DIR}).
 */
export function buildPresetData(workloadDir: string = WORKLOAD_DIR): PresetData {
  const [header, ...lines] = readReference('kaito', 'presets-full.csv').trim().split('\n');
  const keys = header.split(',');
  const reference = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
  const oracleReadme = readReference('kaito', 'kaito-oracle', 'README.md');
  const date = /\((\d{4}-\d{2}-\d{2})\)/.exec(oracleReadme)?.[1];
  if (!date) throw new Error('kaito-oracle/README.md names no date in its title');
  const workloadReadme = readFileSync(join(workloadDir, 'README.md'), 'utf8');
  const workloadDate = /## Generated inference workloads[^\n]*\n+Recorded on (\d{4}-\d{2}-\d{2})/.exec(workloadReadme)?.[1];
  if (!workloadDate) throw new Error(`${join(workloadDir, 'README.md')} names no "Recorded on" date for the generated workloads`);

  const releases = {} as Record<ReleaseVersion, PresetData['releases'][ReleaseVersion]>;
  for (const release of RELEASE_VERSIONS) {
    const rows = readJsonLines<OraclePreset>(oracleFile('presets', release));
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

/** Where Kaito's upstream reference lives (`../shared/reference/kaito` unless KAITO_AKS_REFERENCE_DIR says otherwise), read in place. */
export const REFERENCE_KAITO_DIR = referencePath('kaito');

/** One line of `presets-0.6.0.jsonl`: the 0.6.0 oracle adds the webhook's static requirements. */
export interface OraclePreset060 {
  readonly name: string;
  readonly source: readonly string[];
  readonly resolved: boolean;
  readonly disableTensorParallelism: boolean;
  readonly supportDistributedInference: boolean;
  readonly downloadAtRuntime: boolean;
  readonly downloadAuthRequired: boolean;
  readonly gpuCountRequirement?: string;
  readonly totalGPUMemoryRequirement?: string;
  readonly perGPUMemoryRequirement?: string;
}

/** One line of `skus-0.6.0.jsonl`. */
export interface OracleSku060 {
  readonly name: string;
  readonly gpuCount: number;
  readonly gpuMem: string;
  readonly gpuModel: string;
}

/** `16.5Gi` -> 16.5, `0Gi` -> 0; anything else is refused rather than guessed. */
function gibOf(quantity: string | undefined, what: string): number {
  const match = /^(\d+(?:\.\d+)?)Gi$/.exec(quantity ?? '');
  if (!match) throw new Error(`${what}: "${String(quantity)}" is not a quantity in Gi`);
  return Number(match[1]);
}

/**
 * Builds `kaito-0.6.0.json`, the facts of the Kaito release the AKS add-on runs, from the reference
 * folder as it is (nothing copied): Kaito v0.6.0's registered presets with the static GPU
 * requirements its admission webhook checks, its GPU size table, and the Hugging Face id of each
 * preset (`supported_models-0.6.0.yaml`). Throws when the sources disagree (a registered preset
 * Kaito does not resolve, one without a requirement or a supported_models entry).
 */
export function buildAddonReleaseData(referenceDir: string = REFERENCE_KAITO_DIR): AddonReleaseData {
  const oracleDir = join(referenceDir, 'kaito-oracle');
  const readme = readFileSync(join(oracleDir, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('v0.6.0'));
  const date = section ? /Printed on (\d{4}-\d{2}-\d{2})/.exec(section)?.[1] : undefined;
  const commit = section ? /commit\s+([0-9a-f]{40})/.exec(section)?.[1] : undefined;
  if (!date || !commit) throw new Error('kaito-oracle/README.md: its v0.6.0 section names no print date or commit');
  const models = (
    parseYaml(readFileSync(join(referenceDir, 'supported_models-0.6.0.yaml'), 'utf8')) as {
      models: { name: string; version?: string }[];
    }
  ).models;
  const rows = readJsonLines<OraclePreset060>(join(oracleDir, 'presets-0.6.0.jsonl')).filter((r) => r.source.includes('registered'));
  const presets: WebhookPresetFacts[] = rows.map((r) => {
    if (!r.resolved) throw new Error(`Kaito 0.6.0 registers ${r.name} but does not resolve it`);
    const url = models.find((m) => m.name === r.name)?.version;
    const id = url ? /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\//.exec(url)?.[1] : undefined;
    if (!id) throw new Error(`${r.name}: no Hugging Face URL in supported_models-0.6.0.yaml`);
    const gpuCount = Number(r.gpuCountRequirement);
    if (!Number.isInteger(gpuCount)) throw new Error(`${r.name}: gpuCountRequirement "${String(r.gpuCountRequirement)}"`);
    return {
      name: r.name,
      huggingFaceId: id,
      gpuCount,
      totalGpuMemoryGiB: gibOf(r.totalGPUMemoryRequirement, `${r.name} totalGPUMemoryRequirement`),
      perGpuMemoryGiB: gibOf(r.perGPUMemoryRequirement, `${r.name} perGPUMemoryRequirement`),
      splitAcrossGpus: !r.disableTensorParallelism,
      multiNode: r.supportDistributedInference,
      downloadAtRuntime: r.downloadAtRuntime,
      downloadAuthRequired: r.downloadAuthRequired,
    };
  });
  const skus: WebhookSkuFacts[] = readJsonLines<OracleSku060>(join(oracleDir, 'skus-0.6.0.jsonl')).map((s) => ({
    name: s.name,
    gpuCount: s.gpuCount,
    gpuMemoryGiB: gibOf(s.gpuMem, `${s.name} gpuMem`),
    gpuModel: s.gpuModel,
  }));
  return {
    source:
      'Generated by scripts/refresh-catalog.ts (npm run refresh:catalog) from ../shared/reference/kaito: kaito-oracle/presets-0.6.0.jsonl ' +
      "and skus-0.6.0.jsonl (Kaito's own code at v0.6.0, registered presets only), Hugging Face ids from supported_models-0.6.0.yaml; do not edit.",
    kaitoOracleDate: date,
    kaitoCommit: commit,
    presets,
    skus,
  };
}

/** The text of `kaito-0.6.0.json`: one preset or size per line, so a refresh diffs by line. */
export function addonReleaseDataText(data: AddonReleaseData): string {
  const lines = (items: readonly object[]) => items.map((i) => `    ${JSON.stringify(i)}`).join(',\n');
  return (
    `{\n  "source": ${JSON.stringify(data.source)},\n  "kaitoOracleDate": ${JSON.stringify(data.kaitoOracleDate)},\n` +
    `  "kaitoCommit": ${JSON.stringify(data.kaitoCommit)},\n  "presets": [\n${lines(data.presets)}\n  ],\n  "skus": [\n${lines(data.skus)}\n  ]\n}\n`
  );
}

/** Regenerates `catalog/data/presets.json` and `catalog/data/kaito-0.6.0.json` from the reference data. */
export function refreshCatalog(): void {
  writeFileSync(join(DATA_DIR, 'presets.json'), presetDataText(buildPresetData()));
  writeFileSync(join(DATA_DIR, 'kaito-0.6.0.json'), addonReleaseDataText(buildAddonReleaseData(REFERENCE_KAITO_DIR)));
}

if (require.main === module) {
  if (process.argv.length > 2) {
    throw new Error(
      `npm run refresh:catalog takes no argument (got ${process.argv.slice(2).join(' ')}): it reads ../shared/reference, ` +
        'or the folder KAITO_AKS_REFERENCE_DIR names',
    );
  }
  refreshCatalog();
  process.stdout.write(`catalog/data/presets.json regenerated from ${referenceDir()}\n`);
}
