import { Construct } from 'constructs';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AZURE_ROLES, grantRole } from './role-assignment';

/** Properties of an {@link AksCluster}. */
export interface AksClusterProps {
  /** Resource group of the cluster. */
  readonly resourceGroup: ResourceGroup;
  /** Cluster name. */
  readonly name: string;
  /** DNS prefix of the API server FQDN. */
  readonly dnsPrefix: string;
  /** Resource group AKS creates for the nodes. */
  readonly nodeResourceGroupName: string;
  /** Entra ID tenant whose users and groups the cluster's Azure RBAC trusts. */
  readonly tenantId: string;
  /**
   * Kubernetes minor version; patches come from the `patch` upgrade channel.
   * @default '1.34'
   */
  readonly kubernetesVersion?: string;
  /**
   * VM size of the system node pool. It runs the Kaito and gpu-provisioner controllers and the store app.
   * @default 'Standard_D4ds_v5'
   */
  readonly systemNodeVmSize?: string;
  /**
   * Nodes in the system pool; two keep the controllers up during node image upgrades.
   * @default 2
   */
  readonly systemNodeCount?: number;
  /**
   * OS disk of the system nodes, GiB. Ephemeral, so it must fit the size's local disk (150 GiB on D4ds_v5).
   * @default 128
   */
  readonly osDiskSizeGiB?: number;
}

/**
 * An AKS cluster ready for Kaito: OIDC issuer and workload identity on, Entra ID authentication with
 * Azure RBAC and no local accounts, Azure CNI overlay with Cilium network policy, automatic patch and
 * node image upgrades, Azure Policy, and ephemeral OS disks.
 */
export class AksCluster extends Construct {
  /** The cluster's Azure resource ID. */
  public readonly clusterId: string;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** Resource group of the cluster. */
  public readonly resourceGroupName: string;
  /** Resource group of the nodes. */
  public readonly nodeResourceGroupName: string;
  /** Issuer URL of the cluster's OIDC tokens, the issuer of every federated credential. */
  public readonly oidcIssuerUrl: string;
  /** The Terraform resource, for `dependsOn` only. */
  public readonly resource: KubernetesCluster;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    const kubernetesVersion = props.kubernetesVersion ?? '1.34';
    const systemNodeVmSize = props.systemNodeVmSize ?? 'Standard_D4ds_v5';
    const systemNodeCount = props.systemNodeCount ?? 2;
    const osDiskSizeGiB = props.osDiskSizeGiB ?? 128;
    if (!Number.isInteger(systemNodeCount) || systemNodeCount < 1) {
      throw new Error(`AksCluster systemNodeCount must be a whole number of 1 or more, got ${systemNodeCount}`);
    }

    this.resource = new KubernetesCluster(this, 'Resource', {
      name: props.name,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      dnsPrefix: props.dnsPrefix,
      nodeResourceGroup: props.nodeResourceGroupName,
      kubernetesVersion,
      automaticUpgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: props.tenantId },
      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      identity: { type: 'SystemAssigned' },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkDataPlane: 'cilium',
        networkPolicy: 'cilium',
        loadBalancerSku: 'standard',
      },
      defaultNodePool: {
        name: 'system',
        vmSize: systemNodeVmSize,
        nodeCount: systemNodeCount,
        osDiskType: 'Ephemeral',
        osDiskSizeGb: osDiskSizeGiB,
        maxPods: 110,
        upgradeSettings: { maxSurge: '10%' },
      },
    });

    this.clusterId = this.resource.id;
    this.clusterName = this.resource.name;
    this.resourceGroupName = this.resource.resourceGroupName;
    this.nodeResourceGroupName = this.resource.nodeResourceGroup;
    this.oidcIssuerUrl = this.resource.oidcIssuerUrl;
  }

  /**
   * Lets `principalId` add and remove node pools: Contributor on this cluster resource only, the
   * narrowest built-in role gpu-provisioner works with (it creates agent pools on the cluster).
   */
  public grantNodeProvisioning(id: string, principalId: string): RoleAssignment {
    return grantRole(this, id, {
      scope: this.clusterId,
      roleDefinitionGuid: AZURE_ROLES.CONTRIBUTOR,
      principalId,
      principalType: 'ServicePrincipal',
      description: 'Kaito gpu-provisioner: create and delete GPU node pools of this cluster',
    });
  }

  /**
   * Gives `principalId` full access to the Kubernetes API through Azure RBAC (local accounts are
   * off): the deployer needs it to install the Helm releases of the cluster stack.
   */
  public grantClusterAdmin(id: string, principalId: string): RoleAssignment {
    return grantRole(this, id, {
      scope: this.clusterId,
      roleDefinitionGuid: AZURE_ROLES.AKS_RBAC_CLUSTER_ADMIN,
      principalId,
      description: 'Deployer of kaito-aks: install the Kaito, store app and ai-service releases',
    });
  }
}
