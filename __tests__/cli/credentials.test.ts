import { loadConfig } from '../../config';
import { credentialsCommands } from '../../cli/target';
import { writeKubeconfig } from '../kubeconfig-fixture';

describe('credentialsCommands: how the recovery hints get credentials', () => {
  test('AKS path: az aks get-credentials, then kubelogin with the login mode as kubelogin spells it', () => {
    expect(credentialsCommands(loadConfig({ AKS_KUBELOGIN_MODE: ' SPN ' }))).toEqual([
      'az aks get-credentials --resource-group rg-kaito --name aks-kaito --overwrite-existing',
      'kubelogin convert-kubeconfig -l spn',
    ]);
  });

  test('kubeconfig mode: the AKS_KUBECONFIG file and its context, no az aks get-credentials', () => {
    const file = writeKubeconfig();
    const lines = credentialsCommands(loadConfig({ AKS_KUBECONFIG: file, AKS_KUBECONFIG_CONTEXT: 'ci', KAITO_INSTALL: 'aks-addon' }));
    expect(lines).toEqual([
      `kubeconfig mode: refresh ${file} (AKS_KUBECONFIG) with the tool that made it, or point AKS_KUBECONFIG and AKS_KUBECONFIG_CONTEXT at a kubeconfig that reaches the cluster`,
      `check it: kubectl --kubeconfig ${file} --context ci get --raw /readyz`,
    ]);
  });
});
