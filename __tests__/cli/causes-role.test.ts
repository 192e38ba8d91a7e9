/**
 * `wait` on an AuthorizationFailed from gpu-provisioner: "role lacks action X", with the fix for the
 * custom role (KAITO_PROVISIONER_ROLE).
 */
import { classify, deniedAction } from '../../cli/causes';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const ctx = causeContext(testTarget());
/** What Azure Resource Manager answers gpu-provisioner when its role lacks the delete action. */
const DENIED =
  'agentPool.BeginDelete for "ws3f2a9c1d7" failed: DELETE https://management.azure.com/subscriptions/0000/resourceGroups/rg-kaito/providers/Microsoft.ContainerService/managedClusters/aks-kaito/agentPools/ws3f2a9c1d7\n' +
  'RESPONSE 403: 403 Forbidden\nERROR CODE: AuthorizationFailed\n' +
  '{"error":{"code":"AuthorizationFailed","message":"The client \'1111\' with object id \'1111\' does not have authorization to perform action \'Microsoft.ContainerService/managedClusters/agentPools/delete\' over scope \'/subscriptions/0000/resourceGroups/rg-kaito/providers/Microsoft.ContainerService/managedClusters/aks-kaito/agentPools/ws3f2a9c1d7\' or the scope is invalid. If access was recently granted, please refresh your credentials."}}';

describe('deniedAction', () => {
  test('reads the action of AuthorizationFailed', () => {
    expect(deniedAction(DENIED)).toBe('Microsoft.ContainerService/managedClusters/agentPools/delete');
  });

  test('reads the linked action of LinkedAuthorizationFailed', () => {
    expect(
      deniedAction(
        "LinkedAuthorizationFailed: The client 'x' has permission to perform action 'Microsoft.ContainerService/managedClusters/agentPools/write' on scope 'a'; however, it does not have permission to perform action 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) 'b'",
      ),
    ).toBe('Microsoft.Network/virtualNetworks/subnets/join/action');
  });

  test('finds none in a message without one', () => {
    expect(deniedAction('AuthorizationFailed')).toBeUndefined();
  });
});

describe('wait on an AuthorizationFailed from gpu-provisioner (Helm install)', () => {
  const cause = classify(DENIED, 'NodeClaim ws3f2a9c1d7', ctx)!;

  test('says the role lacks that action, and that waiting cannot help', () => {
    expect(cause).toMatchObject({
      kind: 'authorization',
      fatal: true,
      title: "gpu-provisioner's role lacks action Microsoft.ContainerService/managedClusters/agentPools/delete",
    });
    expect(cause.detail).toContain(
      "does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/delete'",
    );
  });

  test('names the identity, the cluster and the versions the custom role was read from', () => {
    expect(cause.fix[0]).toBe(
      "id-kaito-kaito-provisioner's role on the AKS cluster aks-kaito lacks Microsoft.ContainerService/managedClusters/agentPools/delete; with KAITO_PROVISIONER_ROLE=custom (the default) it holds only the node pool actions gpu-provisioner 0.4.1 and 0.4.3 call (README, Security)",
    );
  });

  test('gives the fix: switch to Contributor and re-apply infra, and report the action', () => {
    expect(cause.fix[1]).toBe(
      'to unblock: azd env set KAITO_PROVISIONER_ROLE contributor (or export it) and re-apply the infra stack (azd provision, or cdktf deploy infra); report Microsoft.ContainerService/managedClusters/agentPools/delete and the gpu-provisioner version so the custom role gets it (catalog/provisioner-permissions.ts)',
    );
    expect(cause.fix[2]).toContain(
      'az role assignment list --assignee $(az identity show --name id-kaito-kaito-provisioner --resource-group rg-kaito',
    );
  });

  test('a denial without an action still names the problem', () => {
    expect(classify('AuthorizationFailed', 's', ctx)?.title).toBe('gpu-provisioner is not allowed to add a node pool to the cluster');
  });
});
