/**
 * Thresholds at their boundary: a count equal to its limit, on both sides of it. A `<` where a `<=`
 * belongs passes every test that stays away from the limit; these tests sit on it.
 */
import { TerraformStack, Testing } from 'cdktf';
import { estimateFit, findGpuSku, findPreset, GpuSku, Preset, RELEASE_TRAINS } from '../catalog';
import { ConfigError, loadConfig } from '../config';
import { boundedName } from '../config/names';
import { classify, tellingPart } from '../cli/causes';
import { assess } from '../cli/conditions';
import { formatDuration, parseDuration } from '../cli/duration';
import { checkQuota } from '../cli/quota';
import { causeContext } from '../cli/wait';
import { requireWholeNumber } from '../constructs/guards';
import { ManifestRelease } from '../constructs/manifest-release';
import { scenario, snapshotOf, testTarget } from './cli/helpers';

const A10 = findGpuSku('Standard_NV36ads_A10_v5') as GpuSku;
const FALCON = findPreset('0.10.0', 'falcon-7b-instruct') as Preset;
const RULE = RELEASE_TRAINS['0.10.0'].estimator;
const GIB = 1024 ** 3;

describe('GPU fit at its limits', () => {
  test('usable GPU memory exactly equal to the fixed overhead cannot serve, even a splittable multi-node model', () => {
    // a 4 GiB GPU: 3.36 GiB usable; a KV cache that makes the overhead exactly that
    const sku: GpuSku = { ...A10, name: 'Test_4GiB', gpuCount: 1, gpuMemoryGiB: 4 };
    const available = sku.gpuMemoryGiB * RULE.gpuMemoryUtilization;
    const kvCacheBytesPerToken = ((available - RULE.baseOverheadGiB) * GIB) / RULE.defaultMaxModelLen;
    // the estimator's own sum (powers of two and Sterbenz' lemma make it exact)
    expect(RULE.baseOverheadGiB + (RULE.defaultMaxModelLen * kvCacheBytesPerToken) / GIB).toBe(available);
    const preset: Preset = { ...FALCON, kvCacheBytesPerToken, splitAcrossGpus: true, multiNode: true };
    expect(estimateFit(preset, sku)).toMatchObject({ failure: 'OVERHEAD_EXCEEDS_GPU', gpusNeeded: 0, nodesNeeded: 0 });
    // a byte per token less leaves room
    const roomy = estimateFit({ ...preset, kvCacheBytesPerToken: kvCacheBytesPerToken - 1 }, sku);
    expect(roomy.failure).toBeUndefined();
    expect(roomy.gpusNeeded).toBeGreaterThan(1);
  });

  test('exactly one GPU: a model that cannot be split fits', () => {
    expect(estimateFit(FALCON, A10)).toMatchObject({ failure: undefined, gpusNeeded: 1, nodesNeeded: 1 });
  });

  test('one whole GPU: a model that cannot be split fits with weights + overhead exactly equal to its memory, not a byte more', () => {
    // the estimator's own sum for falcon on a 1-GPU size (Kaito judges it against the GPU's full memory)
    const fixed = RULE.baseOverheadGiB + (RULE.defaultMaxModelLen * FALCON.kvCacheBytesPerToken) / 1 / GIB;
    const exact = FALCON.modelSizeGiB * RULE.weightExpansionFactor * (1 + RULE.overheadWeightFactor) + fixed;
    const sized = (gpuMemoryGiB: number): GpuSku => ({ ...A10, name: 'Test_exact', gpuCount: 1, gpuMemoryGiB });
    expect(estimateFit(FALCON, sized(exact))).toMatchObject({ failure: undefined, gpusNeeded: 1, nodesNeeded: 1 });
    expect(estimateFit(FALCON, sized(exact - 1 / GIB))).toMatchObject({ failure: 'NOT_SPLITTABLE', nodesNeeded: 0 });
    // the same memory serves the model when it may be split: across GPUs of several nodes
    const big: Preset = { ...FALCON, modelSizeGiB: 20, splitAcrossGpus: true, multiNode: true };
    expect(estimateFit(big, A10)).toMatchObject({ failure: undefined, gpusNeeded: 2, nodesNeeded: 2 });
  });

  test('exactly one node of two GPUs: a model that cannot span nodes fits; two nodes of one GPU do not', () => {
    const splittable: Preset = { ...FALCON, modelSizeGiB: 20, splitAcrossGpus: true, multiNode: false };
    const twoGpus: GpuSku = { ...A10, name: 'Test_2xA10', gpuCount: 2, gpuMemoryGiB: 48 };
    expect(estimateFit(splittable, twoGpus)).toMatchObject({ failure: undefined, gpusNeeded: 2, nodesNeeded: 1 });
    // Kaito gives a failed Workspace no nodes, so the verdict reports 0 nodes with the 2 GPUs it counted
    expect(estimateFit(splittable, A10)).toMatchObject({ failure: 'NOT_MULTI_NODE', gpusNeeded: 2, nodesNeeded: 0 });
  });
});

describe('counts at their lower limit', () => {
  test.each(['KAITO_NODE_COUNT', 'AZURE_OPENAI_CAPACITY'])('%s=1 is accepted, 0 names the variable and the value', (variable) => {
    expect(() => loadConfig({ [variable]: '1' })).not.toThrow();
    let error: unknown;
    try {
      loadConfig({ [variable]: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${variable}=0: must be 1 or more`);
  });

  test('a construct prop equal to its minimum or maximum passes; one past either names both', () => {
    const range = { min: 30, max: 730, source: "Log Analytics' range" };
    for (const ok of [30, 730]) expect(() => requireWholeNumber('AksCluster', 'logRetentionDays', ok, range)).not.toThrow();
    for (const bad of [29, 731]) {
      expect(() => requireWholeNumber('AksCluster', 'logRetentionDays', bad, range)).toThrow(
        `AksCluster logRetentionDays must be a whole number from 30 to 730 (Log Analytics' range), got ${bad}`,
      );
    }
    expect(() => requireWholeNumber('AiService', 'replicas', 1, { min: 1 })).not.toThrow();
    expect(() => requireWholeNumber('AiService', 'replicas', 0, { min: 1 })).toThrow(
      'AiService replicas must be a whole number of 1 or more, got 0',
    );
  });
});

describe('names at their length limit', () => {
  test('a name exactly at the limit is kept; one character more is shortened to the limit', () => {
    expect(boundedName('a'.repeat(63), 63)).toBe('a'.repeat(63));
    const longer = boundedName('a'.repeat(64), 63);
    expect(longer).toHaveLength(63);
    expect(longer).toMatch(/^a{54}-[0-9a-f]{8}$/);
  });

  test("a Helm release name of exactly 53 characters (Helm's limit) is accepted, 54 is not", () => {
    const stack = new TerraformStack(Testing.app(), 'boundary'); // Testing.app writes to a temp folder, not ./cdktf.out
    const release = (name: string) => new ManifestRelease(stack, name, { releaseName: name, namespace: 'pets', objects: [] });
    expect(release('r'.repeat(53)).release.nameInput).toBe('r'.repeat(53));
    expect(() => release('s'.repeat(54))).toThrow(
      `ManifestRelease releaseName must be at most 53 characters (Helm's limit), got 54: ${'s'.repeat(54)}`,
    );
  });
});

describe('quota, restarts and timeouts at their limit', () => {
  test('free quota exactly equal to the need is enough; one vCPU less is not', () => {
    const usages = [{ name: { value: 'standardNVADSA10v5Family' }, limit: 72, currentValue: 36 }];
    expect(checkQuota(usages, 'standardNVADSA10v5Family', 36)).toMatchObject({ enough: true, limitToRequest: 72 });
    expect(checkQuota(usages, 'standardNVADSA10v5Family', 37)).toMatchObject({ enough: false, limitToRequest: 73 });
  });

  test('a pod restarted exactly --max-restarts times is failing; one restart fewer is still starting', () => {
    // the recorded crash loop has 6 restarts
    const crashing = snapshotOf(scenario('07-inference-ready-pod-crashing'));
    const context = causeContext(testTarget());
    expect(assess(crashing, { maxRestarts: 6, context })).toMatchObject({
      verdict: 'failed',
      cause: { kind: 'out-of-memory', fatal: true },
    });
    expect(assess(crashing, { maxRestarts: 7, context })).toMatchObject({
      verdict: 'progressing',
      cause: { kind: 'out-of-memory', fatal: false },
    });
  });

  test('a message of exactly 400 characters is kept whole; 401 are cut to 400', () => {
    const exact = `QuotaExceeded ${'x'.repeat(386)}`;
    expect(tellingPart(exact, /QuotaExceeded/)).toBe(exact);
    const over = `${exact}y`;
    expect(tellingPart(over, /QuotaExceeded/)).toBe(`${over.slice(0, 397)}...`);
    expect(classify(exact, 'here', causeContext(testTarget()))?.detail).toBe(exact);
  });

  test('durations: 59 s and 60 s, 59m59s and one hour, a zero and a smallest timeout', () => {
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(60_000)).toBe('1m00s');
    expect(formatDuration(3_599_999)).toBe('59m59s');
    expect(formatDuration(3_600_000)).toBe('1h00m');
    expect(() => parseDuration('0s')).toThrow('"0s" is not a duration longer than zero; use e.g. 30m');
    expect(parseDuration('1ms')).toBe(1);
  });
});
