/**
 * The construct settings the checkov verdict of `npm run verify` rests on, with their defaults and
 * guards: if one regresses, these fail before checkov does.
 */
import { Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { AiService, AiServiceBackends } from '../../constructs/ai-service';
import { AksCluster, AksClusterProps } from '../../constructs/aks-cluster';
import { AzureOpenAi } from '../../constructs/azure-open-ai';
import { Namespace } from '../../constructs/namespace';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function azureStack(): { stack: TerraformStack; resourceGroup: ResourceGroup } {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  return { stack, resourceGroup: new ResourceGroup(stack, 'Rg', { name: 'rg', location: 'eastus' }) };
}

function cluster(props: Partial<AksClusterProps> = {}): Resources {
  const { stack, resourceGroup } = azureStack();
  new AksCluster(stack, 'Cluster', {
    resourceGroup,
    name: 'aks-x',
    dnsPrefix: 'x',
    nodeResourceGroupName: 'rg-nodes',
    tenantId: 't',
    ...props,
  });
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}

function aiService(clientApps?: string[]): AiService {
  const stack = new TerraformStack(Testing.app(), 'test');
  const namespace = new Namespace(stack, 'Ns', { name: 'pets' });
  return new AiService(stack, 'AiService', {
    namespace,
    backend: AiServiceBackends.azureOpenAi({ endpoint: 'https://x', deploymentName: 'd', apiVersion: 'v', clientId: 'c' }),
    clientApps,
  });
}

describe('AksCluster', () => {
  test('logs to its own Log Analytics workspace, 30 days by default, through a data collection rule', () => {
    const r = cluster();
    const aks = Object.values(r.azurerm_kubernetes_cluster)[0];
    const workspace = Object.values(r.azurerm_log_analytics_workspace)[0];
    expect(workspace).toMatchObject({ name: 'log-aks-x', retention_in_days: 30, local_authentication_enabled: false });
    expect(aks.oms_agent).toMatchObject({ msi_auth_for_monitoring_enabled: true });
    expect(Object.values(r.azurerm_monitor_data_collection_rule)).toHaveLength(1);
    expect(Object.values(r.azurerm_monitor_data_collection_rule_association)).toHaveLength(1);
  });

  test('leaves the API server open by default and locks it to the given ranges', () => {
    expect(Object.values(cluster().azurerm_kubernetes_cluster)[0].api_server_access_profile).toBeUndefined();
    const locked = Object.values(cluster({ apiServerAuthorizedIpRanges: ['203.0.113.7/32'] }).azurerm_kubernetes_cluster)[0];
    expect(locked.api_server_access_profile).toEqual({ authorized_ip_ranges: ['203.0.113.7/32'] });
  });

  test('keeps local accounts off', () => {
    expect(Object.values(cluster().azurerm_kubernetes_cluster)[0].local_account_disabled).toBe(true);
  });

  test.each([29, 731, 30.5])('fails when logRetentionDays is %p', (days) => {
    expect(() => cluster({ logRetentionDays: days })).toThrow(
      `logRetentionDays must be a whole number from 30 to 730 (Log Analytics' range), got ${days}`,
    );
  });
});

describe('AzureOpenAi', () => {
  test('has key auth off and outbound network access restricted', () => {
    const { stack, resourceGroup } = azureStack();
    new AzureOpenAi(stack, 'OpenAi', { resourceGroup, name: 'oai-x', modelName: 'm', modelVersion: 'v' });
    const account = Object.values((JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource.azurerm_cognitive_account)[0];
    expect(account).toMatchObject({ local_auth_enabled: false, outbound_network_access_restricted: true });
  });
});

describe('AiService', () => {
  test('runs as a high UID and pulls its image on every start', () => {
    const deployment = aiService().objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { securityContext: { runAsUser: number }; containers: { imagePullPolicy: string }[] } } };
    };
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
    expect(deployment.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });

  test("admits only the store app's product-service and store-admin, and the API server's proxy, on port 5001", () => {
    expect(aiService().objects.find((o) => o.kind === 'NetworkPolicy')).toMatchObject({
      spec: {
        podSelector: { matchLabels: { app: 'ai-service' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['product-service', 'store-admin'] }] } },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
            ],
            ports: [{ port: 5001, protocol: 'TCP' }],
          },
        ],
      },
    });
  });

  test('fails when clientApps is empty', () => {
    expect(() => aiService([])).toThrow('AiService clientApps must name at least one caller, got an empty list');
  });
});
