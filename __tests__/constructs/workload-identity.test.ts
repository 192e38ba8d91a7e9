/**
 * WorkloadIdentity: one identity whose federated credential is pinned to one ServiceAccount.
 */
import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { AksCluster } from '../../constructs/aks-cluster';
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
