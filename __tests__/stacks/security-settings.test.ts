/**
 * The security settings of the env contract, end to end: environment -> Config -> infra stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVISIONER_ACTIONS } from '../../catalog/provisioner-permissions';
import { AZURE_ROLES } from '../../constructs/role-assignment';
import { ref, resources, synthesize } from './helpers';

describe('KAITO_PROVISIONER_ROLE (Helm install)', () => {
  const { infraJson: json } = synthesize({});

  test('default: a custom role holding exactly the actions gpu-provisioner calls, nothing else', () => {
    const definitions = Object.values(resources(json, 'azurerm_role_definition'));
    expect(definitions).toHaveLength(1);
    expect(definitions[0].permissions).toEqual([{ actions: PROVISIONER_ACTIONS.map((a) => a.action), not_actions: [] }]);
    expect(PROVISIONER_ACTIONS.map((a) => a.action).sort()).toEqual([
      'Microsoft.ContainerService/managedClusters/agentPools/delete',
      'Microsoft.ContainerService/managedClusters/agentPools/read',
      'Microsoft.ContainerService/managedClusters/agentPools/write',
    ]);
  });

  test('default: the role is defined in and assignable only in the cluster resource group, and named after the cluster', () => {
    const definition = Object.values(resources(json, 'azurerm_role_definition'))[0];
    const group = ref(json, 'azurerm_resource_group', 'ResourceGroup', 'id');
    expect(definition).toMatchObject({ scope: group, assignable_scopes: [group] });
    expect(String(definition.name)).toContain(ref(json, 'azurerm_kubernetes_cluster', 'Cluster/Resource', 'name'));
    expect(String(definition.name)).toContain('${data.azurerm_subscription.Subscription.subscription_id}');
  });

  test('contributor: the built-in Contributor role on the cluster, and no custom role', () => {
    const contributor = synthesize({ KAITO_PROVISIONER_ROLE: 'contributor' }).infraJson;
    expect(resources(contributor, 'azurerm_role_definition')).toEqual({});
    const principal = ref(contributor, 'azurerm_user_assigned_identity', 'KaitoProvisioner/Identity/Resource', 'principal_id');
    const assignments = Object.values(resources(contributor, 'azurerm_role_assignment')).filter((r) => r.principal_id === principal);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({
      scope: ref(contributor, 'azurerm_kubernetes_cluster', 'Cluster/Resource', 'id'),
      role_definition_id: `\${data.azurerm_subscription.Subscription.id}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.CONTRIBUTOR}`,
    });
  });

  test('the AKS add-on: no provisioner identity, so no role for it either', () => {
    const addon = synthesize({ KAITO_INSTALL: 'aks-addon' }).infraJson;
    expect(resources(addon, 'azurerm_role_definition')).toEqual({});
    expect(resources(addon, 'azurerm_user_assigned_identity')).toEqual({});
  });

  test('the README lists every action with the code path that needs it and what for', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const a of PROVISIONER_ACTIONS) {
      expect(readme).toContain(`| \`${a.action}\` | ${a.calls.map((c) => `\`${c}\``).join(', ')} | \`${a.codePath}\` | ${a.purpose} |\n`);
    }
  });
});

describe('AKS_API_SERVER_AUTHORIZED_IP_RANGES', () => {
  test('unset: the cluster has no API server access profile (any address, Entra ID sign-in)', () => {
    const cluster = Object.values(resources(synthesize({}).infraJson, 'azurerm_kubernetes_cluster'))[0];
    expect(cluster.api_server_access_profile).toBeUndefined();
  });

  test('set: the cluster admits exactly those ranges, in order', () => {
    const json = synthesize({ AKS_API_SERVER_AUTHORIZED_IP_RANGES: '203.0.113.7/32, 198.51.100.0/24' }).infraJson;
    const cluster = Object.values(resources(json, 'azurerm_kubernetes_cluster'))[0];
    expect(cluster.api_server_access_profile).toEqual({ authorized_ip_ranges: ['203.0.113.7/32', '198.51.100.0/24'] });
  });
});
