import { helmOperator, synthesize } from '../stacks/helpers';
import { checkValues } from '../../verify/helm-values';
import { referenceYaml } from './schemas';

describe.each([
  ['0.10.0', {}],
  ['0.12.0', { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct', DEPLOY_AZURE_OPENAI: 'true' }],
])('every Helm value kaito-aks sets exists in the chart version it installs (train %s)', (_train, env) => {
  const { kaito } = synthesize(env);
  const release = helmOperator(kaito).release;

  test(`gpu-provisioner ${release.gpuProvisionerChart.version}`, () => {
    const defaults = referenceYaml('kaito', `gpu-provisioner-values-${release.gpuProvisionerChart.version}.yaml`);
    expect(checkValues(helmOperator(kaito).gpuProvisionerValues, defaults)).toEqual([]);
  });

  test(`workspace ${release.workspaceChart.version}`, () => {
    const defaults = referenceYaml('kaito', `workspace-values-${release.workspaceChart.version}.yaml`);
    expect(checkValues(helmOperator(kaito).workspaceValues, defaults)).toEqual([]);
  });

  test('aks-store-demo-chart 1.6.0', () => {
    expect(checkValues(kaito.storeApp.values, referenceYaml('aks-store-demo', 'values-chart-1.6.0.yaml'))).toEqual([]);
  });
});
