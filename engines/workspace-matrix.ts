/**
 * The Workspaces kaito-aks synthesizes across its settings, for the engine tests to create against
 * the real Workspace CRD of each release train (the API server checks them with the CRD's schema).
 *
 * For each release train it builds the app in-process (the same `buildStacks` synth runs) for a
 * matrix of settings: every preset on its default size, with and without `KAITO_MODEL_ACCESS_SECRET`
 * (where synth accepts it); every alias Kaito takes; and a sample of presets on every size synth
 * accepts for them, with 1 and 3 requested nodes. Kaito's webhook rules (which names, which need the
 * token) are proven equal to Kaito's own code by the catalog tests, from
 * `../shared/reference/kaito/kaito-oracle/`; this matrix proves the objects are well formed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { buildStacks } from '../app';
import { ConfigError, loadConfig } from '../config';
import { ADDON_PRESETS, GPU_SKUS, PRESET_DATA, PRESETS, ReleaseVersion, estimateFit, refusedByPolicy } from '../catalog';

/** A Secret name for the token cases (never created: the CRD does not look it up). */
const SECRET = 'hf-token';

/** One Workspace synth emits, with the settings that produced it. */
export interface MatrixCase {
  readonly id: string;
  readonly release: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workspace: Record<string, unknown>;
}

/** Synthesizes `env` in-process (output in a temporary folder, removed) and returns the Workspace object, resolved to plain data. */
function emittedWorkspace(env: Record<string, string>): Record<string, unknown> {
  const outdir = mkdtempSync(join(tmpdir(), 'kaito-aks-matrix-'));
  try {
    const config = loadConfig(env);
    const { kaito } = buildStacks(new App({ outdir }), config);
    return Tokenization.resolve(kaito.workspace.workspace, {
      scope: kaito,
      resolver: new DefaultTokenResolver(new StringConcat()),
    }) as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Whether synth accepts `env`. */
function accepts(env: Record<string, string>): boolean {
  try {
    loadConfig(env);
    return true;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return false;
  }
}

/** The Workspaces of the matrix for `release`; the settings synth refuses (a preset with and without the token Secret, an alias or size of a refused preset) go to `refused`. */
export function matrixCases(release: ReleaseVersion, refused: string[] = []): MatrixCase[] {
  const cases: MatrixCase[] = [];
  const add = (id: string, env: Record<string, string>) => {
    const full = { KAITO_VERSION: release, ...env };
    if (accepts(full)) cases.push({ id, release, env: full, workspace: emittedWorkspace(full) });
    else refused.push(id);
  };
  const presets = PRESETS.filter((p) => p.release === release);

  // every preset on its default size, with and without the token Secret, where synth accepts it
  for (const preset of presets) {
    let added = 0;
    const variants: Record<string, string>[] = [{}, { KAITO_MODEL_ACCESS_SECRET: SECRET }];
    for (const extra of variants) {
      const env = { KAITO_VERSION: release, KAITO_MODEL: preset.name, ...extra };
      if (!accepts(env)) continue;
      add(`${preset.name}${'KAITO_MODEL_ACCESS_SECRET' in extra ? ' +secret' : ''}`, env);
      added += 1;
    }
    // a preset synth refuses either way (our policy, e.g. a pod the namespace's Pod Security forbids) emits no Workspace
    if (added === 0) refused.push(preset.name);
  }

  // every alias Kaito takes, as synth resolves it
  for (const [alias, name] of Object.entries(PRESET_DATA.releases[release].aliases)) {
    const preset = presets.find((p) => p.name === name);
    add(`alias ${alias}`, { KAITO_MODEL: alias, ...(preset?.downloadAuthRequired ? { KAITO_MODEL_ACCESS_SECRET: SECRET } : {}) });
  }

  // a sample of presets on every size synth accepts for them, with 1 and 3 requested nodes
  const sampled = presets.filter((p, i) => i % 12 === 0 || p.kvCacheBytesPerToken === 70272);
  for (const preset of sampled) {
    for (const sku of GPU_SKUS.filter((s) => refusedByPolicy(s) === undefined && estimateFit(preset, s).failure === undefined)) {
      for (const count of ['1', '3']) {
        add(`${preset.name} on ${sku.name} x${count}`, {
          KAITO_MODEL: preset.name,
          KAITO_INSTANCE_TYPE: sku.name,
          KAITO_NODE_COUNT: count,
          ...(preset.downloadAuthRequired ? { KAITO_MODEL_ACCESS_SECRET: SECRET } : {}),
        });
      }
    }
  }
  return cases;
}

/**
 * The Workspaces of add-on mode (Kaito 0.6.0, the version the AKS add-on is assumed to run): every
 * preset synth accepts there on its default size, with the token Secret where the webhook needs it.
 */
export function addonMatrixCases(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const preset of ADDON_PRESETS) {
    for (const extra of [{}, { KAITO_MODEL_ACCESS_SECRET: SECRET }] as Record<string, string>[]) {
      const env = { KAITO_INSTALL: 'aks-addon', KAITO_MODEL: preset.name, ...extra };
      if (!accepts(env)) continue;
      cases.push({
        id: `${preset.name}${'KAITO_MODEL_ACCESS_SECRET' in extra ? ' +secret' : ''}`,
        release: '0.6.0',
        env,
        workspace: emittedWorkspace(env),
      });
    }
  }
  return cases;
}
