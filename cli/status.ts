/**
 * `kaito-aks status`: one screen with the cluster, the Helm releases (Kaito's operators and the app),
 * the Workspace's state and endpoint, the ai-service backend and the store-admin URL.
 */
import { KUBERNETES_NAMES } from '../config/names';
import { deployedBackend, describeBackend } from './app-objects';
import { assess } from './conditions';
import { EXIT, ExitCode } from './exit-codes';
import { listReleases } from './helm';
import { ConfigMap, Deployment, findCondition, KubeList, KubeNode, Service, WORKSPACE_CONDITIONS } from './kube-types';
import { KubeApiError, KubeClient } from './kube';
import type { Screen } from './progress';
import { takeSnapshot } from './snapshot';
import type { Target } from './target';
import { apiFailure, causeContext } from './wait';

/** Kaito uses this prefix to tell GPU sizes (Kaito `consts.GpuSkuPrefix`). */
const GPU_SIZE_PREFIX = 'Standard_N';
const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

/** Options of `status`. */
export interface StatusOptions {
  /** Give up on the first request (`/version`) after this long, milliseconds: the whole answer to "can I read the cluster?". */
  readonly requestTimeoutMs: number;
}

/** The default of `status --request-timeout`, milliseconds. */
export const DEFAULT_STATUS_REQUEST_TIMEOUT_MS = 10_000;

/** Runs `status` and returns its exit code: 1 only when the API server cannot be read at all. */
export async function runStatus(
  kube: KubeClient,
  target: Target,
  screen: Screen,
  options: StatusOptions = { requestTimeoutMs: DEFAULT_STATUS_REQUEST_TIMEOUT_MS },
): Promise<ExitCode> {
  const { config } = target;
  let version: string;
  try {
    version = (await kube.get<{ gitVersion?: string }>('/version', { timeoutMs: options.requestTimeoutMs })).gitVersion ?? '?';
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    screen.write(apiFailure(err, target, kube.connection.server, '--request-timeout'));
    return EXIT.FAILURE;
  }
  const ns = target.namespace;
  // every row starts now and never rejects: a row that fails says why
  const row = (label: string, text: Promise<string>): [string, Promise<string>] => [
    label,
    text.catch((err: Error) => `unavailable: ${err.message}`),
  ];
  const rows = [
    row('Cluster', Promise.resolve(`context ${kube.connection.context}, ${kube.connection.server}, Kubernetes ${version}`)),
    row('Nodes', nodes(kube)),
    row(
      'Operators',
      target.provisionerNamespace
        ? releases(kube, [target.provisionerNamespace, KUBERNETES_NAMES.kaitoNamespace])
        : Promise.resolve(`the AKS managed add-on (AKS installs and upgrades it; assumed Kaito ${config.kaito.release.version})`),
    ),
    row('App releases', releases(kube, [ns])),
    row('Workspace', workspace(kube, target)),
    row('Endpoint', endpoint(kube, target)),
    row('ai-service', aiService(kube, ns)),
    row('Store admin', storeAdmin(kube, ns)),
  ];
  screen.write(
    `kaito-aks status: environment ${config.envName} in ${config.location}, cluster ${config.names.cluster}, Kaito ${config.kaito.release.version}\n\n`,
  );
  for (const [label, text] of rows) {
    const [first, ...rest] = (await text).split('\n');
    screen.write(`${label.padEnd(13)} ${first}\n`);
    for (const line of rest) screen.write(`${''.padEnd(13)} ${line}\n`);
  }
  return EXIT.OK;
}

async function nodes(kube: KubeClient): Promise<string> {
  const list = await kube.get<KubeList<KubeNode>>('/api/v1/nodes');
  const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  const gpu = list.items.filter((n) => (n.metadata?.labels?.[INSTANCE_TYPE_LABEL] ?? '').startsWith(GPU_SIZE_PREFIX));
  const gpuText =
    gpu.length === 0
      ? 'no GPU node'
      : `GPU: ${gpu.map((n) => `${n.metadata?.name} (${n.metadata?.labels?.[INSTANCE_TYPE_LABEL]})`).join(', ')}`;
  return `${ready.length} of ${list.items.length} ready; ${gpuText}`;
}

async function releases(kube: KubeClient, namespaces: readonly string[]): Promise<string> {
  const all = (await Promise.all(namespaces.map((n) => listReleases(kube, n)))).flat();
  if (all.length === 0) return `none in ${namespaces.join(', ')}`;
  return all
    .map(
      (r) =>
        `${r.name.padEnd(30)} ${r.chart} ${r.chartVersion}${r.appVersion ? ` (app ${r.appVersion})` : ''}, ${r.status}, revision ${r.revision}, namespace ${r.namespace}`,
    )
    .join('\n');
}

async function workspace(kube: KubeClient, target: Target): Promise<string> {
  const snapshot = await takeSnapshot(kube, target, new Map());
  if (!snapshot.workspace) return `${target.workspace} not found in ${target.namespace}`;
  const a = assess(snapshot, { maxRestarts: 5, context: causeContext(target) });
  const conditions = Object.values(WORKSPACE_CONDITIONS)
    .map((type) => `${type}=${findCondition(snapshot.workspace?.status?.conditions, type)?.status ?? '-'}`)
    .join(', ');
  const pod = a.steps.find((s) => s.key === 'pod');
  const state =
    a.verdict === 'ready'
      ? 'Ready'
      : a.verdict === 'failed'
        ? a.cause?.kind === 'deleting'
          ? `${a.cause.title}`
          : `failed: ${a.cause?.title}`
        : `not ready: ${a.steps.find((s) => s.state !== 'done')?.label} (${a.steps.find((s) => s.state !== 'done')?.detail})`;
  const ws = snapshot.workspace;
  return [
    `${ws.metadata.name} in ${target.namespace}: ${state}`,
    `${ws.resource?.instanceType ?? '?'}, preset ${ws.inference?.preset?.name ?? '?'}; ${conditions}`,
    `pod: ${pod?.detail}`,
    ...(a.verdict === 'failed' && a.cause ? a.cause.fix.map((f, i) => `${i === 0 ? 'fix: ' : '     '}${f}`) : []),
  ].join('\n');
}

async function endpoint(kube: KubeClient, target: Target): Promise<string> {
  const service = await kube.getOptional<Service>(`/api/v1/namespaces/${target.namespace}/services/${target.workspace}`);
  if (!service) return `${target.endpoint} (its Service does not exist yet)`;
  return `${target.endpoint} (Service ${service.spec?.clusterIP}:${service.spec?.ports?.[0]?.port}); smoke test: npm run smoke`;
}

async function aiService(kube: KubeClient, ns: string): Promise<string> {
  const [configMap, deployment] = await Promise.all([
    kube.getOptional<ConfigMap>(`/api/v1/namespaces/${ns}/configmaps/${KUBERNETES_NAMES.aiService.configMap}`),
    kube.getOptional<Deployment>(`/apis/apps/v1/namespaces/${ns}/deployments/${KUBERNETES_NAMES.aiService.service}`),
  ]);
  if (!configMap && !deployment) return `not deployed in ${ns}`;
  const ready = deployment ? `${deployment.status?.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 1} ready` : 'no Deployment';
  return `${describeBackend(deployedBackend(configMap?.data))}; ${ready}`;
}

async function storeAdmin(kube: KubeClient, ns: string): Promise<string> {
  const service = await kube.getOptional<Service>(`/api/v1/namespaces/${ns}/services/${KUBERNETES_NAMES.storeAdmin.service}`);
  if (!service) return `not deployed in ${ns}`;
  const port = service.spec?.ports?.[0]?.port ?? 80;
  const ingress = service.status?.loadBalancer?.ingress?.[0];
  const host = ingress?.ip ?? ingress?.hostname;
  if (host) return `http://${host}${port === 80 ? '' : `:${port}`}`;
  if (service.spec?.type === 'LoadBalancer') return 'waiting for a public IP (Service type LoadBalancer)';
  return `no public address (Service type ${service.spec?.type ?? 'ClusterIP'}): kubectl port-forward --namespace ${ns} service/${KUBERNETES_NAMES.storeAdmin.service} 8080:${port}`;
}
