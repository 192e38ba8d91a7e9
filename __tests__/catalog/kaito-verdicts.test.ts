/**
 * The five ways synth used to disagree with Kaito's own code (issue 12), each checked as a kind,
 * through `loadConfig`, against what kaito-oracle printed for Kaito v0.10.0 and v0.12.0.
 */
import { ConfigError, ConfigIssue, loadConfig } from '../../config';
import { findPreset, PRESET_DATA, RELEASE_VERSIONS } from '../../catalog';
import { workspaceName } from '../../config/names';
import { oracleEstimates, oraclePresets } from './oracle-data';
import { estimated } from '../config/helpers';

function issuesOf(env: Record<string, string>): readonly ConfigIssue[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
}

describe('1. KV-cache bytes per token are Kaito’s, latent attention included', () => {
  test.each([
    ['0.10.0', 'deepseek-r1-0528', 70272],
    ['0.10.0', 'mistral-large-3-675b-instruct', 70272],
    ['0.10.0', 'falcon-40b-instruct', 1966080],
    ['0.10.0', 'gemma-3-4b-instruct', 348160],
    ['0.12.0', 'deepseek-ai/DeepSeek-V3.2', 70272],
    ['0.12.0', 'moonshotai/Kimi-K2.7-Code', 70272],
    ['0.12.0', 'zai-org/GLM-5.2-FP8', 89856],
    ['0.12.0', 'mistralai/Mistral-Small-4-119B-2603', 23040],
  ] as const)('%s %s: %d bytes per token', (release, model, bytes) => {
    expect(findPreset(release, model)?.kvCacheBytesPerToken).toBe(bytes);
  });

  // (DeepSeek-V3.2 itself is refused at synth since issue 27: its pod mounts a hostPath, see pod-security.test.ts)
  test("a latent-attention model's default size and nodes are what Kaito's estimator gives", () => {
    const config = loadConfig({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'moonshotai/Kimi-K2.7-Code' });
    const kaito = oracleEstimates('0.12.0').find(
      (r) => r.model === 'moonshotai/Kimi-K2.7-Code' && r.sku === config.kaito.instanceType.name,
    );
    expect(kaito?.error).toBeUndefined();
    expect(config.kaito.nodesToRequest).toBe(kaito?.nodes);
    expect(estimated(config.kaito).fit.gpusNeeded).toBe(kaito?.gpus);
  });
});

describe('2. distributed inference per release', () => {
  test('0.10.0 ministral-3-8b-instruct defaults to one A100 node (the lowest list price), not two T4 nodes Kaito refuses', () => {
    const config = loadConfig({ KAITO_VERSION: '0.10.0', KAITO_MODEL: 'ministral-3-8b-instruct' });
    expect([config.kaito.instanceType.name, config.kaito.nodesToRequest]).toEqual(['Standard_NC24ads_A100_v4', 1]);
  });

  test('fails when KAITO_INSTANCE_TYPE needs several nodes for a model Kaito 0.10.0 does not distribute', () => {
    const [issue] = issuesOf({ KAITO_MODEL: 'ministral-3-8b-instruct', KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' });
    expect([issue.variable, issue.value]).toEqual(['KAITO_INSTANCE_TYPE', 'Standard_NC4as_T4_v3']);
    expect(issue.message).toContain('ministral-3-8b-instruct cannot be distributed across nodes at Kaito 0.10.0');
    expect(issue.message).toContain('use Standard_NC24ads_A100_v4');
  });

  test.each(['gemma-3-4b-instruct', 'gemma-3-27b-instruct', 'gpt-oss-120b', 'ministral-3-3b-instruct', 'ministral-3-14b-instruct'])(
    '%s is not distributed at 0.10.0 and is at 0.12.0',
    (model) => {
      expect(findPreset('0.10.0', model)?.multiNode).toBe(false);
      expect(findPreset('0.12.0', model)?.multiNode).toBe(true);
    },
  );
});

describe('3. KAITO_MODEL_ACCESS_SECRET exactly where the webhook takes it', () => {
  test('fails when the secret is set for 0.10.0 falcon-7b-instruct, whose weights Kaito bakes into its image', () => {
    const [issue] = issuesOf({ KAITO_VERSION: '0.10.0', KAITO_MODEL_ACCESS_SECRET: 'hf-token' });
    expect([issue.variable, issue.value]).toEqual(['KAITO_MODEL_ACCESS_SECRET', 'hf-token']);
    expect(issue.message).toContain('falcon-7b-instruct at Kaito 0.10.0');
    expect(issue.message).toContain('This preset does not require a modelAccessSecret');
  });

  test('fails when a preset that needs a token has none, naming the rule', () => {
    const [issue] = issuesOf({ KAITO_MODEL: 'llama-3.1-8b-instruct' });
    expect(issue.variable).toBe('KAITO_MODEL');
    expect(issue.message).toContain('KAITO_MODEL_ACCESS_SECRET');
    expect(issue.message).toContain('This preset requires authentication');
  });

  test('accepted, and optional, where the weights are downloaded at runtime', () => {
    expect(loadConfig({ KAITO_MODEL: 'gemma-3-4b-instruct', KAITO_MODEL_ACCESS_SECRET: 'hf-token' }).kaito.modelAccessSecret).toBe(
      'hf-token',
    );
    expect(loadConfig({ KAITO_MODEL: 'gemma-3-4b-instruct' }).kaito.modelAccessSecret).toBeUndefined();
    expect(
      loadConfig({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4', KAITO_MODEL_ACCESS_SECRET: 'hf-token' }).kaito.modelAccessSecret,
    ).toBe('hf-token');
  });

  test('the 20 presets of 0.10.0 that download nothing refuse it; no 0.12.0 preset does', () => {
    const refusing = (release: (typeof RELEASE_VERSIONS)[number]) =>
      PRESET_DATA.releases[release].presets
        .filter((p) => !p.downloadAuthRequired)
        .filter((p) =>
          issuesOf({ KAITO_VERSION: release, KAITO_MODEL: p.name, KAITO_MODEL_ACCESS_SECRET: 'hf-token' }).some(
            (i) => i.variable === 'KAITO_MODEL_ACCESS_SECRET',
          ),
        )
        .map((p) => p.name);
    expect(refusing('0.10.0')).toHaveLength(20);
    expect(refusing('0.10.0')).toContain('falcon-7b-instruct');
    expect(refusing('0.12.0')).toEqual([]);
  });
});

describe('4. the names Kaito accepts, aliases included', () => {
  const aliases = oraclePresets('0.10.0').filter((r) => r.source.every((s) => s === 'builtin-hf-alias'));

  test('all 27 lowercase Hugging Face ids of 0.10.0 synthesize, as the preset they name', () => {
    expect(aliases).toHaveLength(27);
    for (const alias of aliases) {
      const config = loadConfig({
        KAITO_MODEL: alias.name,
        ...(alias.downloadAuthRequired ? { KAITO_MODEL_ACCESS_SECRET: 'hf-token' } : {}),
      });
      expect(config.kaito.preset.name).toBe(PRESET_DATA.releases['0.10.0'].aliases[alias.name]);
      expect(config.kaito.modelGivenAs).toBe(alias.name);
      expect(config.kaito.workspaceName).toBe(workspaceName(config.kaito.preset.name));
    }
  });

  test('fails when the name is a near miss, with "did you mean" and where the full list is, not the list', () => {
    const [issue] = issuesOf({ KAITO_MODEL: 'falcon-7b-instuct' });
    expect([issue.variable, issue.value]).toEqual(['KAITO_MODEL', 'falcon-7b-instuct']);
    expect(issue.message).toContain('did you mean "falcon-7b-instruct"?');
    expect(issue.message).toContain('npx kaito-aks models --release 0.10.0');
    expect(issue.message).not.toContain('phi-3-mini-4k-instruct');
  });

  test('fails when a Hugging Face id is not one Kaito knows offline, saying that is our rule', () => {
    const [issue] = issuesOf({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'some-org/some-model' });
    expect(issue.value).toBe('some-org/some-model');
    expect(issue.message).toContain('kaito-aks takes only the presets Kaito knows offline');
  });
});

describe('5. no stricter than Kaito, except by a policy we name', () => {
  test('0.10.0 mistral-large-3-675b-instruct on T4: Kaito places it on 59 nodes, and so do we', () => {
    const config = loadConfig({ KAITO_MODEL: 'mistral-large-3-675b-instruct', KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' });
    expect(config.kaito.nodesToRequest).toBe(59);
  });

  test.each([
    ['Standard_NG32ads_V620_v1', 'NVIDIA GPU'],
    ['Standard_NV12s_v3', 'Azure retired it'],
  ])('fails when KAITO_INSTANCE_TYPE=%s, a size Kaito accepts, saying it is our policy', (size, why) => {
    const [issue] = issuesOf({ KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: 'hf-token', KAITO_INSTANCE_TYPE: size });
    expect([issue.variable, issue.value]).toEqual(['KAITO_INSTANCE_TYPE', size]);
    expect(issue.message).toContain(`Kaito 0.10.0 lists ${size}, but kaito-aks refuses it by its own policy`);
    expect(issue.message).toContain(why);
    // Kaito itself would give the Workspace nodes
    expect(oracleEstimates('0.10.0').find((r) => r.model === 'llama-3.1-8b-instruct' && r.sku === size)?.error).toBeUndefined();
  });
});
