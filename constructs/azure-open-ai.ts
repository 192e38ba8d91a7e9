import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CognitiveAccount } from '@cdktf/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktf/provider-azurerm/lib/cognitive-deployment';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AZURE_ROLES, grantRole } from './role-assignment';
import { requireWholeNumber } from './guards';

/** Properties of an {@link AzureOpenAi}. */
export interface AzureOpenAiProps {
  /** Resource group of the account. */
  readonly resourceGroup: ResourceGroup;
  /** Account name (unique in the resource group). */
  readonly name: string;
  /** Model to deploy, e.g. `gpt-4.1-mini`. */
  readonly modelName: string;
  /** Model version, e.g. `2025-04-14`. */
  readonly modelVersion: string;
  /**
   * Deployment SKU.
   * @default 'GlobalStandard'
   */
  readonly deploymentSku?: string;
  /**
   * Deployment capacity, thousands of tokens per minute.
   * @default 10
   */
  readonly capacity?: number;
  /**
   * Name of the model deployment, what clients call.
   * @default - the model name
   */
  readonly deploymentName?: string;
}

/**
 * An Azure OpenAI account with one model deployment. Key-based auth is off: callers authenticate
 * with Entra ID tokens (workload identity) and get access through {@link grantInference}.
 */
export class AzureOpenAi extends Construct {
  /** The account endpoint, `https://<custom subdomain>.openai.azure.com/`. */
  public readonly endpoint: string;
  /** The account name. */
  public readonly accountName: string;
  /** The name of the model deployment, what ai-service sends as deployment. */
  public readonly deploymentName: string;
  /** The deployed model's name. */
  public readonly modelName: string;
  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: AzureOpenAiProps) {
    super(scope, id);
    const capacity = props.capacity ?? 10;
    const deploymentSku = props.deploymentSku ?? 'GlobalStandard';
    this.deploymentName = props.deploymentName ?? props.modelName;
    requireWholeNumber('AzureOpenAi', 'capacity', capacity, { min: 1 });

    const account = new CognitiveAccount(this, 'Resource', {
      name: props.name,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      kind: 'OpenAI',
      skuName: 'S0',
      // Globally unique: the account name plus 8 hex of the resource group ID, which holds the subscription.
      customSubdomainName: `${props.name}-${Fn.substr(Fn.sha1(props.resourceGroup.id), 0, 8)}`,
      localAuthEnabled: false,
      // a managed identity of its own, for customer-managed keys and outbound calls should they be
      // turned on (checkov CKV_AZURE_238); it holds no role
      identity: { type: 'SystemAssigned' },
      // data loss prevention: the account makes no outbound calls (ai-service only calls inference)
      outboundNetworkAccessRestricted: true,
    });
    new CognitiveDeployment(this, 'Deployment', {
      name: this.deploymentName,
      cognitiveAccountId: account.id,
      model: { format: 'OpenAI', name: props.modelName, version: props.modelVersion },
      sku: { name: deploymentSku, capacity },
      versionUpgradeOption: 'NoAutoUpgrade',
    });
    this.endpoint = account.endpoint;
    this.accountName = account.name;
    this.modelName = props.modelName;
    this.accountId = account.id;
  }

  /** Lets `principalId` call the inference APIs of this account, and nothing else. */
  public grantInference(id: string, principalId: string): RoleAssignment {
    return grantRole(this, id, {
      scope: this.accountId,
      roleDefinitionGuid: AZURE_ROLES.COGNITIVE_SERVICES_OPENAI_USER,
      principalId,
      principalType: 'ServicePrincipal',
      description: 'ai-service: call the Azure OpenAI inference APIs',
    });
  }
}
