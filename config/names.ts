/**
 * Azure and Kubernetes names, derived deterministically from the azd environment name.
 *
 * Each name gets a type prefix (`rg-`, `aks-`, `id-`, `oai-`), is lowercased, and when it would
 * exceed the resource's length limit it is cut and ends in a short stable hash, so two long
 * environment names never collide.
 */
import { createHash } from 'node:crypto';

/** Names of the Azure resources of one environment. */
export interface AzureNames {
  /** Resource group of everything the infra stack creates. */
  readonly resourceGroup: string;
  /** AKS cluster. */
  readonly cluster: string;
  /** AKS DNS prefix. */
  readonly dnsPrefix: string;
  /** Resource group AKS creates for the nodes. */
  readonly nodeResourceGroup: string;
  /** Kaito gpu-provisioner identity. */
  readonly provisionerIdentity: string;
  /** ai-service identity (Azure OpenAI backend). */
  readonly aiServiceIdentity: string;
  /** Azure OpenAI account (its custom subdomain adds a per-subscription suffix at apply time). */
  readonly openAiAccount: string;
}

/** Length limits from the Azure naming rules (Microsoft.Resources, ContainerService, ManagedIdentity, CognitiveServices). */
export const AZURE_NAME_LIMITS = {
  resourceGroup: 90,
  cluster: 63,
  dnsPrefix: 54,
  nodeResourceGroup: 80,
  identity: 128,
  openAiAccount: 64,
} as const;

/** Derives every Azure name from the environment name. */
export function azureNames(envName: string): AzureNames {
  const env = envName.toLowerCase();
  return {
    resourceGroup: boundedName(`rg-${env}`, AZURE_NAME_LIMITS.resourceGroup),
    cluster: boundedName(`aks-${env}`, AZURE_NAME_LIMITS.cluster),
    dnsPrefix: boundedName(`aks-${env}`, AZURE_NAME_LIMITS.dnsPrefix),
    nodeResourceGroup: boundedName(`rg-${env}-aks-nodes`, AZURE_NAME_LIMITS.nodeResourceGroup),
    provisionerIdentity: boundedName(`id-${env}-kaito-provisioner`, AZURE_NAME_LIMITS.identity),
    aiServiceIdentity: boundedName(`id-${env}-ai-service`, AZURE_NAME_LIMITS.identity),
    // leaves room for the 9-character suffix of the custom subdomain
    openAiAccount: boundedName(`oai-${env}`, AZURE_NAME_LIMITS.openAiAccount - 9),
  };
}

/** Returns `name`, or when longer than `max`, its first characters plus `-` and an 8-hex stable hash. */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/** The DNS-1123 subdomain rule Kubernetes applies to names of Secrets, ConfigMaps and most objects. */
/** Microsoft.Resources' rule for a resource group name: 1-90 letters, digits, "_", "-", ".", "(", ")", not ending in ".". */
export const RESOURCE_GROUP_NAME = /^(?!.*\.$)[-\w.()\p{L}\p{N}]{1,90}$/u;

/** What {@link RESOURCE_GROUP_NAME} allows, in words. */
export const RESOURCE_GROUP_RULE =
  'must be a resource group name: 1 to 90 letters, digits, "_", "-", ".", "(" and ")", no spaces, not ending in "."';

/** Microsoft.ContainerService's rule for a managed cluster name: 1-63 letters, digits, "_" and "-", starting and ending alphanumeric. */
export const AKS_CLUSTER_NAME = /^[A-Za-z0-9]([-\w]{0,61}[A-Za-z0-9])?$/;

/** What {@link AKS_CLUSTER_NAME} allows, in words. */
export const AKS_CLUSTER_RULE =
  'must be an AKS cluster name: 1 to 63 letters, digits, "_" and "-", starting and ending with a letter or digit';

export const DNS_1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The DNS-1123 label rule Kubernetes applies to names of Services and namespaces. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Turns a preset name (possibly a Hugging Face id such as `microsoft/Phi-4-mini-instruct`) into a
 * Workspace name `workspace-<model>` that is a valid DNS-1035 label, the rule for the Service Kaito
 * creates under the same name.
 */
export function workspaceName(presetName: string): string {
  const slug = presetName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return boundedName(`workspace-${slug}`, 63);
}

/** The OpenAI-compatible base URL of a Kaito Workspace inside the cluster (vLLM on the Service's port 80). */
export function workspaceEndpoint(workspace: string, namespace: string): string {
  return `http://${workspace}.${namespace}.svc/v1`;
}

/**
 * Kubernetes names that both stacks must agree on: a federated credential's subject in the infra
 * stack and the ServiceAccount of a Helm release in the cluster stack come from the same constant.
 */
export const KUBERNETES_NAMES = {
  /** Namespace and ServiceAccount of the gpu-provisioner release (the chart names its ServiceAccount after the release). */
  gpuProvisioner: { namespace: 'gpu-provisioner', serviceAccount: 'gpu-provisioner' },
  /** Namespace of the Kaito controller release. */
  kaitoNamespace: 'kaito-workspace',
  /** Namespace of the store app, the Workspace and ai-service, as in the workshop. */
  appNamespace: 'pets',
  /** ai-service: its ServiceAccount as the upstream store chart names it, its Service/Deployment and ConfigMap. */
  aiService: { namespace: 'pets', serviceAccount: 'ai-service-account', service: 'ai-service', configMap: 'ai-service-configs' },
  /** The store-admin Service of the store chart, where "Ask AI Assistant" is. */
  storeAdmin: { service: 'store-admin' },
} as const;

/**
 * The Pod Security level namespace `pets` enforces (the store app's third-party images do not all
 * meet `restricted`). The Workspace lives there too, so its preset's inference pod must meet it.
 */
export const APP_NAMESPACE_POD_SECURITY = 'baseline' as const;

/** The subject of a federated credential for a Kubernetes ServiceAccount. */
export function serviceAccountSubject(sa: { readonly namespace: string; readonly serviceAccount: string }): string {
  return `system:serviceaccount:${sa.namespace}:${sa.serviceAccount}`;
}
