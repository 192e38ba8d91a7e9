import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { grantCustomRole, GrantCustomRoleProps } from '../../constructs/role-assignment';

function grant(props: Partial<GrantCustomRoleProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const result = grantCustomRole(stack, 'Grant', {
    scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks',
    definitionScope: '/subscriptions/s/resourceGroups/rg',
    roleName: 'role',
    actions: ['Microsoft.ContainerService/managedClusters/agentPools/read'],
    principalId: 'p',
    principalType: 'ServicePrincipal',
    description: 'why',
    ...props,
  });
  return { result, json: JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> } };
}

describe('grantCustomRole', () => {
  test('defines the role with exactly the actions, assignable only in its scope, and assigns it at the narrower scope', () => {
    const { json } = grant();
    const definition = Object.values(json.resource.azurerm_role_definition)[0];
    const assignment = Object.values(json.resource.azurerm_role_assignment)[0];
    expect(definition).toEqual({
      name: 'role',
      scope: '/subscriptions/s/resourceGroups/rg',
      assignable_scopes: ['/subscriptions/s/resourceGroups/rg'],
      description: 'why',
      permissions: [{ actions: ['Microsoft.ContainerService/managedClusters/agentPools/read'], not_actions: [] }],
    });
    expect(assignment).toMatchObject({
      scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks',
      role_definition_id: expect.stringMatching(/^\$\{azurerm_role_definition\.GrantRole\.role_definition_resource_id\}$/),
      principal_id: 'p',
      principal_type: 'ServicePrincipal',
    });
  });

  test.each(['Microsoft.ContainerService/*', '*', 'Microsoft.ContainerService/managedClusters/agentPools/*/read', ''])(
    'fails when an action is %p (a wildcard or nothing)',
    (action) => {
      expect(() => grant({ actions: [action] })).toThrow(
        `grantCustomRole Grant: action "${action}" must be one Azure action such as Microsoft.X/type/read, without wildcards`,
      );
    },
  );

  test('fails when no action is given', () => {
    expect(() => grant({ actions: [] })).toThrow('grantCustomRole Grant: actions must list at least one action');
  });
});

test.each(['*/Microsoft.Authorization/roleAssignments/read', '-Microsoft.Storage/storageAccounts/read'])(
  'grantCustomRole fails when the action %p holds something before the provider name',
  (action) => {
    expect(() => grant({ actions: [action] })).toThrow(
      `grantCustomRole Grant: action "${action}" must be one Azure action such as Microsoft.X/type/read, without wildcards`,
    );
  },
);
