import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { Config } from '../config';
import { stateLocation } from '../config/state';
import { declareAzdParameters } from './azd';
import { useState } from './backend';
import { KUBERNETES_NAMES } from '../config/names';
import { SYSTEM_POOL } from '../config/system-pool';
import { AksCluster } from '../constructs/aks-cluster';
import { AzureOpenAi } from '../constructs/azure-open-ai';
import { KaitoProvisionerIdentity } from '../constructs/kaito-provisioner-identity';
import { WorkloadIdentity } from '../constructs/workload-identity';

/** Properties of the {@link InfraStack}. */
export interface InfraStackProps {
  /** The validated configuration. */
  readonly config: Config;
}

/**
 * Stack `infra`: the Azure side. Resource group, AKS cluster (with the Kaito add-on when
 * `KAITO_INSTALL=aks-addon`), the Kaito provisioner identity (Helm install only) and,
 * when `DEPLOY_AZURE_OPENAI=true`, Azure OpenAI with the ai-service identity. Its outputs carry the
 * exact names azd and the workshop read.
 */
export class InfraStack extends TerraformStack {
  /** The AKS cluster. */
  public readonly cluster: AksCluster;

  constructor(scope: Construct, id: string, props: InfraStackProps) {
    super(scope, id);
    const { config } = props;
    useState(this, stateLocation(config.envName, id, config.remoteState));
    declareAzdParameters(this, config);
    const { names } = config;

    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: config.subscriptionId });
    const client = new DataAzurermClientConfig(this, 'Client', {});
    const tenantId = config.tenantId ?? client.tenantId;

    const resourceGroup = new ResourceGroup(this, 'ResourceGroup', {
      name: names.resourceGroup,
      location: config.location,
      tags: { 'azd-env-name': config.envName },
    });
    const kaitoAddon = config.kaito.install === 'aks-addon';
    this.cluster = new AksCluster(this, 'Cluster', {
      resourceGroup,
      name: names.cluster,
      dnsPrefix: names.dnsPrefix,
      nodeResourceGroupName: names.nodeResourceGroup,
      tenantId,
      kubernetesVersion: config.kubernetes.version,
      kaitoAddonEnabled: kaitoAddon,
      apiServerAuthorizedIpRanges: config.apiServerAuthorizedIpRanges,
      systemNodeVmSize: SYSTEM_POOL.vmSize,
      systemNodeCount: SYSTEM_POOL.nodeCount,
    });
    this.cluster.grantClusterAdmin('DeployerClusterAdmin', client.objectId);
    // the add-on brings its own node provisioner identity; the Helm install needs ours
    const provisioner = kaitoAddon
      ? undefined
      : new KaitoProvisionerIdentity(this, 'KaitoProvisioner', {
          cluster: this.cluster,
          resourceGroup,
          name: names.provisionerIdentity,
          role: config.kaito.provisionerRole,
        });

    let openAi: { endpoint: string; modelName: string; clientId: string } | undefined;
    if (config.openAi.enabled) {
      const account = new AzureOpenAi(this, 'OpenAi', {
        resourceGroup,
        name: names.openAiAccount,
        modelName: config.openAi.modelName,
        modelVersion: config.openAi.modelVersion,
        deploymentSku: config.openAi.sku,
        capacity: config.openAi.capacity,
      });
      const aiService = new WorkloadIdentity(this, 'AiServiceIdentity', {
        cluster: this.cluster,
        resourceGroup,
        name: names.aiServiceIdentity,
        serviceAccount: KUBERNETES_NAMES.aiService,
      });
      account.grantInference('AiServiceInference', aiService.principalId);
      openAi = { endpoint: account.endpoint, modelName: account.modelName, clientId: aiService.clientId };
    }

    const outputs: Record<string, string> = {
      AZURE_RESOURCEGROUP_NAME: resourceGroup.name,
      AZURE_AKS_CLUSTER_NAME: this.cluster.clusterName,
      AZURE_AKS_CLUSTER_ID: this.cluster.clusterId,
      AZURE_AKS_OIDC_ISSUER_URL: this.cluster.oidcIssuerUrl,
      AZURE_AKS_CLUSTER_NODE_RESOURCEGROUP_NAME: this.cluster.nodeResourceGroupName,
      AZURE_AKS_NAMESPACE: KUBERNETES_NAMES.appNamespace,
      AZURE_TENANT_ID: tenantId,
      AZURE_SUBSCRIPTION_ID: client.subscriptionId,
      AZURE_LOCATION: resourceGroup.location,
      KAITO_IDENTITY_CLIENT_ID: provisioner?.clientId ?? '',
      AZURE_OPENAI_ENDPOINT: openAi?.endpoint ?? '',
      AZURE_OPENAI_MODEL_NAME: openAi?.modelName ?? '',
      AZURE_IDENTITY_CLIENT_ID: openAi?.clientId ?? '',
    };
    for (const [name, value] of Object.entries(outputs)) {
      // the logical ID is the output name azd reads: no cdktf prefix or hash
      new TerraformOutput(this, name, { value }).overrideLogicalId(name);
    }
  }
}
