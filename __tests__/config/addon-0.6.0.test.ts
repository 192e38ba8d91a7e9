/**
 * KAITO_INSTALL=aks-addon at Kaito 0.6.0 (the version the AKS docs say the add-on runs): synth
 * refuses what Kaito 0.6.0's webhook refuses, with a message per kind, adds our own policy on top
 * (said as ours), and sizes the Workspace by KAITO_NODE_COUNT, as Kaito 0.6.0 does.
 */
import { loadConfig } from '../../config';
import { problems, problemWith } from './helpers';

const ADDON = { KAITO_INSTALL: 'aks-addon' };

describe('the add-on at Kaito 0.6.0, accepted', () => {
  test('by default: falcon-7b-instruct on one A10 node, judged by the webhook', () => {
    const { kaito } = loadConfig(ADDON);
    expect(kaito.release.version).toBe('0.6.0');
    expect(kaito.sizing).toBe('webhook');
    expect([kaito.preset.name, kaito.instanceType.name, kaito.nodeCount, kaito.nodesToRequest]).toEqual([
      'falcon-7b-instruct',
      'Standard_NV36ads_A10_v5',
      1,
      1,
    ]);
    if (kaito.sizing === 'webhook') expect(kaito.admission.refusals).toEqual([]);
  });

  test('KAITO_VERSION=0.6.0 with the add-on is the same as leaving it unset', () => {
    expect(loadConfig({ ...ADDON, KAITO_VERSION: '0.6.0' }).kaito).toEqual(loadConfig(ADDON).kaito);
  });

  test('phi-2, which only 0.6.0 serves, gets the cheapest size the webhook admits', () => {
    expect(loadConfig({ ...ADDON, KAITO_MODEL: 'phi-2' }).kaito.instanceType.name).toBe('Standard_NC4as_T4_v3');
  });

  test('a preset in another letter case resolves, and the Workspace names it as Kaito does', () => {
    const { kaito } = loadConfig({ ...ADDON, KAITO_MODEL: 'Phi-4-Mini-Instruct' });
    expect([kaito.preset.name, kaito.modelGivenAs, kaito.workspaceName]).toEqual([
      'phi-4-mini-instruct',
      'Phi-4-Mini-Instruct',
      'workspace-phi-4-mini-instruct',
    ]);
  });

  test('a token-gated preset with its Secret', () => {
    const { kaito } = loadConfig({ ...ADDON, KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: 'hf-token' });
    expect([kaito.instanceType.name, kaito.modelAccessSecret]).toEqual(['Standard_NV36ads_A10_v5', 'hf-token']);
  });
});

describe('the add-on at Kaito 0.6.0, refused', () => {
  test('KAITO_VERSION=0.6.0 with KAITO_INSTALL=helm: add-on only, naming both variables and the way out', () => {
    const issue = problemWith({ KAITO_VERSION: '0.6.0' }, 'KAITO_VERSION');
    expect(issue.message).toContain('the version the AKS add-on runs (KAITO_INSTALL=aks-addon)');
    expect(issue.message).toContain('with KAITO_INSTALL=helm use 0.10.0 or 0.12.0, or set KAITO_INSTALL=aks-addon');
  });

  test('a preset 0.6.0 lacks: says which releases serve it and lists the 22 it has', () => {
    const issue = problemWith({ ...ADDON, KAITO_MODEL: 'gemma-3-27b-instruct' }, 'KAITO_MODEL');
    expect(issue.message).toContain('not a preset of Kaito 0.6.0, the version the AKS add-on is assumed to run');
    expect(issue.message).toContain('install with KAITO_INSTALL=helm and KAITO_VERSION=0.12.0');
    expect(issue.message).toContain('Kaito 0.6.0 serves deepseek-r1-0528, ');
  });

  test('a Hugging Face id: 0.6.0 has no such names', () => {
    expect(problemWith({ ...ADDON, KAITO_MODEL: 'tiiuae/falcon-7b-instruct' }, 'KAITO_MODEL').message).toContain(
      'not a preset of Kaito 0.6.0',
    );
  });

  test("a size outside Kaito's table, which its webhook would let through unchecked", () => {
    const issue = problemWith({ ...ADDON, KAITO_INSTANCE_TYPE: 'Standard_D8s_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain(
      "not in Kaito 0.6.0's GPU size table: its webhook would let any Standard_N* or Standard_D* name through",
    );
    expect(issue.message).toContain('use Standard_NV36ads_A10_v5');
  });

  test.each([
    ['an AMD size', 'Standard_NG32ads_V620_v1', 'the AKS add-on does not support AMD GPU sizes'],
    ['a retired size', 'Standard_NC6s_v3', 'Azure retired it on 2025-09-30'],
  ])('%s, by our policy', (_kind, size, why) => {
    const issue = problemWith({ ...ADDON, KAITO_INSTANCE_TYPE: size }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain('kaito-aks refuses it by its own policy');
    expect(issue.message).toContain(why);
  });

  test("a 16 GB T4 for falcon-7b-instruct: the webhook admits it, our rule (Kaito 0.10.0's estimator) does not", () => {
    const issue = problemWith({ ...ADDON, KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain(
      "Kaito 0.6.0's webhook admits Standard_NC4as_T4_v3 for falcon-7b-instruct (it asks for 14 GiB in total)",
    );
    expect(issue.message).toContain(
      'kaito-aks refuses it by its own policy: the node estimator of Kaito 0.10.0 says falcon-7b-instruct needs',
    );
    expect(issue.message).toContain('use Standard_NV36ads_A10_v5');
  });

  test('too little GPU memory per GPU (the webhook: "Insufficient per GPU memory")', () => {
    const issue = problemWith(
      {
        ...ADDON,
        KAITO_MODEL: 'llama-3.3-70b-instruct',
        KAITO_MODEL_ACCESS_SECRET: 'hf-token',
        KAITO_INSTANCE_TYPE: 'Standard_ND96asr_A100_v4',
      },
      'KAITO_INSTANCE_TYPE',
    );
    expect(issue.message).toContain(
      "Kaito 0.6.0's admission webhook (the AKS add-on's) refuses the Workspace: llama-3.3-70b-instruct asks for 80 GiB per GPU, 40 GiB given by 1 x Standard_ND96asr_A100_v4",
    );
  });

  test('too few GPUs and too little memory in total, saying the count it would take and why kaito-aks cannot', () => {
    const issue = problemWith(
      {
        ...ADDON,
        KAITO_MODEL: 'llama-3.3-70b-instruct',
        KAITO_MODEL_ACCESS_SECRET: 'hf-token',
        KAITO_INSTANCE_TYPE: 'Standard_NC80adis_H100_v5',
      },
      'KAITO_INSTANCE_TYPE',
    );
    expect(issue.message).toContain(
      'asks for 4 GPUs, 2 given, and 320 GiB of GPU memory in total, 188 GiB given by 1 x Standard_NC80adis_H100_v5',
    );
    expect(issue.message).toContain(
      'it would take resource.count 2 and an inference config that sets max-model-len, which kaito-aks does not emit',
    );
    expect(issue.message).toContain('use Standard_NC96ads_A100_v4');
  });

  test('KAITO_NODE_COUNT above 1: Kaito 0.6.0 needs max-model-len for it', () => {
    const issue = problemWith({ ...ADDON, KAITO_NODE_COUNT: '2' }, 'KAITO_NODE_COUNT');
    expect(issue.value).toBe('2');
    expect(issue.message).toContain('gives the Workspace exactly resource.count nodes, and its webhook refuses a count above 1');
    expect(issue.message).toContain('set KAITO_NODE_COUNT=1');
  });

  test('a size with several GPUs of less than 20 GiB: max-model-len again', () => {
    const issue = problemWith({ ...ADDON, KAITO_MODEL: 'phi-2', KAITO_INSTANCE_TYPE: 'Standard_NC64as_T4_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain('Standard_NC64as_T4_v3 has 4 GPUs of less than 20 GiB each, for which Kaito 0.6.0 requires');
  });

  test('the token rule: a downloading preset without a Secret, and a Secret for a preset that downloads nothing', () => {
    expect(problemWith({ ...ADDON, KAITO_MODEL: 'llama-3.1-8b-instruct' }, 'KAITO_MODEL').message).toContain(
      'rejects the Workspace without a token ("This preset requires a modelAccessSecret"); create a Secret with key HF_TOKEN',
    );
    expect(problemWith({ ...ADDON, KAITO_MODEL_ACCESS_SECRET: 'hf-token' }, 'KAITO_MODEL_ACCESS_SECRET').message).toContain(
      "falcon-7b-instruct at Kaito 0.6.0 has its weights in Kaito's image and downloads nothing",
    );
  });

  test('several problems are all reported at once', () => {
    expect(
      problems({ ...ADDON, KAITO_NODE_COUNT: '3', KAITO_MODEL_ACCESS_SECRET: 'hf-token' })
        .map((i) => i.variable)
        .sort(),
    ).toEqual(['KAITO_MODEL_ACCESS_SECRET', 'KAITO_NODE_COUNT']);
  });
});
