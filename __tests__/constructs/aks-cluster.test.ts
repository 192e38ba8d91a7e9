import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { AksCluster, AksClusterProps } from '../../constructs/aks-cluster';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Builds an AksCluster with its defaults (plus `props`) in a fresh stack. */
function build(props: Partial<AksClusterProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'x');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const resourceGroup = new ResourceGroup(stack, 'Rg', { name: 'rg-kaito', location: 'swedencentral' });
  const cluster = new AksCluster(stack, 'Aks', {
    resourceGroup,
    name: 'aks-kaito',
    dnsPrefix: 'kaito',
    nodeResourceGroupName: 'rg-kaito-nodes',
    tenantId: 'tenant',
    ...props,
  });
  const synth = () => (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
  return { cluster, synth };
}

/** The single resource of `type`. */
function only(resources: Resources, type: string): Record<string, unknown> {
  const all = Object.values(resources[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

const WORKSPACE_ID = '${azurerm_log_analytics_workspace.Aks_Logs_D9E21636.id}';
const CONTAINER_INSIGHTS_STREAM = 'Microsoft-ContainerInsights-Group-Default';

describe('AksCluster', () => {
  test('the patch and node image channels run only inside one weekly window: they reimage the GPU pools too (issue 25)', () => {
    const window = { frequency: 'Weekly', interval: 1, day_of_week: 'Sunday', start_time: '00:00', utc_offset: '+00:00', duration: 4 };
    expect(only(build().synth(), 'azurerm_kubernetes_cluster')).toMatchObject({
      automatic_upgrade_channel: 'patch',
      node_os_upgrade_channel: 'NodeImage',
      maintenance_window_auto_upgrade: window,
      maintenance_window_node_os: window,
    });
    const later = { dayOfWeek: 'Saturday', startTime: '22:30', utcOffset: '+01:00', durationHours: 6 } as const;
    expect(only(build({ maintenanceWindow: later }).synth(), 'azurerm_kubernetes_cluster')).toMatchObject({
      maintenance_window_node_os: { day_of_week: 'Saturday', start_time: '22:30', utc_offset: '+01:00', duration: 6 },
    });
  });

  test('a maintenance window AKS would refuse fails at synth, naming the prop', () => {
    const window = { dayOfWeek: 'Saturday', startTime: '22:00', utcOffset: '+01:00', durationHours: 4 } as const;
    expect(() => build({ maintenanceWindow: { ...window, durationHours: 2 } })).toThrow(
      'AksCluster maintenanceWindow.durationHours must be a whole number from 4 to 24',
    );
    expect(() => build({ maintenanceWindow: { ...window, startTime: '10pm' } })).toThrow(
      /maintenanceWindow.startTime=10pm .* must be HH:mm/,
    );
    expect(() => build({ maintenanceWindow: { ...window, utcOffset: 'CET' } })).toThrow(/utcOffset=CET must be/);
  });

  test('by default the cluster has Entra ID with Azure RBAC, no local accounts, workload identity, Cilium overlay networking and no Kaito add-on', () => {
    const cluster = only(build().synth(), 'azurerm_kubernetes_cluster');
    // no kubernetesVersion: AKS picks its default for new clusters
    expect(cluster).not.toHaveProperty('kubernetes_version');
    expect(cluster).toMatchObject({
      automatic_upgrade_channel: 'patch',
      node_os_upgrade_channel: 'NodeImage',
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      ai_toolchain_operator_enabled: false,
      role_based_access_control_enabled: true,
      local_account_disabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: 'tenant' },
      azure_policy_enabled: true,
      image_cleaner_enabled: true,
      image_cleaner_interval_hours: 48,
      identity: { type: 'SystemAssigned' },
      oms_agent: { log_analytics_workspace_id: WORKSPACE_ID, msi_auth_for_monitoring_enabled: true },
    });
    expect(cluster.network_profile).toEqual({
      network_plugin: 'azure',
      network_plugin_mode: 'overlay',
      network_data_plane: 'cilium',
      network_policy: 'cilium',
      load_balancer_sku: 'standard',
    });
    expect(cluster.default_node_pool).toEqual({
      name: 'system',
      temporary_name_for_rotation: 'systemtmp',
      vm_size: 'Standard_D4ds_v5',
      node_count: 2,
      os_disk_type: 'Ephemeral',
      os_disk_size_gb: 128,
      max_pods: 110,
      upgrade_settings: { max_surge: '10%' },
    });
    expect(cluster).not.toHaveProperty('api_server_access_profile');
  });

  test('turns on the Kaito add-on only when asked', () => {
    expect(only(build({ kaitoAddonEnabled: true }).synth(), 'azurerm_kubernetes_cluster').ai_toolchain_operator_enabled).toBe(true);
  });

  test('keeps the logs in a pay-per-GB workspace with the given retention that accepts no shared keys', () => {
    expect(only(build({ logRetentionDays: 90 }).synth(), 'azurerm_log_analytics_workspace')).toEqual({
      name: 'log-aks-kaito',
      location: '${azurerm_resource_group.Rg.location}',
      resource_group_name: '${azurerm_resource_group.Rg.name}',
      sku: 'PerGB2018',
      retention_in_days: 90,
      local_authentication_enabled: false,
    });
  });

  test('sends the Container Insights stream to the workspace through a data collection rule associated with the cluster', () => {
    const resources = build().synth();
    expect(only(resources, 'azurerm_monitor_data_collection_rule')).toEqual({
      name: 'MSCI-aks-kaito',
      location: '${azurerm_resource_group.Rg.location}',
      resource_group_name: '${azurerm_resource_group.Rg.name}',
      kind: 'Linux',
      data_sources: {
        extension: [
          {
            name: 'ContainerInsightsExtension',
            extension_name: 'ContainerInsights',
            streams: [CONTAINER_INSIGHTS_STREAM],
            extension_json:
              '${jsonencode({"dataCollectionSettings" = {"interval" = "1m", "namespaceFilteringMode" = "Off", "enableContainerLogV2" = true}})}',
          },
        ],
      },
      destinations: { log_analytics: [{ name: 'workspace', workspace_resource_id: WORKSPACE_ID }] },
      data_flow: [{ streams: [CONTAINER_INSIGHTS_STREAM], destinations: ['workspace'] }],
    });
    expect(only(resources, 'azurerm_monitor_data_collection_rule_association')).toEqual({
      name: 'ContainerInsightsExtension',
      target_resource_id: '${azurerm_kubernetes_cluster.Aks_943C0E94.id}',
      data_collection_rule_id: '${azurerm_monitor_data_collection_rule.Aks_ContainerInsights_610A8688.id}',
    });
  });

  test('says in each role assignment on the cluster why it exists', () => {
    const { cluster, synth } = build();
    cluster.grantNodeProvisioning('Custom', 'p1');
    cluster.grantNodeProvisioning('Contributor', 'p2', 'contributor');
    cluster.grantClusterAdmin('Admin', 'p3');
    const resources = synth();
    const descriptions = Object.values(resources.azurerm_role_assignment).map((a) => [a.principal_id, a.description]);
    const provisioner = 'Kaito gpu-provisioner: create, read and delete the GPU node pools of this cluster';
    expect(descriptions.sort()).toEqual([
      ['p1', provisioner],
      ['p2', provisioner],
      ['p3', 'Deployer of kaito-aks: install the Kaito, store app and ai-service releases'],
    ]);
    expect(only(resources, 'azurerm_role_definition').description).toBe(provisioner);
  });

  test.each([
    [{ systemNodeCount: 0 }, 'AksCluster systemNodeCount must be a whole number of 1 or more, got 0'],
    [{ systemNodeCount: 1.5 }, 'AksCluster systemNodeCount must be a whole number of 1 or more, got 1.5'],
    [{ logRetentionDays: 29 }, "AksCluster logRetentionDays must be a whole number from 30 to 730 (Log Analytics' range), got 29"],
    [{ logRetentionDays: 731 }, "AksCluster logRetentionDays must be a whole number from 30 to 730 (Log Analytics' range), got 731"],
  ])('fails when %o is out of range', (props, message) => {
    expect(() => build(props)).toThrow(new Error(message));
  });

  test.each([[{ systemNodeCount: 1 }], [{ logRetentionDays: 30 }], [{ logRetentionDays: 730 }]])(
    'accepts %o at the edge of the range',
    (props) => {
      expect(() => build(props)).not.toThrow();
    },
  );
});

describe('AksCluster kubernetesVersion', () => {
  test('the given minor becomes kubernetes_version (AKS picks its newest patch)', () => {
    // GIVEN a minor version WHEN synthesized THEN the cluster names it
    const cluster = only(build({ kubernetesVersion: '1.37' }).synth(), 'azurerm_kubernetes_cluster');
    expect(cluster.kubernetes_version).toBe('1.37');
  });
});
