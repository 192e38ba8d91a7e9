import { Construct } from 'constructs';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Fn } from 'cdktf';
import { AI_SERVICE_FACTS } from '../catalog/ai-service';
import { KUBERNETES_NAMES } from '../config/names';
import type { KaitoWorkspace } from './kaito-workspace';
import { KubernetesObject, ManifestRelease } from './manifest-release';
import type { Namespace } from './namespace';
import { STORE_CHART } from './store-app';
import { requireWholeNumber } from './guards';

/** Where ai-service sends its prompts. */
export type AiServiceBackend =
  | {
      /** The model a Kaito Workspace serves, through its OpenAI-compatible Service. */
      readonly kind: 'local-llm';
      /** Base URL ending in `/v1`. */
      readonly endpoint: string;
      /** Model name as the server lists it in `/v1/models`; unset: ai-service takes the model it lists. */
      readonly modelName?: string;
    }
  | {
      /** Azure OpenAI, with an Entra ID token from workload identity (no key). */
      readonly kind: 'azure-openai';
      /** Account endpoint. */
      readonly endpoint: string;
      /** Model deployment name. */
      readonly deploymentName: string;
      /** API version. */
      readonly apiVersion: string;
      /** Client ID of the identity federated with the ai-service ServiceAccount. */
      readonly clientId: string;
    };

/** Builds {@link AiServiceBackend} values. */
export const AiServiceBackends = {
  /** The model served by `workspace`. */
  localLlm(workspace: KaitoWorkspace): AiServiceBackend {
    return { kind: 'local-llm', endpoint: workspace.endpoint, modelName: workspace.modelName };
  },
  /** An Azure OpenAI deployment reached through workload identity. */
  azureOpenAi(options: Omit<Extract<AiServiceBackend, { kind: 'azure-openai' }>, 'kind'>): AiServiceBackend {
    return { kind: 'azure-openai', ...options };
  },
};

/** Properties of an {@link AiService}. */
export interface AiServiceProps {
  /** Namespace of the store app. */
  readonly namespace: Namespace;
  /** Where prompts go. */
  readonly backend: AiServiceBackend;
  /**
   * Container image.
   * @default - ai-service of the store app release, `ghcr.io/azure-samples/aks-store-demo/ai-service:2.2.0`
   */
  readonly image?: string;
  /**
   * Replicas.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * `app` labels of the pods allowed to call ai-service (a NetworkPolicy denies every other caller
   * but kube-system, through which the API server's service proxy comes).
   * @default ['product-service', 'store-admin'] (the store app's callers of ai-service, chart 1.6.0)
   */
  readonly clientApps?: readonly string[];
}

/** The port ai-service listens on (FastAPI, upstream 2.x). */
export const AI_SERVICE_PORT = 5001;

const NAME = KUBERNETES_NAMES.aiService.service;
const chart = AI_SERVICE_FACTS.upstreamChart;
const health = { httpGet: { path: chart.readinessProbe.path, port: AI_SERVICE_PORT } };

/**
 * ai-service's probes. ai-service 2.2.0 runs the model call on the worker that answers `/health`, so
 * `/health` is silent for as long as a completion runs, and the call may run
 * {@link longestModelCallSeconds} (openai's 600 s read timeout, 3 attempts):
 * - startup, `/health` every 5 s for up to 150 s: a start takes 1.5 to 2.4 CPU-seconds, 30 to 50 s
 *   under the 50m limit (upstream waits 60 s, then allows 15 s);
 * - readiness, `/health` as upstream (every 10 s, 10 failures, 3 s timeout): a completion longer
 *   than about 93 s marks the pod NotReady until it ends, never one store-admin still waits for (45 s);
 * - liveness, a TCP connect to the port (upstream's timing): the kernel accepts connections into the
 *   listen backlog while the worker is busy, so a slow completion never restarts the pod, and a
 *   process that stops listening still does.
 */
export const AI_SERVICE_PROBES = {
  startupProbe: { ...health, periodSeconds: 5, timeoutSeconds: chart.startupProbe.timeoutSeconds, failureThreshold: 30 },
  readinessProbe: {
    ...health,
    initialDelaySeconds: chart.readinessProbe.initialDelaySeconds,
    periodSeconds: chart.readinessProbe.periodSeconds,
    timeoutSeconds: chart.readinessProbe.timeoutSeconds,
    failureThreshold: chart.readinessProbe.failureThreshold,
  },
  livenessProbe: {
    tcpSocket: { port: AI_SERVICE_PORT },
    initialDelaySeconds: chart.livenessProbe.initialDelaySeconds,
    periodSeconds: chart.livenessProbe.periodSeconds,
    timeoutSeconds: chart.livenessProbe.timeoutSeconds,
    failureThreshold: chart.livenessProbe.failureThreshold,
  },
} as const;

/**
 * The store app's ai-service (image 2.x): ConfigMap, ServiceAccount, Deployment and ClusterIP Service
 * `ai-service` on port 5001, wired to one backend. Both backends use the same release and object
 * names, so switching re-deploys in place and leaves nothing behind. Secure by default: non-root,
 * read-only root, no privilege escalation, no capabilities, no Kubernetes API token, requests and
 * limits, `/health` probes, image pulled on every start, a high UID, and a NetworkPolicy that lets
 * only the store app's own services (and the API server's service proxy) call it.
 */
export class AiService extends Construct {
  /** The backend in use. */
  public readonly backend: AiServiceBackend;
  /** Environment ai-service reads, from its ConfigMap. */
  public readonly environment: Readonly<Record<string, string>>;
  /** Every object installed. */
  public readonly objects: readonly KubernetesObject[];
  /** The release holding the objects. */
  public readonly manifest: ManifestRelease;

  constructor(scope: Construct, id: string, props: AiServiceProps) {
    super(scope, id);
    // by tag only: the store release publishes no image digests (see STORE_CHART)
    const image = props.image ?? `ghcr.io/azure-samples/aks-store-demo/ai-service:${STORE_CHART.appVersion}`;
    const replicas = props.replicas ?? 1;
    requireWholeNumber('AiService', 'replicas', replicas, { min: 1 });
    const namespace = props.namespace.namespaceName;
    if (namespace !== KUBERNETES_NAMES.aiService.namespace) {
      // the ai-service identity's federated credential names this namespace
      throw new Error(
        `AiService namespace must be "${KUBERNETES_NAMES.aiService.namespace}" (the federated credential's subject), got "${namespace}"`,
      );
    }
    this.backend = props.backend;
    this.environment = environmentOf(props.backend);
    const azure = props.backend.kind === 'azure-openai';
    const labels = { app: NAME };
    const clientApps = props.clientApps ?? ['product-service', 'store-admin'];
    if (clientApps.length === 0) {
      throw new Error('AiService clientApps must name at least one caller, got an empty list: nothing could call ai-service');
    }

    // typed with the Kubernetes 1.33 API models, so a misspelt field fails type-checking
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: KUBERNETES_NAMES.aiService.configMap, namespace, labels },
      data: this.environment,
    } satisfies IConfigMap;
    const serviceAccount = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: KUBERNETES_NAMES.aiService.serviceAccount,
        namespace,
        labels,
        ...(props.backend.kind === 'azure-openai' ? { annotations: { 'azure.workload.identity/client-id': props.backend.clientId } } : {}),
      },
      automountServiceAccountToken: false,
    } satisfies IServiceAccount;
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME, namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels: azure ? { ...labels, 'azure.workload.identity/use': 'true' } : labels,
            // rolls the pods when the configuration changes (envFrom is read only at start)
            annotations: { 'kaito-aks/config-sha256': Fn.sha256(Fn.jsonencode(this.environment)) },
          },
          spec: {
            serviceAccountName: KUBERNETES_NAMES.aiService.serviceAccount,
            automountServiceAccountToken: false,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            // a UID above 10000 does not collide with users of the node (the image sets none)
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: NAME,
                image,
                // the registry is asked on every start: a tag moved upstream cannot run from a node's cache unnoticed
                imagePullPolicy: 'Always',
                ports: [{ name: 'http', containerPort: AI_SERVICE_PORT, protocol: 'TCP' }],
                envFrom: [{ configMapRef: { name: KUBERNETES_NAMES.aiService.configMap } }],
                // upstream chart 1.6.0's requests and limits (data/ai-service.json)
                resources: { requests: { ...chart.resources.requests }, limits: { ...chart.resources.limits } },
                ...AI_SERVICE_PROBES,
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  privileged: false,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    } satisfies IDeployment;
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: NAME, namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [{ name: 'http', port: AI_SERVICE_PORT, targetPort: AI_SERVICE_PORT, protocol: 'TCP' }],
      },
    } satisfies IService;
    const networkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: NAME, namespace, labels },
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [...clientApps] }] } },
              // the API server's service proxy (`npm run smoke`) reaches pods through kube-system's konnectivity agent
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
            ],
            ports: [{ port: AI_SERVICE_PORT, protocol: 'TCP' }],
          },
        ],
      },
    } satisfies INetworkPolicy;
    this.objects = [configMap, serviceAccount, deployment, service, networkPolicy];
    this.manifest = new ManifestRelease(this, 'Manifest', {
      releaseName: NAME,
      namespace,
      objects: this.objects,
      dependsOn: [props.namespace.resource],
    });
  }
}

/** The ai-service 2.x environment contract for a backend. */
function environmentOf(backend: AiServiceBackend): Record<string, string> {
  if (backend.kind === 'local-llm') {
    return {
      USE_LOCAL_LLM: 'True',
      LOCAL_LLM_ENDPOINT: backend.endpoint,
      // named, so ai-service need not reach the model at start to pick one; where Kaito's data does not
      // record the served name, ai-service asks /v1/models and takes the one model vLLM serves
      ...(backend.modelName === undefined ? {} : { LOCAL_LLM_MODEL: backend.modelName }),
    };
  }
  return {
    USE_AZURE_OPENAI: 'True',
    USE_AZURE_AD: 'True',
    AZURE_OPENAI_ENDPOINT: backend.endpoint,
    AZURE_OPENAI_DEPLOYMENT_NAME: backend.deploymentName,
    AZURE_OPENAI_API_VERSION: backend.apiVersion,
  };
}
