/**
 * `npm run test:oracle`: puts the Workspaces kaito-aks synthesizes through Kaito's own code.
 *
 * For both release trains it builds the app in-process (the same `buildStacks` synth runs) for a
 * matrix of settings: every preset on its default size, with and without `KAITO_MODEL_ACCESS_SECRET`;
 * every alias Kaito takes; and a few presets on every size synth accepts for them, with 1 and 3
 * requested nodes. Every emitted Workspace goes to `kaito-oracle <release> validate` (the Workspace
 * CRD's schema stage and Kaito's admission webhook, v0.10.0 / v0.12.0 code, many files per call).
 *
 * A Workspace passes when Kaito admits it, and the nodes synth plans for (`nodesToRequest`: the
 * quota, the summary) equal the nodes Kaito's controller would give it (`controllerEstimate`).
 * Where synth refuses the secret or its absence, the Workspace it would otherwise have emitted must
 * be one Kaito's webhook rejects too: the rule is Kaito's, exactly, not stricter and not looser.
 *
 * The oracle binaries are unpacked (xz, checked against SHA256SUMS by the wrapper) into
 * `.tools/kaito-oracle/`, the Workspaces written to `.tools/oracle-matrix/`; both are gitignored.
 * Prints one line per failure and closes with `oracle: N passed, N failed`; exits 1 on any failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import { buildStacks } from '../app';
import { ConfigError, loadConfig } from '../config';
import { GPU_SKUS, PRESET_DATA, PRESETS, RELEASE_VERSIONS, ReleaseVersion, estimateFit, refusedByPolicy } from '../catalog';

const ROOT = join(__dirname, '..');
const ORACLE = join(ROOT, '..', 'shared', 'tools', 'kaito-oracle', 'kaito-oracle');
const CACHE = join(ROOT, '.tools', 'kaito-oracle');
const OUT = join(ROOT, '.tools', 'oracle-matrix');
/** The Secret the oracle's fake cluster holds (pets/hf-token, key HF_TOKEN). */
const SECRET = 'hf-token';

/** One Workspace to judge, and what synth said about it. */
interface Case {
  readonly id: string;
  readonly release: ReleaseVersion;
  readonly env: Readonly<Record<string, string>>;
  /** The Workspace as emitted (or, for a refused case, as it would have been). */
  readonly workspace: Record<string, unknown>;
  /** Whether synth accepted the settings. */
  readonly accepted: boolean;
  /** Nodes synth plans for, when accepted. */
  readonly nodes?: number;
}

/** One line of `kaito-oracle validate`. */
interface Admission {
  readonly file: string;
  readonly allowed: boolean;
  readonly webhookErrors?: string;
  readonly crdSchemaErrors?: string[];
  readonly webhookDecodeError?: string;
  readonly controllerEstimate?: { readonly nodes: number; readonly error?: string };
}

/** Synthesizes `env` in-process and returns the Workspace object, resolved to plain data. */
function emittedWorkspace(env: Record<string, string>): { workspace: Record<string, unknown>; nodes: number } {
  const config = loadConfig(env);
  const { kaito } = buildStacks(new App({ outdir: join(OUT, 'cdktf.out') }), config);
  const workspace = Tokenization.resolve(kaito.workspace.workspace, {
    scope: kaito,
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as Record<string, unknown>;
  return { workspace, nodes: config.kaito.nodesToRequest };
}

/** `workspace` with `presetOptions.modelAccessSecret` set to `secret`, or without it. */
function withSecret(workspace: Record<string, unknown>, secret: string | undefined): Record<string, unknown> {
  const inference = workspace.inference as { preset: { name: string } };
  const preset = { name: inference.preset.name, ...(secret ? { presetOptions: { modelAccessSecret: secret } } : {}) };
  return { ...workspace, inference: { ...inference, preset } };
}

/** The settings of the matrix for `release`. */
function casesFor(release: ReleaseVersion): Case[] {
  const cases: Case[] = [];
  const add = (id: string, env: Record<string, string>) => {
    const { workspace, nodes } = emittedWorkspace({ KAITO_VERSION: release, ...env });
    cases.push({ id, release, env, workspace, accepted: true, nodes });
  };
  const presets = PRESETS.filter((p) => p.release === release);

  // every preset on its default size, with and without the secret: synth's verdict on each
  for (const preset of presets) {
    const base = { KAITO_MODEL: preset.name };
    const variants: Record<string, string>[] = [{}, { KAITO_MODEL_ACCESS_SECRET: SECRET }];
    const outcomes = variants.map((extra) => {
      try {
        loadConfig({ KAITO_VERSION: release, ...base, ...extra });
        return true;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return false;
      }
    });
    const acceptedIndex = outcomes.indexOf(true);
    if (acceptedIndex < 0) throw new Error(`${release} ${preset.name}: synth accepts it neither with nor without the secret`);
    const reference = emittedWorkspace({ KAITO_VERSION: release, ...base, ...variants[acceptedIndex] });
    variants.forEach((extra, i) => {
      const id = `${preset.name}${i === 1 ? '+secret' : ''}`;
      const workspace = withSecret(reference.workspace, i === 1 ? SECRET : undefined);
      cases.push({ id, release, env: { ...base, ...extra }, workspace, accepted: outcomes[i], nodes: reference.nodes });
    });
  }

  // every alias Kaito takes, as synth resolves it
  for (const [alias, name] of Object.entries(PRESET_DATA.releases[release].aliases)) {
    const preset = presets.find((p) => p.name === name);
    add(`alias ${alias}`, { KAITO_MODEL: alias, ...(preset?.downloadAuthRequired ? { KAITO_MODEL_ACCESS_SECRET: SECRET } : {}) });
  }

  // a few presets on every size synth accepts for them, with 1 and 3 requested nodes
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

/** Runs `kaito-oracle <release> validate` on every case's Workspace, in one call. */
function validate(release: ReleaseVersion, cases: readonly Case[]): Admission[] {
  const dir = join(OUT, release);
  mkdirSync(dir, { recursive: true });
  const files = cases.map((c, i) => {
    const file = join(dir, `${String(i).padStart(4, '0')}.json`);
    writeFileSync(file, JSON.stringify(c.workspace));
    return file;
  });
  const output = execFileSync(ORACLE, [release, 'validate', ...files], {
    env: { ...process.env, KAITO_ORACLE_CACHE: CACHE },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const byFile = new Map(
    output
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Admission)
      .map((a) => [a.file, a]),
  );
  return files.map((f) => {
    const admission = byFile.get(f);
    if (!admission) throw new Error(`kaito-oracle printed nothing for ${f}`);
    return admission;
  });
}

/** Why a case fails, or undefined when it passes. */
function judge(c: Case, a: Admission): string | undefined {
  const why = [a.webhookDecodeError, a.webhookErrors, ...(a.crdSchemaErrors ?? [])].filter(Boolean).join('; ');
  if (!c.accepted) return a.allowed ? 'synth refuses it, Kaito admits it' : undefined;
  if (!a.allowed) return `Kaito rejects it: ${why}`;
  const estimate = a.controllerEstimate;
  if (estimate?.error) return `Kaito's estimator gives it no nodes: ${estimate.error}`;
  if (estimate?.nodes !== c.nodes) return `synth plans ${c.nodes} nodes, Kaito's estimator gives ${estimate?.nodes}`;
  return undefined;
}

function main(): void {
  const started = Date.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const release of RELEASE_VERSIONS) {
    const cases = casesFor(release);
    const admissions = validate(release, cases);
    cases.forEach((c, i) => {
      const failure = judge(c, admissions[i]);
      if (failure === undefined) {
        passed += 1;
      } else {
        failed += 1;
        const env = Object.entries(c.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
        process.stdout.write(`FAIL ${release} ${c.id} (${env}): ${failure}\n`);
      }
    });
    const refused = cases.filter((c) => !c.accepted).length;
    process.stdout.write(`Kaito ${release}: ${cases.length} Workspaces (${refused} that synth refuses), judged by kaito-oracle\n`);
  }
  process.stdout.write(`oracle: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main();
