/**
 * What the Day-2 commands look at: the Workspace, its namespace and the kubeconfig context, from the
 * same Config synth uses (`loadConfig(process.env)`), with command-line overrides.
 */
import { KUBERNETES_NAMES, serviceAccountSubject, workspaceEndpoint } from '../config/names';
import type { Config } from '../config';

/** Command-line overrides shared by the cluster commands. */
export interface TargetOptions {
  /** kubeconfig context. */
  readonly context?: string;
  /** Namespace of the Workspace and the store app. */
  readonly namespace?: string;
  /** Workspace name. */
  readonly workspace?: string;
}

/** The resolved target of a cluster command. */
export interface Target {
  /** The configuration. */
  readonly config: Config;
  /** kubeconfig context: `--context`, else `AKS_KUBECONFIG_CONTEXT` in kubeconfig mode; undefined for the current one. */
  readonly context?: string;
  /**
   * The kubeconfig file in kubeconfig mode (`AKS_KUBECONFIG`, absolute, `~/` expanded); undefined
   * for what kubectl reads (`KUBECONFIG` or `~/.kube/config`).
   */
  readonly kubeconfig?: string;
  /** Namespace of the Workspace, ai-service and the store app. */
  readonly namespace: string;
  /** Workspace name. */
  readonly workspace: string;
  /** The Workspace API version, e.g. `kaito.sh/v1beta1`. */
  readonly workspaceApiVersion: string;
  /** The OpenAI-compatible base URL ai-service uses inside the cluster. */
  readonly endpoint: string;
  /**
   * Namespace of the gpu-provisioner this project installs with Helm; undefined with the AKS add-on,
   * whose own provisioner AKS runs and manages.
   */
  readonly provisionerNamespace?: string;
}

/** Resolves the target: overrides first, then the Config (kubeconfig mode: its file and context). */
export function resolveTarget(config: Config, options: TargetOptions = {}): Target {
  const namespace = options.namespace ?? KUBERNETES_NAMES.appNamespace;
  const workspace = options.workspace ?? config.kaito.workspaceName;
  const fromFile = config.cluster.kind === 'kubeconfig' ? config.cluster : undefined;
  return {
    config,
    context: options.context ?? fromFile?.context,
    kubeconfig: fromFile?.path,
    namespace,
    workspace,
    workspaceApiVersion: config.kaito.release.workspaceApiVersion,
    endpoint: workspaceEndpoint(workspace, namespace),
    provisionerNamespace: config.kaito.install === 'helm' ? KUBERNETES_NAMES.gpuProvisioner.namespace : undefined,
  };
}

/**
 * The commands that give kubectl (and this CLI) access to the environment's cluster. In kubeconfig
 * mode the file is the user's (no Azure call): refresh it, or point AKS_KUBECONFIG elsewhere.
 */
export function credentialsCommands(config: Config): string[] {
  if (config.cluster.kind === 'kubeconfig') {
    const { path, context } = config.cluster;
    return [
      `kubeconfig mode: refresh ${path} (AKS_KUBECONFIG) with the tool that made it, or point AKS_KUBECONFIG${
        context === undefined ? '' : ' and AKS_KUBECONFIG_CONTEXT'
      } at a kubeconfig that reaches the cluster`,
      `check it: kubectl --kubeconfig ${path}${context === undefined ? '' : ` --context ${context}`} get --raw /readyz`,
    ];
  }
  return [
    `az aks get-credentials --resource-group ${config.names.resourceGroup} --name ${config.names.cluster} --overwrite-existing`,
    `kubelogin convert-kubeconfig -l ${config.kubeloginMode}`,
  ];
}

/** The federated credential subject gpu-provisioner signs in with. */
export const PROVISIONER_SUBJECT = serviceAccountSubject(KUBERNETES_NAMES.gpuProvisioner);

/** The Azure identity gpu-provisioner signs in with, and who makes it. */
export interface ProvisionerIdentity {
  /** The user-assigned identity's name. */
  readonly name: string;
  /** Its resource group. */
  readonly resourceGroup: string;
  /** The subject its federated credential must have. */
  readonly subject: string;
  /** The infra stack makes it (Helm install), or the AKS add-on does. */
  readonly madeBy: 'infra-stack' | 'aks-addon';
}

/**
 * The identity gpu-provisioner uses. With the add-on, AKS makes `ai-toolchain-operator-<cluster>` in
 * the node resource group for the ServiceAccount kube-system/kaito-gpu-provisioner (AKS
 * documentation of the AI toolchain operator add-on, 2024; not confirmed against a live cluster).
 */
export function provisionerIdentity(config: Config): ProvisionerIdentity {
  if (config.kaito.install === 'aks-addon') {
    return {
      name: `ai-toolchain-operator-${config.names.cluster}`,
      resourceGroup: config.names.nodeResourceGroup,
      subject: 'system:serviceaccount:kube-system:kaito-gpu-provisioner',
      madeBy: 'aks-addon',
    };
  }
  return {
    name: config.names.provisionerIdentity,
    resourceGroup: config.names.resourceGroup,
    subject: PROVISIONER_SUBJECT,
    madeBy: 'infra-stack',
  };
}

/** The GPU the Workspace needs: its size, node count and vCPUs in total (what the regional quota counts). */
export interface GpuNeed {
  /** The GPU size. */
  readonly sku: Config['kaito']['instanceType'];
  /** Nodes: the count asked for, or more when the model needs more. */
  readonly nodes: number;
  /** vCPUs of all those nodes. */
  readonly vCpus: number;
}

/** The GPU the Workspace needs, as the synth summary counts it. */
export function gpuNeed(config: Config): GpuNeed {
  const sku = config.kaito.instanceType;
  const nodes = config.kaito.nodesToRequest;
  return { sku, nodes, vCpus: nodes * sku.vCpus };
}
