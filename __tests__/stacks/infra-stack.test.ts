import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { AZURE_ROLES } from '../../constructs/role-assignment';
import { COMBINATIONS, parsed, ref, resources, synthesize } from './helpers';

const AZD_OUTPUTS = [
  'AZURE_RESOURCEGROUP_NAME',
  'AZURE_AKS_CLUSTER_NAME',
  'AZURE_AKS_CLUSTER_ID',
  'AZURE_AKS_OIDC_ISSUER_URL',
  'AZURE_AKS_CLUSTER_NODE_RESOURCEGROUP_NAME',
  'AZURE_AKS_NAMESPACE',
  'AZURE_TENANT_ID',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_LOCATION',
  'KAITO_IDENTITY_CLIENT_ID',
  'AZURE_OPENAI_ENDPOINT',
  'AZURE_OPENAI_MODEL_NAME',
  'AZURE_IDENTITY_CLIENT_ID',
];

describe.each(Object.entries(COMBINATIONS).filter(([name]) => name.startsWith('default') || name.startsWith('0.10.0')))(
  'infra stack snapshot: %s',
  (_name, env) => {
    test('matches the reviewed snapshot', () => {
      expect(synthesize(env).infraJson).toMatchSnapshot();
    });
  },
);

describe('infra stack, default', () => {
  const { infraJson: json } = synthesize();

  test('AKS has the OIDC issuer, workload identity, Azure RBAC and no local accounts', () => {
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      name: 'aks-kaito',
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      role_based_access_control_enabled: true,
      local_account_disabled: true,
      azure_active_directory_role_based_access_control: {
        azure_rbac_enabled: true,
        tenant_id: '${data.azurerm_client_config.Client.tenant_id}',
      },
      node_resource_group: 'rg-kaito-aks-nodes',
    });
  });

  test('AksCluster defaults: Kubernetes 1.36 (AKS_KUBERNETES_VERSION), two D4ds_v5 system nodes on 128 GiB ephemeral disks, rotatable pool', () => {
    expect(json).toHaveResourceWithProperties(KubernetesCluster, {
      kubernetes_version: '1.36',
      automatic_upgrade_channel: 'patch',
      default_node_pool: {
        name: 'system',
        temporary_name_for_rotation: 'systemtmp',
        vm_size: 'Standard_D4ds_v5',
        node_count: 2,
        os_disk_type: 'Ephemeral',
        os_disk_size_gb: 128,
        max_pods: 110,
        upgrade_settings: { max_surge: '10%' },
      },
    });
  });

  test('the provisioner identity gets its custom role on the AKS cluster resource only, and no Contributor', () => {
    const cluster = ref(json, 'azurerm_kubernetes_cluster', 'Cluster/Resource', 'id');
    const principal = ref(json, 'azurerm_user_assigned_identity', 'KaitoProvisioner/Identity/Resource', 'principal_id');
    const role = ref(json, 'azurerm_role_definition', 'Cluster/NodeProvisioningRole', 'role_definition_resource_id');
    const assignments = Object.values(resources(json, 'azurerm_role_assignment'));
    expect(assignments.filter((r) => String(r.role_definition_id).endsWith(AZURE_ROLES.CONTRIBUTOR))).toHaveLength(0);
    const provisioner = assignments.filter((r) => r.principal_id === principal);
    expect(provisioner).toHaveLength(1);
    expect(provisioner[0]).toMatchObject({ scope: cluster, role_definition_id: role, principal_type: 'ServicePrincipal' });
  });

  test('no role assignment is scoped to a resource group or subscription', () => {
    for (const r of Object.values(resources(json, 'azurerm_role_assignment'))) {
      expect(String(r.scope)).toMatch(/^\$\{azurerm_(kubernetes_cluster|cognitive_account)\.[^}]+\.id\}$/);
    }
  });

  test('the deployer becomes AKS RBAC Cluster Admin of this cluster, to install the releases', () => {
    expect(json).toHaveResourceWithProperties(RoleAssignment, {
      scope: ref(json, 'azurerm_kubernetes_cluster', 'Cluster/Resource', 'id'),
      principal_id: '${data.azurerm_client_config.Client.object_id}',
      role_definition_id: `\${data.azurerm_subscription.Subscription.id}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.AKS_RBAC_CLUSTER_ADMIN}`,
    });
  });

  test('the federated credential trusts exactly the gpu-provisioner ServiceAccount of this cluster', () => {
    expect(json).toHaveResourceWithProperties(FederatedIdentityCredential, {
      issuer: ref(json, 'azurerm_kubernetes_cluster', 'Cluster/Resource', 'oidc_issuer_url'),
      subject: 'system:serviceaccount:gpu-provisioner:gpu-provisioner',
      audience: ['api://AzureADTokenExchange'],
      parent_id: ref(json, 'azurerm_user_assigned_identity', 'KaitoProvisioner/Identity/Resource', 'id'),
    });
  });

  test('no Azure OpenAI and no ai-service identity when the toggle is off', () => {
    expect(Object.keys(resources(json, CognitiveAccount.tfResourceType))).toHaveLength(0);
    expect(Object.keys(resources(json, CognitiveDeployment.tfResourceType))).toHaveLength(0);
    expect(Object.keys(resources(json, UserAssignedIdentity.tfResourceType))).toHaveLength(1);
    expect(Object.keys(resources(json, FederatedIdentityCredential.tfResourceType))).toHaveLength(1);
  });

  test('outputs carry exactly the azd names, OpenAI ones empty, none sensitive or secret', () => {
    const outputs = parsed(json).output;
    expect(Object.keys(outputs).sort()).toEqual([...AZD_OUTPUTS].sort());
    expect(outputs.AZURE_AKS_NAMESPACE.value).toBe('pets');
    expect(outputs.AZURE_OPENAI_ENDPOINT.value).toBe('');
    expect(outputs.AZURE_OPENAI_MODEL_NAME.value).toBe('');
    expect(outputs.AZURE_IDENTITY_CLIENT_ID.value).toBe('');
    expect(JSON.stringify(outputs)).not.toMatch(/kube_config|kube_admin_config|primary_access_?key|client_?secret|password/);
  });
});

describe('infra stack with DEPLOY_AZURE_OPENAI=true', () => {
  const { infraJson: json } = synthesize({ DEPLOY_AZURE_OPENAI: 'true' });
  const account = () => ref(json, 'azurerm_cognitive_account', 'OpenAi/Resource', 'id');

  test('an OpenAI account with a custom subdomain and key-based auth off', () => {
    expect(json).toHaveResourceWithProperties(CognitiveAccount, {
      name: 'oai-kaito',
      kind: 'OpenAI',
      local_auth_enabled: false,
      custom_subdomain_name: 'oai-kaito-${substr(sha1(azurerm_resource_group.ResourceGroup.id), 0, 8)}',
    });
  });

  test('the model deployment from the config', () => {
    expect(json).toHaveResourceWithProperties(CognitiveDeployment, {
      name: 'gpt-4.1-mini',
      cognitive_account_id: account(),
      model: { format: 'OpenAI', name: 'gpt-4.1-mini', version: '2025-04-14' },
      sku: { name: 'GlobalStandard', capacity: 10 },
    });
  });

  test('ai-service identity: federated with pets/ai-service-account, OpenAI User on the account only', () => {
    expect(json).toHaveResourceWithProperties(FederatedIdentityCredential, {
      subject: 'system:serviceaccount:pets:ai-service-account',
      parent_id: ref(json, 'azurerm_user_assigned_identity', 'AiServiceIdentity/Resource', 'id'),
      audience: ['api://AzureADTokenExchange'],
    });
    expect(json).toHaveResourceWithProperties(RoleAssignment, {
      scope: account(),
      principal_id: ref(json, 'azurerm_user_assigned_identity', 'AiServiceIdentity/Resource', 'principal_id'),
      principal_type: 'ServicePrincipal',
      role_definition_id: `\${data.azurerm_subscription.Subscription.id}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.COGNITIVE_SERVICES_OPENAI_USER}`,
    });
  });

  test('the OpenAI outputs are filled', () => {
    const outputs = parsed(json).output;
    expect(outputs.AZURE_OPENAI_ENDPOINT.value).toBe(ref(json, 'azurerm_cognitive_account', 'OpenAi/Resource', 'endpoint'));
    expect(outputs.AZURE_OPENAI_MODEL_NAME.value).toBe('gpt-4.1-mini');
    expect(outputs.AZURE_IDENTITY_CLIENT_ID.value).toBe(
      ref(json, 'azurerm_user_assigned_identity', 'AiServiceIdentity/Resource', 'client_id'),
    );
  });
});

describe('infra stack, AKS_KUBERNETES_VERSION', () => {
  test('the cluster is created on the minor the variable names, and azd checks the variable in main.tfvars.json', () => {
    // GIVEN another supported minor WHEN synthesized
    const json = synthesize({ AKS_KUBERNETES_VERSION: '1.37' }).infraJson;
    // THEN the cluster names it, and the stack declares the variable azd fills in
    expect(json).toHaveResourceWithProperties(KubernetesCluster, { kubernetes_version: '1.37' });
    expect(parsed(json).variable).toHaveProperty('AKS_KUBERNETES_VERSION.default', '1.37');
  });
});
