import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DataAzurermCognitiveAccount } from '@cdktf/provider-azurerm/lib/data-azurerm-cognitive-account';
import { DataAzurermKubernetesCluster } from '@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster';
import { DataAzurermUserAssignedIdentity } from '@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity';
import type { Config } from '../config';
import type { AzureNames } from '../config/names';

/** The AKS Entra ID server application, the audience of every AKS API token (same in every tenant). */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** A kubelogin login mode this project supports (`AKS_KUBELOGIN_MODE`). */
export type KubeloginMode = Config['kubeloginMode'];

/**
 * What kubelogin reads at run time in each mode, beyond the flags: the variable names (never values)
 * that must be set where Terraform runs. From kubelogin's `get-token` options
 * (`pkg/internal/token/options.go`, Azure/kubelogin, read 2026-11): `--use-azurerm-env-vars` makes it
 * read the Terraform azurerm provider's `ARM_CLIENT_ID`, `ARM_CLIENT_SECRET`,
 * `ARM_CLIENT_CERTIFICATE_PATH`, `ARM_CLIENT_CERTIFICATE_PASSWORD` and `ARM_TENANT_ID`;
 * `workloadidentity` reads `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_FEDERATED_TOKEN_FILE` and
 * `AZURE_AUTHORITY_HOST`.
 */
export const KUBELOGIN_MODE_ENV: Readonly<
  Record<KubeloginMode, { readonly extraArgs: readonly ('tenant' | '--use-azurerm-env-vars')[]; readonly reads: readonly string[] }>
> = {
  // the az login session (AZURE_CONFIG_DIR when set)
  azurecli: { extraArgs: [], reads: [] },
  // the azd auth login session
  azd: { extraArgs: [], reads: [] },
  // set by the AKS workload identity webhook in a pod, or by hand; the tenant is passed as a flag
  workloadidentity: { extraArgs: ['tenant'], reads: ['AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST'] },
  // the same identity azurerm uses with ARM_USE_MSI: ARM_CLIENT_ID picks a user-assigned one, unset means system-assigned
  msi: { extraArgs: ['--use-azurerm-env-vars'], reads: ['ARM_CLIENT_ID'] },
  // the same service principal azurerm uses: a secret or a certificate, read when the token is needed
  spn: {
    extraArgs: ['tenant', '--use-azurerm-env-vars'],
    reads: ['ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_CLIENT_CERTIFICATE_PATH', 'ARM_CLIENT_CERTIFICATE_PASSWORD', 'ARM_TENANT_ID'],
  },
};

/**
 * The `kubelogin` arguments of one login mode: `get-token --login <mode> --server-id <AKS app>`, then
 * `--tenant-id <tenantId>` and `--use-azurerm-env-vars` where {@link KUBELOGIN_MODE_ENV} says so.
 * @param tenantId the cluster's Entra tenant (a Terraform reference is fine); no secret goes here.
 */
export function kubeloginArgs(mode: KubeloginMode, tenantId: string): string[] {
  const args = ['get-token', '--login', mode, '--server-id', AKS_SERVER_APP_ID];
  for (const extra of KUBELOGIN_MODE_ENV[mode].extraArgs) args.push(...(extra === 'tenant' ? ['--tenant-id', tenantId] : [extra]));
  return args;
}

/** Properties of an {@link InfraReference}. */
export interface InfraReferenceProps {
  /** The names the infra stack gave its resources. */
  readonly names: AzureNames;
  /**
   * Look up the Kaito gpu-provisioner identity (Kaito installed with Helm; the AKS add-on brings its own).
   * @default true
   */
  readonly provisionerIdentity?: boolean;
  /**
   * Look up the Azure OpenAI account and the ai-service identity too.
   * @default false
   */
  readonly openAiEnabled?: boolean;
  /**
   * Tenant of the cluster's Entra ID.
   * @default - the tenant of the deploying login
   */
  readonly tenantId?: string;
}

/** How a Kubernetes client reaches the cluster: endpoint, CA and a kubelogin exec plugin. */
export interface KubernetesAccess {
  /** API server URL. */
  readonly host: string;
  /** PEM CA bundle of the API server. */
  readonly clusterCaCertificate: string;
  /** The exec credential plugin: kubelogin, so no credential is stored in state or files. */
  readonly exec: { readonly apiVersion: string; readonly command: string; readonly args: string[] };
}

/**
 * What the cluster stack needs from the infra stack, looked up by name with data sources. Names are
 * derived from `AZURE_ENV_NAME`, so this works the same whether azd or `cdktf deploy infra` applied
 * the infra stack, and wherever its state lives.
 */
export class InfraReference extends Construct {
  /** Cluster name. */
  public readonly clusterName: string;
  /** Resource group of the cluster (not the node resource group). */
  public readonly resourceGroupName: string;
  /** Region of the cluster. */
  public readonly location: string;
  /** Subscription of the deploying login. */
  public readonly subscriptionId: string;
  /** Entra ID tenant. */
  public readonly tenantId: string;
  private readonly cluster: DataAzurermKubernetesCluster;
  private readonly provisioner?: DataAzurermUserAssignedIdentity;
  private readonly openAi?: { account: DataAzurermCognitiveAccount; identity: DataAzurermUserAssignedIdentity };

  constructor(scope: Construct, id: string, props: InfraReferenceProps) {
    super(scope, id);
    const { names } = props;
    const client = new DataAzurermClientConfig(this, 'Client', {});
    this.cluster = new DataAzurermKubernetesCluster(this, 'Cluster', {
      name: names.cluster,
      resourceGroupName: names.resourceGroup,
    });
    this.clusterName = this.cluster.name;
    this.resourceGroupName = this.cluster.resourceGroupName;
    this.location = this.cluster.location;
    this.subscriptionId = client.subscriptionId;
    this.tenantId = props.tenantId ?? client.tenantId;
    if (props.provisionerIdentity ?? true) {
      this.provisioner = new DataAzurermUserAssignedIdentity(this, 'ProvisionerIdentity', {
        name: names.provisionerIdentity,
        resourceGroupName: names.resourceGroup,
      });
    }

    if (props.openAiEnabled ?? false) {
      this.openAi = {
        account: new DataAzurermCognitiveAccount(this, 'OpenAi', { name: names.openAiAccount, resourceGroupName: names.resourceGroup }),
        identity: new DataAzurermUserAssignedIdentity(this, 'AiServiceIdentity', {
          name: names.aiServiceIdentity,
          resourceGroupName: names.resourceGroup,
        }),
      };
    }
  }

  /** Client ID of the Kaito gpu-provisioner identity. */
  public provisionerClientId(): string {
    if (!this.provisioner) throw new Error('InfraReference: the provisioner identity is looked up only with provisionerIdentity: true');
    return this.provisioner.clientId;
  }

  /** The Azure OpenAI endpoint. */
  public openAiEndpoint(): string {
    if (!this.openAi) throw new Error('InfraReference: Azure OpenAI is looked up only with openAiEnabled: true');
    return this.openAi.account.endpoint;
  }

  /** Client ID of the ai-service identity. */
  public aiServiceClientId(): string {
    if (!this.openAi) throw new Error('InfraReference: the ai-service identity is looked up only with openAiEnabled: true');
    return this.openAi.identity.clientId;
  }

  /**
   * Kubernetes access for the helm and kubernetes providers. Local accounts are off, so the token
   * comes from kubelogin with the given login mode and the arguments that mode needs
   * ({@link kubeloginArgs}); kubelogin reads any credential from the environment when Terraform runs
   * it, so no secret is in the synthesized configuration.
   */
  public kubernetesAccess(loginMode: KubeloginMode): KubernetesAccess {
    const kubeConfig = this.cluster.kubeConfig.get(0);
    return {
      host: kubeConfig.host,
      clusterCaCertificate: Fn.base64decode(kubeConfig.clusterCaCertificate),
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'kubelogin',
        args: kubeloginArgs(loginMode, this.tenantId),
      },
    };
  }
}
