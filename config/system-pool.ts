/**
 * The AKS cluster's system node pool, as the infra stack makes it: `preflight` counts its vCPUs on a
 * first provision, and the infra stack passes these to `AksCluster`. The size's vCPUs and quota family
 * come from Azure's resource SKU list at preflight time, not from here.
 */
export const SYSTEM_POOL = {
  /** VM size of the system nodes. */
  vmSize: 'Standard_D4ds_v5',
  /** System nodes; two keep the controllers up while one is upgraded. */
  nodeCount: 2,
} as const;
