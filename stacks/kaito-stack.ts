import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { ClusterAccess, Config, InfraValues } from '../config';
import { stateLocation } from '../config/state';
import { useState } from './backend';
import { APP_NAMESPACE_POD_SECURITY, KUBERNETES_NAMES } from '../config/names';
import { AiService, AiServiceBackends } from '../constructs/ai-service';
import { literal } from '../constructs/helm-values';
import { InfraReference } from '../constructs/infra-reference';
import { KaitoAddon } from '../constructs/kaito-addon';
import { KaitoOperator } from '../constructs/kaito-operator';
import { KaitoWorkspace } from '../constructs/kaito-workspace';
import { Namespace } from '../constructs/namespace';
import { StoreApp } from '../constructs/store-app';

/** Properties of the {@link KaitoStack}. */
export interface KaitoStackProps {
  /** The validated configuration. */
  readonly config: Config;
  /**
   * Path of the kaito-aks CLI from the folder Terraform runs this stack in (destroy runs it to wait for the NodeClaims).
   * @default DEFAULT_CLI_PATH (right for the output folder `cdktf.out`)
   */
  readonly cliPath?: string;
}

/**
 * Stack `kaito-stack`: the cluster side. Kaito (gpu-provisioner and the controller, unless the AKS
 * add-on runs it), the Workspace
 * serving the model, the store app and ai-service wired to the backend the config picks. On the AKS
 * path it finds the infra stack's resources by name, so it needs the infra stack applied, not its
 * state; in kubeconfig mode it takes a kubeconfig file and the infra outputs from the config instead,
 * and makes no Azure API call.
 */
export class KaitoStack extends TerraformStack {
  /** Kaito: its Helm releases, or the AKS add-on. */
  public readonly operator: KaitoOperator | KaitoAddon;
  /** The Workspace. */
  public readonly workspace: KaitoWorkspace;
  /** The store app. */
  public readonly storeApp: StoreApp;
  /** ai-service. */
  public readonly aiService: AiService;

  constructor(scope: Construct, id: string, props: KaitoStackProps) {
    super(scope, id);
    const { config } = props;
    useState(this, stateLocation(config.envName, id, config.remoteState));

    const infra = config.cluster.kind === 'aks' ? this.aksPath(config) : this.kubeconfigPath(config.cluster);

    this.operator =
      config.kaito.install === 'aks-addon'
        ? new KaitoAddon(this, 'KaitoAddon', { release: config.kaito.release })
        : new KaitoOperator(this, 'Kaito', {
            release: config.kaito.release,
            clusterName: infra.clusterName,
            clusterResourceGroupName: infra.resourceGroupName,
            location: infra.location,
            ...provisionerOf(infra),
            chartRepositories: {
              workspace: config.chartRepositories.kaitoWorkspace,
              gpuProvisioner: config.chartRepositories.gpuProvisioner,
            },
            cliPath: props.cliPath,
            // the CLI must read the cluster the providers reach: in kubeconfig mode, the same file and context
            cliEnvironment:
              config.cluster.kind === 'kubeconfig'
                ? {
                    AKS_KUBECONFIG: literal(config.cluster.path),
                    ...(config.cluster.context === undefined ? {} : { AKS_KUBECONFIG_CONTEXT: literal(config.cluster.context) }),
                  }
                : undefined,
          });
    const pets = new Namespace(this, 'AppNamespace', { name: KUBERNETES_NAMES.appNamespace, enforce: APP_NAMESPACE_POD_SECURITY });
    this.workspace = this.operator.addWorkspace('Workspace', {
      name: config.kaito.workspaceName,
      namespace: pets,
      preset: config.kaito.preset,
      instanceType: config.kaito.instanceType,
      nodeCount: config.kaito.nodeCount,
      modelAccessSecret: config.kaito.modelAccessSecret,
    });
    this.storeApp = new StoreApp(this, 'StoreApp', { namespace: pets, repository: config.chartRepositories.store });
    this.aiService = new AiService(this, 'AiService', {
      namespace: pets,
      backend: config.openAi.enabled
        ? AiServiceBackends.azureOpenAi({
            ...openAiOf(infra),
            deploymentName: config.openAi.modelName,
            apiVersion: config.openAi.apiVersion,
          })
        : AiServiceBackends.localLlm(this.workspace),
    });

    const outputs: Record<string, string> = {
      KAITO_WORKSPACE_NAME: this.workspace.workspaceName,
      KAITO_WORKSPACE_ENDPOINT: this.workspace.endpoint,
      KAITO_MODEL_NAME: this.workspace.modelName ?? config.kaito.preset.name,
      AI_SERVICE_BACKEND: this.aiService.backend.kind,
      // store-admin has no login, so it is not public: reach it through the API server
      STORE_ADMIN_COMMAND: `kubectl port-forward service/${this.storeApp.storeAdminService} 8080:80 -n ${pets.namespaceName}  # then open http://localhost:8080`,
    };
    for (const [name, value] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value }).overrideLogicalId(name);
    }
  }

  /** The AKS path: the infra stack's resources looked up by name, a kubelogin token for the cluster. */
  private aksPath(config: Config): InfraValues {
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: config.subscriptionId });
    const infra = new InfraReference(this, 'Infra', {
      names: config.names,
      provisionerIdentity: config.kaito.install === 'helm',
      openAiEnabled: config.openAi.enabled,
      tenantId: config.tenantId,
    });
    const access = infra.kubernetesAccess(config.kubeloginMode);
    new HelmProvider(this, 'helm', { kubernetes: access });
    new KubernetesProvider(this, 'kubernetes', { ...access, exec: [access.exec] });
    return {
      clusterName: infra.clusterName,
      resourceGroupName: infra.resourceGroupName,
      location: infra.location,
      provisioner:
        config.kaito.install === 'helm'
          ? { subscriptionId: infra.subscriptionId, tenantId: infra.tenantId, clientId: infra.provisionerClientId() }
          : undefined,
      openAi: config.openAi.enabled ? { endpoint: infra.openAiEndpoint(), clientId: infra.aiServiceClientId() } : undefined,
    };
  }

  /** Kubeconfig mode: the providers read the kubeconfig file; the infra values come from the config. */
  private kubeconfigPath(access: Extract<ClusterAccess, { kind: 'kubeconfig' }>): InfraValues {
    // the path and context as the user wrote them: literal text, never a Terraform template
    const kubeconfig = {
      configPath: literal(access.path),
      configContext: access.context === undefined ? undefined : literal(access.context),
    };
    new HelmProvider(this, 'helm', { kubernetes: kubeconfig });
    new KubernetesProvider(this, 'kubernetes', kubeconfig);
    return access.infra;
  }
}

/** gpu-provisioner's sign-in; the config guarantees it with KAITO_INSTALL=helm. */
function provisionerOf(infra: InfraValues): { subscriptionId: string; tenantId: string; provisionerClientId: string } {
  if (!infra.provisioner) throw new Error('kaito-stack: KAITO_INSTALL=helm needs the provisioner identity');
  const { subscriptionId, tenantId, clientId } = infra.provisioner;
  return { subscriptionId, tenantId, provisionerClientId: clientId };
}

/** ai-service's Azure OpenAI; the config guarantees it with DEPLOY_AZURE_OPENAI=true. */
function openAiOf(infra: InfraValues): { endpoint: string; clientId: string } {
  if (!infra.openAi) throw new Error('kaito-stack: DEPLOY_AZURE_OPENAI=true needs the Azure OpenAI endpoint and identity');
  return infra.openAi;
}
