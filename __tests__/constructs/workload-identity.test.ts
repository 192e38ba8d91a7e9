/**
 * WorkloadIdentity: one identity whose federated credential is pinned to one ServiceAccount; and
 * grantCustomRole's refusal of an action that does not start with a provider name.
 */
import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { AksCluster } from '../../constructs/aks-cluster';
import { grantCustomRole } from '../../constructs/role-assignment';
import { TOKEN_EXCHANGE_AUDIENCE, WorkloadIdentity } from '../../constructs/workload-identity';

test('the federated credential is named after, and pinned to, the one ServiceAccount', () => {
  const stack = new TerraformStack(Testing.app(), 'x');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const resourceGroup = new ResourceGroup(stack, 'Group', { name: 'rg', location: 'westeurope' });
  new WorkloadIdentity(stack, 'Identity', {
    cluster: { oidcIssuerUrl: 'https://issuer.example/' } as AksCluster,
    resourceGroup,
    name: 'id-store',
    serviceAccount: { namespace: 'pets', serviceAccount: 'ai-service' },
  });
  const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const credentials = Object.values(json.resource.azurerm_federated_identity_credential);
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({
    name: 'pets-ai-service',
    issuer: 'https://issuer.example/',
    subject: 'system:serviceaccount:pets:ai-service',
    audience: [TOKEN_EXCHANGE_AUDIENCE],
  });
  expect(Object.values(json.resource.azurerm_user_assigned_identity)[0]).toMatchObject({ name: 'id-store' });
});

test.each(['*/Microsoft.Authorization/roleAssignments/read', '-Microsoft.Storage/storageAccounts/read'])(
  'grantCustomRole fails when the action %p holds something before the provider name',
  (action) => {
    const stack = new TerraformStack(Testing.app(), 'x');
    expect(() =>
      grantCustomRole(stack, 'Grant', {
        scope: '/subscriptions/s/resourceGroups/rg',
        definitionScope: '/subscriptions/s/resourceGroups/rg',
        roleName: 'role',
        actions: [action],
        principalId: 'p',
        principalType: 'ServicePrincipal',
        description: 'why',
      }),
    ).toThrow(`grantCustomRole Grant: action "${action}" must be one Azure action such as Microsoft.X/type/read, without wildcards`);
  },
);
