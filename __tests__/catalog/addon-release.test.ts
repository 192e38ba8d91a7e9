/**
 * Kaito 0.6.0 (the AKS add-on's version): the catalog's webhook gives, for every (name, size) that
 * Kaito's own code judged at v0.6.0 (`estimate-0.6.0.jsonl`, read in ../shared/reference, not
 * copied), the same verdict, the same reasons, and the same smallest `resource.count` with and
 * without a max-model-len; and `kaito-0.6.0.json` is what the generator makes of the reference.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADDON_PRESETS,
  ADDON_RELEASE_DATA,
  admitWorkspace,
  AKS_ADDON_TRAIN,
  cheapestAddonSize,
  findGpuSku,
  GPU_SKUS,
  laterEstimatorRefusal,
  minCount,
  resolveAddonPreset,
  WebhookRefusal,
} from '../../catalog';
import {
  addonReleaseDataText,
  buildAddonReleaseData,
  DATA_DIR,
  OraclePreset060,
  OracleSku060,
  readJsonLines,
  REFERENCE_KAITO_DIR,
} from '../../scripts/refresh-catalog';

const ORACLE = join(REFERENCE_KAITO_DIR, 'kaito-oracle');

/** One line of `estimate-0.6.0.jsonl` (see the v0.6.0 section of its README). */
interface Estimate060 {
  readonly model: string;
  readonly sku: string;
  readonly count: number;
  readonly nodes: number;
  readonly gpus: number;
  readonly error?: string;
  readonly computed: boolean;
  readonly minCount?: number;
  readonly minCountWithMaxModelLen?: number;
}

const estimates = readJsonLines<Estimate060>(join(ORACLE, 'estimate-0.6.0.jsonl'));
const oraclePresets = readJsonLines<OraclePreset060>(join(ORACLE, 'presets-0.6.0.jsonl'));
const oracleSkus = readJsonLines<OracleSku060>(join(ORACLE, 'skus-0.6.0.jsonl'));

/** Kaito's messages, one kind each; anything else shows as itself and fails the comparison. */
const KINDS: readonly (readonly [RegExp, WebhookRefusal])[] = [
  [/^invalid value: Unsupported inference preset name /, 'UNSUPPORTED_PRESET'],
  [/^invalid value: Unsupported instance type /, 'UNSUPPORTED_SKU'],
  [/^invalid value: Insufficient number of GPUs: /, 'GPU_COUNT'],
  [/^invalid value: Insufficient per GPU memory: /, 'PER_GPU_MEMORY'],
  [/^invalid value: Insufficient total GPU memory: /, 'TOTAL_GPU_MEMORY'],
  [/^missing field\(s\): max-model-len is required in the vllm section/, 'MAX_MODEL_LEN'],
  [/This preset requires a modelAccessSecret/, 'SECRET_REQUIRED'],
  [/This preset does not require a modelAccessSecret/, 'SECRET_REJECTED'],
];
const kindsOf = (error: string | undefined): string[] =>
  (error ?? '')
    .split('\n')
    .filter((m) => m !== '')
    .map((m) => KINDS.find(([pattern]) => pattern.test(m))?.[1] ?? m)
    .sort();

/** The Workspace behind each line: the secret exactly where the name downloads at runtime. */
const secretFor = (model: string) => (oraclePresets.find((p) => p.name === model)?.downloadAtRuntime ? 'hf-token' : undefined);

test('kaito-0.6.0.json is what scripts/refresh-catalog.ts makes of ../shared/reference/kaito (run npm run refresh:catalog)', () => {
  expect(readFileSync(join(DATA_DIR, 'kaito-0.6.0.json'), 'utf8')).toBe(addonReleaseDataText(buildAddonReleaseData()));
  expect(ADDON_RELEASE_DATA.kaitoCommit).toBe('461f75cd536b9ede07667b44bcc3e31ff7d6f13a');
});

test('the add-on is assumed to run Kaito 0.6.0, from the AKS article with its commit and date', () => {
  expect(AKS_ADDON_TRAIN.assumedKaitoVersion).toBe('0.6.0');
  expect(AKS_ADDON_TRAIN.source).toMatch(
    /^MicrosoftDocs\/azure-aks-docs articles\/aks\/ai-toolchain-operator\.md \(commit [0-9a-f]{8}, article of \d{4}-\d{2}-\d{2}\)$/,
  );
  expect(AKS_ADDON_TRAIN.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

describe("Kaito 0.6.0's facts", () => {
  test('the presets are the 22 names Kaito registers, each with its static requirements', () => {
    const registered = oraclePresets.filter((r) => r.source.includes('registered'));
    expect(registered).toHaveLength(22);
    expect(ADDON_PRESETS.map((p) => p.name)).toEqual(registered.map((r) => r.name));
    for (const row of registered) {
      const ours = resolveAddonPreset(row.name)!.preset;
      expect([ours.gpuCount, `${ours.totalGpuMemoryGiB}Gi`, `${ours.perGpuMemoryGiB}Gi`, ours.downloadAtRuntime]).toEqual([
        Number(row.gpuCountRequirement),
        row.totalGPUMemoryRequirement,
        row.perGPUMemoryRequirement,
        row.downloadAtRuntime,
      ]);
    }
  });

  test('the size table is Kaito 0.6.0 table, and GPU_SKUS marks exactly those sizes as listed by 0.6.0', () => {
    expect(ADDON_RELEASE_DATA.skus.map((s) => [s.name, s.gpuCount, `${s.gpuMemoryGiB}Gi`])).toEqual(
      oracleSkus.map((s) => [s.name, s.gpuCount, s.gpuMem]),
    );
    expect(
      GPU_SKUS.filter((s) => s.kaitoReleases.includes('0.6.0'))
        .map((s) => s.name)
        .sort(),
    ).toEqual(oracleSkus.map((s) => s.name).sort());
    for (const s of oracleSkus)
      expect(findGpuSku(s.name)).toMatchObject({ gpuCount: s.gpuCount, gpuMemoryGiB: Number(s.gpuMem.replace('Gi', '')) });
  });
});

describe("Kaito 0.6.0's webhook, over every (name, size) line of estimate-0.6.0.jsonl", () => {
  test('the matrix is the one the README describes: 91 names x 32 sizes', () => {
    expect(estimates).toHaveLength(2912);
    expect(new Set(estimates.map((e) => e.model)).size).toBe(91);
    expect(new Set(estimates.map((e) => e.sku)).size).toBe(32);
  });

  test('at resource.count 1: the same verdict, for the same reasons, and the nodes and GPUs Kaito reports', () => {
    const differences = estimates.flatMap((e) => {
      const verdict = admitWorkspace({ preset: e.model, instanceType: e.sku, count: e.count, modelAccessSecret: secretFor(e.model) });
      const ours = {
        refusals: [...verdict.refusals].sort(),
        nodes: verdict.refusals.length === 0 ? e.count : 0,
        gpus: resolveAddonPreset(e.model)?.preset.name === e.model ? resolveAddonPreset(e.model)!.preset.gpuCount : 0,
        computed: verdict.checked,
      };
      const kaito = { refusals: kindsOf(e.error), nodes: e.nodes, gpus: e.gpus, computed: e.computed };
      return JSON.stringify(ours) === JSON.stringify(kaito)
        ? []
        : [`${e.model} on ${e.sku}: ours ${JSON.stringify(ours)}, Kaito ${JSON.stringify(kaito)}`];
    });
    expect(differences).toEqual([]);
  });

  test('the smallest resource.count admitted, without and with a max-model-len, is minCount and minCountWithMaxModelLen', () => {
    const differences = estimates.flatMap((e) => {
      const request = { preset: e.model, instanceType: e.sku, modelAccessSecret: secretFor(e.model) };
      const ours = [minCount(request), minCount({ ...request, maxModelLen: true })];
      const kaito = [e.minCount, e.minCountWithMaxModelLen];
      return JSON.stringify(ours) === JSON.stringify(kaito)
        ? []
        : [`${e.model} on ${e.sku}: ours ${JSON.stringify(ours)}, Kaito ${JSON.stringify(kaito)}`];
    });
    expect(differences).toEqual([]);
    // the README's counts over the 704 (registered preset, size) pairs: 206 need a count above 1, 46 never pass
    const registered = estimates.filter((e) => ADDON_PRESETS.some((p) => p.name === e.model));
    expect(registered).toHaveLength(704);
    expect(registered.filter((e) => e.minCountWithMaxModelLen !== undefined && e.minCountWithMaxModelLen > 1)).toHaveLength(206);
    expect(registered.filter((e) => e.minCountWithMaxModelLen === undefined)).toHaveLength(46);
  });

  test('with the default ConfigMap (no max-model-len), every count above 1 is refused', () => {
    for (const p of ADDON_PRESETS) {
      const secret = p.downloadAtRuntime ? 'hf-token' : undefined;
      expect(
        admitWorkspace({ preset: p.name, instanceType: 'Standard_NC24ads_A100_v4', count: 2, modelAccessSecret: secret }).refusals,
      ).toContain('MAX_MODEL_LEN');
    }
  });
});

describe("Kaito 0.6.0's token rule: modelAccessSecret exactly for the presets that download at runtime", () => {
  const DOWNLOADING = ['deepseek-r1-0528', 'deepseek-v3-0324', 'llama-3.1-8b-instruct', 'llama-3.3-70b-instruct'];

  test('the presets that download at runtime are the four the README names', () => {
    expect(
      ADDON_PRESETS.filter((p) => p.downloadAtRuntime)
        .map((p) => p.name)
        .sort(),
    ).toEqual(DOWNLOADING);
  });

  test.each(ADDON_PRESETS.map((p) => [p.name, p.downloadAtRuntime] as const))('%s: without a secret, then with one', (name, downloads) => {
    const without = admitWorkspace({ preset: name, instanceType: 'Standard_ND96isr_H200_v5', count: 1 }).refusals;
    const withSecret = admitWorkspace({
      preset: name,
      instanceType: 'Standard_ND96isr_H200_v5',
      count: 1,
      modelAccessSecret: 'hf-token',
    }).refusals;
    expect(without.includes('SECRET_REQUIRED')).toBe(downloads);
    expect(withSecret.includes('SECRET_REJECTED')).toBe(!downloads);
  });

  test('the name is taken in its exact case: another case is "Unsupported inference preset name"', () => {
    expect(admitWorkspace({ preset: 'Falcon-7b-instruct', instanceType: 'Standard_NV36ads_A10_v5', count: 1 }).refusals).toEqual([
      'UNSUPPORTED_PRESET',
    ]);
    // the GPU checks lowercase the name first, so they still run on it
    expect(admitWorkspace({ preset: 'Falcon-40b', instanceType: 'Standard_NV36ads_A10_v5', count: 1 }).refusals).toEqual([
      'GPU_COUNT',
      'TOTAL_GPU_MEMORY',
      'UNSUPPORTED_PRESET',
    ]);
  });
});

describe('the default size at 0.6.0', () => {
  test('falcon-7b-instruct gets the A10 size: the webhook admits a 16 GB T4, but the model needs about 16 GiB on one GPU', () => {
    const falcon = resolveAddonPreset('falcon-7b-instruct')!.preset;
    const t4 = findGpuSku('Standard_NC4as_T4_v3')!;
    expect(admitWorkspace({ preset: falcon.name, instanceType: t4.name, count: 1 }).refusals).toEqual([]);
    expect(laterEstimatorRefusal(falcon, t4)?.failure).toBe('NOT_SPLITTABLE');
    expect(cheapestAddonSize(falcon)?.name).toBe('Standard_NV36ads_A10_v5');
  });

  test('every preset with a default size: the webhook admits it at count 1, and our policy allows it', () => {
    for (const p of ADDON_PRESETS) {
      const sku = cheapestAddonSize(p);
      if (!sku) continue;
      const secret = p.downloadAtRuntime ? 'hf-token' : undefined;
      const line = estimates.find((e) => e.model === p.name && e.sku === sku.name)!;
      expect([p.name, line.minCount]).toEqual([p.name, 1]);
      expect(admitWorkspace({ preset: p.name, instanceType: sku.name, count: 1, modelAccessSecret: secret }).refusals).toEqual([]);
    }
  });
});

describe('buildAddonReleaseData refuses sources it cannot read whole', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'addon-refresh-'));
    mkdirSync(join(dir, 'kaito-oracle'));
    for (const file of [
      'kaito-oracle/README.md',
      'kaito-oracle/presets-0.6.0.jsonl',
      'kaito-oracle/skus-0.6.0.jsonl',
      'supported_models-0.6.0.yaml',
    ]) {
      writeFileSync(join(dir, file), readFileSync(join(REFERENCE_KAITO_DIR, file), 'utf8'));
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  test('the unchanged copy builds the checked-in data', () => {
    expect(buildAddonReleaseData(dir)).toEqual(buildAddonReleaseData());
  });

  test.each([
    [
      'a README without the v0.6.0 print date',
      'kaito-oracle/README.md',
      (t: string) => t.replace(/Printed on 2026-12-07/, 'Printed'),
      /names no print date or commit/,
    ],
    [
      'a registered preset Kaito does not resolve',
      'kaito-oracle/presets-0.6.0.jsonl',
      (t: string) =>
        t.replace(
          '"name":"phi-2","source":["registered","supported_models.yaml"],"resolved":true',
          '"name":"phi-2","source":["registered","supported_models.yaml"],"resolved":false',
        ),
      /registers phi-2 but does not resolve it/,
    ],
    [
      'a preset without a Hugging Face URL',
      'supported_models-0.6.0.yaml',
      (t: string) => t.replace(/huggingface\.co\/microsoft\/phi-2/g, 'example.com/phi-2'),
      /phi-2: no Hugging Face URL/,
    ],
    [
      'a requirement not in Gi',
      'kaito-oracle/presets-0.6.0.jsonl',
      (t: string) => t.replace(/("name":"phi-2".*?"totalGPUMemoryRequirement":)"12Gi"/, '$1"12000Mi"'),
      /phi-2 totalGPUMemoryRequirement: "12000Mi" is not a quantity in Gi/,
    ],
  ])('%s', (_kind, file, change, message) => {
    edit(file, change);
    expect(() => buildAddonReleaseData(dir)).toThrow(message);
  });
});
