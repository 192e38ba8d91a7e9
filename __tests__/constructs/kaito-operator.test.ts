/**
 * KaitoOperator: the gpu-provisioner and workspace Helm releases it installs, the values it passes
 * them, chart mirrors, and the repositories it refuses.
 */
import { Testing, TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { RELEASE_TRAINS } from '../../catalog/release-trains';
import { CHART_REPOSITORY_RULE } from '../../config/schema';
import { KaitoOperator, KaitoOperatorProps } from '../../constructs/kaito-operator';
import { renderedValues } from '../stacks/helpers';

const PROPS: KaitoOperatorProps = {
  release: RELEASE_TRAINS['0.12.0'],
  clusterName: 'aks-demo',
  clusterResourceGroupName: 'rg-demo',
  location: 'swedencentral',
  subscriptionId: '00000000-0000-0000-0000-0000000000a1',
  tenantId: '00000000-0000-0000-0000-0000000000b2',
  provisionerClientId: '00000000-0000-0000-0000-0000000000c3',
};

/** A KaitoOperator in a fresh stack, and its synthesized helm_release resources by release name. */
function build(props: Partial<KaitoOperatorProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'x');
  const operator = new KaitoOperator(stack, 'Kaito', { ...PROPS, ...props });
  const releases = JSON.parse(Testing.synth(stack)).resource[Release.tfResourceType] as Record<string, Record<string, unknown>>;
  const byName = Object.fromEntries(Object.values(releases).map((r) => [r.name as string, r]));
  return { stack, operator, byName };
}

/** Settings both releases share: wait until ready, roll back a failed install, ten minutes. */
const RELEASE_SETTINGS = { create_namespace: true, wait: true, atomic: true, cleanup_on_fail: true, timeout: 600 };

describe('from the release train upstream charts', () => {
  const { operator, byName } = build();

  test('gpu-provisioner: cluster name, workload identity and the full controller.env list of chart 0.4.x', () => {
    const expected = {
      settings: { azure: { clusterName: 'aks-demo' } },
      workloadIdentity: { clientId: '00000000-0000-0000-0000-0000000000c3', tenantId: '00000000-0000-0000-0000-0000000000b2' },
      controller: {
        env: [
          { name: 'ARM_SUBSCRIPTION_ID', value: '00000000-0000-0000-0000-0000000000a1' },
          { name: 'LOCATION', value: 'swedencentral' },
          { name: 'AZURE_CLUSTER_NAME', value: 'aks-demo' },
          { name: 'ARM_RESOURCE_GROUP', value: 'rg-demo' },
          { name: 'LEADER_ELECT', value: 'false' },
          { name: 'E2E_TEST_MODE', value: 'false' },
        ],
      },
    };
    expect(operator.gpuProvisionerValues).toEqual(expected);
    expect(renderedValues(byName['gpu-provisioner'])).toEqual(expected);
  });

  test('workspace: cluster name and the feature gates of the train', () => {
    const expected = { clusterName: 'aks-demo', featureGates: { vLLM: true, disableNodeAutoProvisioning: false } };
    expect(operator.workspaceValues).toEqual(expected);
    expect(renderedValues(byName.workspace)).toEqual(expected);
  });

  test('the two releases: upstream chart and version, own namespace, the gpu-provisioner release named after its ServiceAccount', () => {
    expect(Object.keys(byName).sort()).toEqual(['gpu-provisioner', 'workspace']);
    expect(byName['gpu-provisioner']).toMatchObject({
      ...RELEASE_SETTINGS,
      namespace: 'gpu-provisioner',
      repository: 'https://azure.github.io/gpu-provisioner/charts',
      chart: 'gpu-provisioner',
      version: '0.4.3',
    });
    expect(byName.workspace).toMatchObject({
      ...RELEASE_SETTINGS,
      namespace: 'kaito-workspace',
      repository: 'https://kaito-project.github.io/kaito/charts/kaito',
      chart: 'workspace',
      version: '0.12.0',
    });
  });

  test('exposes the train and both releases, which a Workspace depends on', () => {
    expect(operator.release).toBe(RELEASE_TRAINS['0.12.0']);
    expect(operator.dependables).toEqual([operator.gpuProvisioner, operator.controller]);
    expect(operator.gpuProvisioner.nameInput).toBe('gpu-provisioner');
    expect(operator.controller.nameInput).toBe('workspace');
  });
});

test('chart mirrors replace the repositories only, keeping chart names and versions', () => {
  const { byName } = build({
    chartRepositories: { workspace: 'oci://mirror.azurecr.io/helm', gpuProvisioner: 'https://charts.example.com/gpu' },
  });
  expect(byName.workspace).toMatchObject({ repository: 'oci://mirror.azurecr.io/helm', chart: 'workspace', version: '0.12.0' });
  expect(byName['gpu-provisioner']).toMatchObject({
    repository: 'https://charts.example.com/gpu',
    chart: 'gpu-provisioner',
    version: '0.4.3',
  });
});

test.each([
  ['workspace', 'git://charts.example.com/kaito'],
  ['gpuProvisioner', 'http://charts.example.com/gpu'],
] as const)('fails when chartRepositories.%s is %j, naming the key and the value', (key, url) => {
  expect(() => build({ chartRepositories: { [key]: url } })).toThrow(
    new Error(`KaitoOperator chartRepositories.${key} ${CHART_REPOSITORY_RULE}, got "${url}"`),
  );
});
