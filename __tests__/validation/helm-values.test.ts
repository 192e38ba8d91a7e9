import { parse } from 'yaml';
import { MANIFEST_CHART } from '../../constructs/manifest-release';
import { synthesize } from '../stacks/helpers';
import { unknownValueKeys } from './helm-values';
import { referenceYaml } from './schemas';

describe.each([
  ['0.10.0', {}],
  ['0.12.0', { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct', DEPLOY_AZURE_OPENAI: 'true' }],
])('every Helm value kaito-aks sets exists in the chart version it installs (train %s)', (_train, env) => {
  const { kaito } = synthesize(env);
  const release = kaito.operator.release;

  test(`gpu-provisioner ${release.gpuProvisionerChart.version}`, () => {
    const defaults = referenceYaml('kaito', `gpu-provisioner-values-${release.gpuProvisionerChart.version}.yaml`);
    expect(unknownValueKeys(kaito.operator.gpuProvisionerValues, defaults)).toEqual([]);
  });

  test(`workspace ${release.workspaceChart.version}`, () => {
    const defaults = referenceYaml('kaito', `workspace-values-${release.workspaceChart.version}.yaml`);
    expect(unknownValueKeys(kaito.operator.workspaceValues, defaults)).toEqual([]);
  });

  test('aks-store-demo-chart 1.6.0', () => {
    expect(unknownValueKeys(kaito.storeApp.values, referenceYaml('aks-store-demo', 'values-chart-1.6.0.yaml'))).toEqual([]);
  });

  test('the generated manifest chart', () => {
    const defaults = parse(MANIFEST_CHART['values.yaml']);
    expect(unknownValueKeys({ objects: kaito.aiService.objects }, defaults)).toEqual([]);
    expect(unknownValueKeys({ objects: [kaito.workspace.workspace] }, defaults)).toEqual([]);
  });
});

describe('unknownValueKeys', () => {
  const defaults = {
    controller: { env: [{ name: 'LOCATION', value: null }], resources: { requests: { cpu: '200m' } } },
    podAnnotations: {},
    replicas: 1,
  };

  test('accepts known keys, free-form maps and listed env names', () => {
    expect(
      unknownValueKeys({ controller: { env: [{ name: 'LOCATION', value: 'eastus' }] }, podAnnotations: { a: 'b' }, replicas: 2 }, defaults),
    ).toEqual([]);
  });

  test('names a misspelt key with its path', () => {
    expect(unknownValueKeys({ controller: { resource: {} }, replica: 1 }, defaults)).toEqual(['controller.resource', 'replica']);
  });

  test('names an env entry the chart does not read', () => {
    expect(unknownValueKeys({ controller: { env: [{ name: 'AZURE_NODE_RESOURCE_GROUP', value: 'x' }] } }, defaults)).toEqual([
      'controller.env[name=AZURE_NODE_RESOURCE_GROUP]',
    ]);
  });

  test('names a map where the chart has a scalar', () => {
    expect(unknownValueKeys({ replicas: { count: 1 } }, defaults)).toEqual(['replicas']);
  });
});
