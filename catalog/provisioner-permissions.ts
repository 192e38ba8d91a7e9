/**
 * The Azure actions Kaito's gpu-provisioner calls, read from its source: what its custom role holds.
 *
 * Source: `Azure/gpu-provisioner` tags v0.4.1 (commit e7a66e1fb7af31e13449af3e32b5918ff53e59a9) and
 * v0.4.3 (commit c09a56c0a1ffe41acd202ae7b9a345d8bfdaaa0c), the images of charts 0.4.1 and 0.4.3;
 * `pkg/` and `cmd/` are identical between the two tags. Read 2026-11-29. The only Azure client the
 * code builds is `armcontainerservice.NewAgentPoolsClient` (`pkg/providers/instance/azure_client.go`),
 * used through four calls in `pkg/providers/instance/armutils.go`. The agent pools it creates set no
 * subnet, proximity placement group or capacity reservation (`newAgentPoolObject` in `instance.go`),
 * so AKS makes no linked access check on other resources. Polling a long-running operation reads
 * its status URL outside the cluster's scope; Contributor on the cluster, which upstream documents
 * and the workshop used, holds nothing there either, so it needs no action of its own.
 */

/** One Azure action and the gpu-provisioner code that needs it. */
export interface ProvisionerAction {
  /** The Azure RBAC action. */
  readonly action: string;
  /** The SDK calls that need it. */
  readonly calls: readonly string[];
  /** Where they are made: `file:function`, from the repository root. */
  readonly codePath: string;
  /** What gpu-provisioner uses it for. */
  readonly purpose: string;
}

/** The gpu-provisioner versions the list was read from (the chart versions of the release trains). */
export const PROVISIONER_ACTIONS_SOURCE = {
  repository: 'https://github.com/Azure/gpu-provisioner',
  versions: ['0.4.1', '0.4.3'],
  checkedOn: '2026-11-29',
} as const;

/**
 * Every action gpu-provisioner 0.4.1 and 0.4.3 calls on the AKS cluster, each once. Granted on the
 * cluster resource only.
 */
export const PROVISIONER_ACTIONS: readonly ProvisionerAction[] = [
  {
    action: 'Microsoft.ContainerService/managedClusters/agentPools/read',
    calls: ['AgentPoolsClient.Get', 'AgentPoolsClient.NewListPager'],
    codePath: 'pkg/providers/instance/armutils.go:getAgentPool, listAgentPools',
    purpose: 'read a GPU node pool before deleting it, and list the pools to match NodeClaims and collect leaked ones',
  },
  {
    action: 'Microsoft.ContainerService/managedClusters/agentPools/write',
    calls: ['AgentPoolsClient.BeginCreateOrUpdate'],
    codePath: 'pkg/providers/instance/armutils.go:createAgentPool',
    purpose: "create the GPU node pool of a NodeClaim (one node, the Workspace's instance type)",
  },
  {
    action: 'Microsoft.ContainerService/managedClusters/agentPools/delete',
    calls: ['AgentPoolsClient.BeginDelete'],
    codePath: 'pkg/providers/instance/armutils.go:deleteAgentPool',
    purpose: 'delete the node pool when its NodeClaim goes (the Workspace is deleted)',
  },
];

/** The roles gpu-provisioner's identity can hold on the cluster. */
export const PROVISIONER_ROLES = ['custom', 'contributor'] as const;

/** `custom`: exactly {@link PROVISIONER_ACTIONS}; `contributor`: the built-in Contributor role. */
export type ProvisionerRole = (typeof PROVISIONER_ROLES)[number];
