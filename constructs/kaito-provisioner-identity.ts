import { Construct } from 'constructs';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { ProvisionerRole } from '../catalog/provisioner-permissions';
import { KUBERNETES_NAMES } from '../config/names';
import { AksCluster } from './aks-cluster';
import { WorkloadIdentity } from './workload-identity';

/** Properties of a {@link KaitoProvisionerIdentity}. */
export interface KaitoProvisionerIdentityProps {
  /** The cluster gpu-provisioner adds GPU node pools to. */
  readonly cluster: AksCluster;
  /** Resource group of the identity. */
  readonly resourceGroup: ResourceGroup;
  /** Identity name. */
  readonly name: string;
  /**
   * The role the identity holds on the cluster: `custom`, exactly the node pool actions
   * gpu-provisioner calls, or `contributor`, the built-in role (see {@link AksCluster.grantNodeProvisioning}).
   * @default 'custom'
   */
  readonly role?: ProvisionerRole;
}

/**
 * The identity Kaito's gpu-provisioner runs as: a workload identity for
 * `system:serviceaccount:gpu-provisioner:gpu-provisioner` that may create, read and delete the node
 * pools of the cluster resource, through a custom role with exactly those actions (or Contributor).
 * The gpu-provisioner pod panics until the federated credential exists, and cannot add nodes until
 * the role assignment exists: both are in the infra stack, which is applied before the cluster stack
 * installs the release.
 */
export class KaitoProvisionerIdentity extends Construct {
  /** Client ID, the chart value `workloadIdentity.clientId`. */
  public readonly clientId: string;
  /** Object ID of the identity's service principal. */
  public readonly principalId: string;
  /** The role assignment on the cluster. */
  public readonly roleAssignment: RoleAssignment;

  constructor(scope: Construct, id: string, props: KaitoProvisionerIdentityProps) {
    super(scope, id);
    const identity = new WorkloadIdentity(this, 'Identity', {
      cluster: props.cluster,
      resourceGroup: props.resourceGroup,
      name: props.name,
      serviceAccount: KUBERNETES_NAMES.gpuProvisioner,
    });
    this.roleAssignment = props.cluster.grantNodeProvisioning('NodeProvisioning', identity.principalId, props.role ?? 'custom');
    this.clientId = identity.clientId;
    this.principalId = identity.principalId;
  }
}
