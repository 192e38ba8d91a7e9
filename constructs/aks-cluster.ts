import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { boundedName } from '../config/names';
import { PROVISIONER_ACTIONS, ProvisionerRole } from '../catalog/provisioner-permissions';
import { AZURE_ROLES, grantCustomRole, grantRole, subscription } from './role-assignment';
import { requireWholeNumber } from './guards';

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
   * Kubernetes minor version; patches come from the `patch` upgrade channel. kaito-aks passes the one
   * `AKS_KUBERNETES_VERSION` names, judged against AKS's release calendar.
   * @default - none: AKS creates the cluster on its default version for new clusters
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
  /**
   * Address ranges (CIDR) allowed to reach the API server. The deployer's own address must be in
   * them: `cdktf deploy kaito-stack` installs the Helm releases through the API server.
   * IPv4 CIDRs in canonical form (`203.0.113.7/32`), as `AKS_API_SERVER_AUTHORIZED_IP_RANGES` gives them.
   * @default - none: the API server accepts any address (Entra ID authentication still applies)
   */
  readonly apiServerAuthorizedIpRanges?: readonly string[];
  /**
   * Days the Log Analytics workspace keeps the cluster's Container Insights logs (30 to 730).
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * The weekly window in which AKS may start its automatic upgrades (the `patch` Kubernetes channel
   * and the `NodeImage` node OS channel). Both channels are cluster-wide: they also reimage the GPU
   * node pools gpu-provisioner makes, adding a surge GPU node and draining the model. Without a window
   * AKS starts them at any time. AKS wants at least 4 hours.
   * @default Sunday 00:00 UTC, 4 hours
   */
  readonly maintenanceWindow?: MaintenanceWindow;
  /**
   * Run Kaito as the AKS managed add-on (AI toolchain operator): AKS installs and upgrades the
   * Kaito controller and its node provisioner. Never combine it with Kaito's Helm releases.
   * @default false
   */
  readonly kaitoAddonEnabled?: boolean;
}

/** A weekly maintenance window. */
export interface MaintenanceWindow {
  /** Day of the week, e.g. `Sunday`. */
  readonly dayOfWeek: 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';
  /** Start, `HH:mm`. */
  readonly startTime: string;
  /** Offset of `startTime` from UTC, `+HH:mm` or `-HH:mm`. */
  readonly utcOffset: string;
  /** Length in hours, 4 to 24. */
  readonly durationHours: number;
}

/** The default window: the quietest time for a demo cluster, and one AKS accepts (4 hours at least). */
export const DEFAULT_MAINTENANCE_WINDOW: MaintenanceWindow = {
  dayOfWeek: 'Sunday',
  startTime: '00:00',
  utcOffset: '+00:00',
  durationHours: 4,
};

/** The Container Insights stream the monitoring agent sends (Azure Monitor data collection rule). */
const CONTAINER_INSIGHTS_STREAM = 'Microsoft-ContainerInsights-Group-Default';

/**
 * An AKS cluster ready for Kaito: OIDC issuer and workload identity on, Entra ID authentication with
 * Azure RBAC and no local accounts, Azure CNI overlay with Cilium network policy, automatic patch and
 * node image upgrades inside a weekly maintenance window, Azure Policy, ephemeral OS disks, and Container Insights logging to its own
 * Log Analytics workspace (managed identity authentication, no workspace keys).
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
  /** Azure resource ID of the Log Analytics workspace holding the cluster's logs. */
  public readonly logAnalyticsWorkspaceId: string;
  /** The Terraform resource, for `dependsOn` only. */
  public readonly resource: KubernetesCluster;
  /** Resource group of the cluster, where custom roles for it are defined. */
  private readonly resourceGroup: ResourceGroup;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    this.resourceGroup = props.resourceGroup;
    const systemNodeVmSize = props.systemNodeVmSize ?? 'Standard_D4ds_v5';
    const systemNodeCount = props.systemNodeCount ?? 2;
    const osDiskSizeGiB = props.osDiskSizeGiB ?? 128;
    const logRetentionDays = props.logRetentionDays ?? 30;
    const authorizedIpRanges = props.apiServerAuthorizedIpRanges ?? [];
    const kaitoAddonEnabled = props.kaitoAddonEnabled ?? false;
    requireWholeNumber('AksCluster', 'systemNodeCount', systemNodeCount, { min: 1 });
    requireWholeNumber('AksCluster', 'logRetentionDays', logRetentionDays, { min: 30, max: 730, source: "Log Analytics' range" });
    const window = props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
    requireWholeNumber('AksCluster', 'maintenanceWindow.durationHours', window.durationHours, {
      min: 4,
      max: 24,
      source: "AKS's planned maintenance (auto-upgrade and node OS windows)",
    });
    if (!/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(window.startTime) || !/^[+-](?:0\d|1[0-4]):[0-5]\d$/.test(window.utcOffset)) {
      throw new Error(
        `AksCluster: maintenanceWindow.startTime=${window.startTime} and utcOffset=${window.utcOffset} must be HH:mm and +HH:mm or -HH:mm (AKS planned maintenance)`,
      );
    }
    // one weekly window for both channels, so a GPU node is reimaged (and surged) only then
    const weekly = {
      frequency: 'Weekly',
      interval: 1,
      dayOfWeek: window.dayOfWeek,
      startTime: window.startTime,
      utcOffset: window.utcOffset,
      duration: window.durationHours,
    };

    const logs = new LogAnalyticsWorkspace(this, 'Logs', {
      name: boundedName(`log-${props.name}`, 63),
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      sku: 'PerGB2018',
      retentionInDays: logRetentionDays,
      // the monitoring agent authenticates with the cluster's managed identity, not workspace keys
      localAuthenticationEnabled: false,
    });
    this.logAnalyticsWorkspaceId = logs.id;

    this.resource = new KubernetesCluster(this, 'Resource', {
      name: props.name,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      dnsPrefix: props.dnsPrefix,
      nodeResourceGroup: props.nodeResourceGroupName,
      kubernetesVersion: props.kubernetesVersion,
      automaticUpgradeChannel: 'patch',
      nodeOsUpgradeChannel: 'NodeImage',
      maintenanceWindowAutoUpgrade: weekly,
      maintenanceWindowNodeOs: weekly,
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      aiToolchainOperatorEnabled: kaitoAddonEnabled,
      roleBasedAccessControlEnabled: true,
      localAccountDisabled: true,
      azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: props.tenantId },
      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      identity: { type: 'SystemAssigned' },
      ...(authorizedIpRanges.length > 0 ? { apiServerAccessProfile: { authorizedIpRanges: [...authorizedIpRanges] } } : {}),
      omsAgent: { logAnalyticsWorkspaceId: logs.id, msiAuthForMonitoringEnabled: true },
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkDataPlane: 'cilium',
        networkPolicy: 'cilium',
        loadBalancerSku: 'standard',
      },
      defaultNodePool: {
        name: 'system',
        // lets a change of size, disk or pods per node replace the pool through a temporary one
        temporaryNameForRotation: 'systemtmp',
        vmSize: systemNodeVmSize,
        nodeCount: systemNodeCount,
        osDiskType: 'Ephemeral',
        osDiskSizeGb: osDiskSizeGiB,
        maxPods: 110,
        upgradeSettings: { maxSurge: '10%' },
      },
    });

    // With managed identity authentication the agent sends what a data collection rule names.
    const rule = new MonitorDataCollectionRule(this, 'ContainerInsights', {
      name: boundedName(`MSCI-${props.name}`, 64),
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      kind: 'Linux',
      dataSources: {
        extension: [
          {
            name: 'ContainerInsightsExtension',
            extensionName: 'ContainerInsights',
            streams: [CONTAINER_INSIGHTS_STREAM],
            extensionJson: Fn.jsonencode({
              dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true },
            }),
          },
        ],
      },
      destinations: { logAnalytics: [{ name: 'workspace', workspaceResourceId: logs.id }] },
      dataFlow: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: ['workspace'] }],
    });
    new MonitorDataCollectionRuleAssociation(this, 'ContainerInsightsAssociation', {
      name: 'ContainerInsightsExtension',
      targetResourceId: this.resource.id,
      dataCollectionRuleId: rule.id,
    });

    this.clusterId = this.resource.id;
    this.clusterName = this.resource.name;
    this.resourceGroupName = this.resource.resourceGroupName;
    this.nodeResourceGroupName = this.resource.nodeResourceGroup;
    this.oidcIssuerUrl = this.resource.oidcIssuerUrl;
  }

  /**
   * Lets `principalId` (gpu-provisioner) create, read and delete this cluster's node pools, on this
   * cluster resource only.
   * - `custom`: a custom role holding exactly the actions gpu-provisioner's code calls
   *   (`PROVISIONER_ACTIONS`, read from its source at 0.4.1 and 0.4.3), defined in the cluster's
   *   resource group. The deployer needs `Microsoft.Authorization/roleDefinitions/write` there.
   * - `contributor`: the built-in Contributor role, for Azure policies that forbid custom roles. It
   *   also lets the identity change the cluster itself and read its admin credentials.
   * @param role which role; default `custom`
   * @returns the role assignment on the cluster
   */
  public grantNodeProvisioning(id: string, principalId: string, role: ProvisionerRole = 'custom'): RoleAssignment {
    const description = 'Kaito gpu-provisioner: create, read and delete the GPU node pools of this cluster';
    if (role === 'contributor') {
      return grantRole(this, id, {
        scope: this.clusterId,
        roleDefinitionGuid: AZURE_ROLES.CONTRIBUTOR,
        principalId,
        principalType: 'ServicePrincipal',
        description,
      });
    }
    return grantCustomRole(this, id, {
      scope: this.clusterId,
      definitionScope: this.resourceGroup.id,
      // unique in the tenant, as Azure wants role names: subscription, resource group, cluster
      roleName: `kaito-aks gpu-provisioner ${this.clusterName} in ${this.resourceGroup.name} (${subscription(this).subscriptionId})`,
      actions: PROVISIONER_ACTIONS.map((a) => a.action),
      principalId,
      principalType: 'ServicePrincipal',
      description,
    }).assignment;
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
