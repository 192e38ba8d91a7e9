import { loadConfig } from '../config';
import { formatSummary, SynthesizedStack } from '../summary';

const STACKS: SynthesizedStack[] = [
  { name: 'infra', resources: { azurerm_kubernetes_cluster: 1, azurerm_role_assignment: 2 }, outputs: ['A', 'B'] },
  { name: 'kaito-stack', resources: { helm_release: 5 }, outputs: ['C'] },
];

describe('formatSummary', () => {
  test('stacks with resource and output counts', () => {
    const text = formatSummary(loadConfig({}), STACKS, `${process.cwd()}/cdktf.out`);
    expect(text).toContain('synthesized 2 stacks into cdktf.out');
    expect(text).toMatch(/infra\s+3 resources, 2 outputs/);
    expect(text).toMatch(/kaito-stack\s+5 resources, 1 outputs/);
  });

  test('model, GPU size, fit and the quota to request', () => {
    const text = formatSummary(loadConfig({}), STACKS, 'cdktf.out');
    expect(text).toContain('Model         falcon-7b-instruct (tiiuae/falcon-7b-instruct, 13.44 GiB of weights)');
    expect(text).toContain('GPU fit       needs 16.02 GiB on one GPU; 20.16 GiB usable per GPU; 1 GPU(s) on 1 node(s)');
    expect(text).toContain('GPU quota     standardNVADSA10v5Family: 36 vCPUs in eastus (1 x 36)');
  });

  test('the quota covers the node count asked for', () => {
    const text = formatSummary(loadConfig({ KAITO_NODE_COUNT: '3', AZURE_LOCATION: 'westeurope' }), STACKS, 'cdktf.out');
    expect(text).toContain('standardNVADSA10v5Family: 108 vCPUs in westeurope (3 x 36)');
  });

  test('endpoints and next steps per backend', () => {
    expect(formatSummary(loadConfig({}), STACKS, 'cdktf.out')).toContain('local LLM at http://workspace-falcon-7b-instruct.pets.svc/v1');
    const azure = formatSummary(loadConfig({ DEPLOY_AZURE_OPENAI: 'true' }), STACKS, 'cdktf.out');
    expect(azure).toContain('Azure OpenAI gpt-4.1-mini 2025-04-14 (workload identity)');
    expect(azure).toContain('cdktf deploy kaito-stack');
  });
});
