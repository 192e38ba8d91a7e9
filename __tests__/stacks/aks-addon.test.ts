import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { DataAzurermUserAssignedIdentity } from '@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity';
import { Release } from '@cdktf/provider-helm/lib/release';
import { KaitoAddon } from '../../constructs/kaito-addon';
import { AZURE_ROLES } from '../../constructs/role-assignment';
import { parsed, resources, synthesize } from './helpers';

const ADDON = { KAITO_INSTALL: 'aks-addon' };

describe.each([
  ['local LLM', ADDON],
  ['Azure OpenAI', { ...ADDON, DEPLOY_AZURE_OPENAI: 'true' }],
])('KAITO_INSTALL=aks-addon, %s: snapshots', (_name, env) => {
  const { infraJson, kaitoJson } = synthesize(env);
  test('infra matches the reviewed snapshot', () => expect(infraJson).toMatchSnapshot());
  test('kaito-stack matches the reviewed snapshot', () => expect(kaitoJson).toMatchSnapshot());
});

describe('KAITO_INSTALL=aks-addon holds exactly its resources', () => {
  const { infraJson, kaitoJson, kaito } = synthesize(ADDON);

  test('the cluster runs the add-on, with the OIDC issuer and workload identity it needs', () => {
    expect(infraJson).toHaveResourceWithProperties(KubernetesCluster, {
      ai_toolchain_operator_enabled: true,
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
    });
  });

  test('no provisioner identity, federated credential or Contributor assignment', () => {
    expect(Object.keys(resources(infraJson, UserAssignedIdentity.tfResourceType))).toHaveLength(0);
    expect(Object.keys(resources(infraJson, FederatedIdentityCredential.tfResourceType))).toHaveLength(0);
    const roles = Object.values(resources(infraJson, RoleAssignment.tfResourceType)).map((r) => String(r.role_definition_id));
    expect(roles.filter((r) => r.endsWith(AZURE_ROLES.CONTRIBUTOR))).toEqual([]);
    expect(parsed(infraJson).output.KAITO_IDENTITY_CLIENT_ID.value).toBe('');
  });

  test('no Kaito Helm release and no lookup of a provisioner identity in the cluster stack', () => {
    const names = Object.values(resources(kaitoJson, Release.tfResourceType)).map((r) => r.name);
    expect(names.sort()).toEqual(['ai-service', 'aks-store-demo', 'workspace-falcon-7b-instruct']);
    expect(Object.keys(parsed(kaitoJson).data[DataAzurermUserAssignedIdentity.tfResourceType] ?? {})).toHaveLength(0);
    expect(kaito.operator).toBeInstanceOf(KaitoAddon);
  });

  test('the Workspace is the same as with Helm; ai-service names no model, as 0.6.0 served names are not recorded', () => {
    const helm = synthesize();
    expect(kaito.workspace.workspace).toEqual(helm.kaito.workspace.workspace);
    // no workload of Kaito 0.6.0 is in Kaito's data: ai-service takes the one model /v1/models lists
    const { LOCAL_LLM_MODEL, ...rest } = helm.kaito.aiService.environment as Record<string, string>;
    expect(LOCAL_LLM_MODEL).toBe('falcon-7b-instruct');
    expect(kaito.aiService.environment).toEqual(rest);
  });

  test('the Workspace waits only for its namespace: the add-on came with the cluster', () => {
    const workspace = Object.values(resources(kaitoJson, Release.tfResourceType)).find((r) => r.name === 'workspace-falcon-7b-instruct');
    expect(workspace?.depends_on).toEqual([expect.stringMatching(/^kubernetes_namespace_v1\./)]);
  });
});

test('KAITO_INSTALL=helm leaves the add-on off', () => {
  expect(synthesize().infraJson).toHaveResourceWithProperties(KubernetesCluster, { ai_toolchain_operator_enabled: false });
});
