/**
 * vLLM and Kaito start-up failures of the inference pod: each gets a named cause with the root-cause
 * line from the previous log (not vLLM's wrapper "Engine core initialization failed") and a fix in this
 * project's terms, in both engines' wording. `kv-cache-v1.log` is the field case of issue 14.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, parseKvCache } from '../../cli/causes';
import { assess } from '../../cli/conditions';
import { causeContext } from '../../cli/wait';
import { FIXTURES, scenario, snapshotOf, testTarget } from './helpers';

const POD = 'workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn';
const context = causeContext(testTarget());
const log = (name: string) => readFileSync(join(FIXTURES, 'vllm-logs', `${name}.log`), 'utf8');

/** The assessment of the crash-looping inference pod of scenario 07 with `name`'s log as its previous log. */
function crashingWith(name: string) {
  return assess(snapshotOf(scenario('07-inference-ready-pod-crashing'), { [POD]: log(name) }), { maxRestarts: 5, context });
}

describe('inference pod start-up failures, from the previous log', () => {
  test.each([
    ['kv-cache-v1', 'kv-cache', /KV cache is needed, which is larger than the available KV cache memory \(0\.62 GiB\)/],
    ['kv-cache-v0', 'kv-cache', /max seq len \(4096\) is larger than the maximum number of tokens that can be stored in KV cache \(1264\)/],
    ['gpu-oom-v1', 'out-of-memory', /CUDA out of memory\. Tried to allocate 1\.00 GiB/],
    ['unsupported-arch-v0', 'unsupported-model', /Model architectures \['Phi4MMForCausalLM'\] are not supported/],
    ['unsupported-arch-v1', 'unsupported-model', /Model architectures \['Gemma3nForConditionalGeneration'\] failed to be inspected/],
    ['gated-weights-401', 'model-access', /GatedRepoError: 401 Client Error/],
    ['gated-weights-403', 'model-access', /GatedRepoError: 403 Client Error/],
    ['disk-full', 'disk-full', /\[Errno 28\] No space left on device/],
  ])('%s: %s, with the root-cause line, not the wrapper', (name, kind, line) => {
    const a = crashingWith(name);
    expect(a.verdict).toBe('failed');
    expect(a.cause?.kind).toBe(kind);
    expect(a.cause?.detail).toMatch(line);
    expect(a.cause?.detail).not.toMatch(/Engine core initialization failed|Engine process failed to start|See root cause above/);
    expect(a.steps.find((s) => s.key === 'pod')?.state).toBe('failed');
  });

  test('the field case: the KV cache numbers and a fix with a larger size, in our terms', () => {
    const cause = crashingWith('kv-cache-v1').cause!;
    expect(cause.title).toBe('Standard_NV36ads_A10_v5 leaves too little GPU memory for the KV cache of one 8192-token request');
    expect(cause.fix.join('\n')).toContain('it needs 1 GiB of KV cache and has 0.62 GiB; it could hold 5072 tokens');
    expect(cause.fix.join('\n')).toContain('choose a size with more GPU memory than Standard_NV36ads_A10_v5 (KAITO_INSTANCE_TYPE');
    // our words, not vLLM's advice about engine arguments this project does not expose
    expect(cause.fix.join('\n')).not.toMatch(/gpu_memory_utilization|max_model_len/);
  });

  test('V0 wording: the numbers it gives', () => {
    expect(parseKvCache(log('kv-cache-v0'))).toEqual({
      maxModelLen: 4096,
      fitsTokens: 1264,
      neededGiB: undefined,
      availableGiB: undefined,
    });
    expect(crashingWith('kv-cache-v0').cause?.title).toContain('one 4096-token request');
  });

  test('V0 and V1 "no memory for the cache blocks" is the KV cache too', () => {
    const m = 'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.';
    expect(classify(m, 's', context)?.kind).toBe('kv-cache');
  });

  test('gated weights: the fix names the token secret variable', () => {
    for (const name of ['gated-weights-401', 'gated-weights-403']) {
      expect(crashingWith(name).cause?.fix.join('\n')).toContain('KAITO_MODEL_ACCESS_SECRET');
      expect(crashingWith(name).cause?.fix.join('\n')).toContain('HF_TOKEN');
    }
  });

  test('out of memory and disk full name the size to change', () => {
    expect(crashingWith('gpu-oom-v1').cause?.fix.join('\n')).toContain('KAITO_INSTANCE_TYPE');
    expect(crashingWith('disk-full').cause?.fix.join('\n')).toContain(
      'larger local (temporary) disk than Standard_NV36ads_A10_v5 (KAITO_INSTANCE_TYPE)',
    );
  });

  test('unsupported architecture points at the release train and the model', () => {
    const fix = crashingWith('unsupported-arch-v1').cause?.fix.join('\n');
    expect(fix).toContain('KAITO_VERSION');
    expect(fix).toContain('KAITO_MODEL');
  });

  test.each([
    [
      'Failed to pull image "mcr.microsoft.com/aks/kaito/kaito-base:0.0.9": rpc error: code = NotFound desc = failed to pull and unpack image: manifest unknown',
      'image-not-found',
      true,
    ],
    ['Failed to pull image "x": pull access denied, repository does not exist or may require authorization', 'image-not-found', true],
    ['Back-off pulling image "mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.2.0": ErrImagePull', 'image-pull', false],
    ['The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 2Gi.', 'disk-full', true],
  ])('image pull and eviction events: %s -> %s', (message, kind, fatal) => {
    expect(classify(message, 's', context)).toMatchObject({ kind, fatal });
  });
});
