/**
 * `kaito-aks status`: one screen with the cluster, the Helm releases (Kaito's operators and the app),
 * the Workspace's state and endpoint, the ai-service backend and the store-admin URL.
 */
import { KUBERNETES_NAMES } from '../config/names';
import { deployedBackend, describeBackend } from './app-objects';
import { benchmarkFix, describeAnswers, describeBenchmark, readBenchmark } from './benchmark';
import { assess } from './conditions';
import { EXIT, ExitCode } from './exit-codes';
import { HelmRelease, isPending, listReleases, pendingRecovery } from './helm';
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

/**
 * Runs `status` and returns its exit code: 1 when the API server cannot be read at all, or when a
 * Helm release was left pending by an interrupted apply (the next apply would fail).
 */
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
  const operatorReleases = target.provisionerNamespace
    ? listAll(kube, [target.provisionerNamespace, KUBERNETES_NAMES.kaitoNamespace])
    : Promise.resolve(undefined);
  const appReleases = listAll(kube, [ns]);
  const rows = [
    row('Cluster', Promise.resolve(`context ${kube.connection.context}, ${kube.connection.server}, Kubernetes ${version}`)),
    row('Nodes', nodes(kube, target)),
    row(
      'Operators',
      operatorReleases.then((r) =>
        r ? describeReleases(r) : `the AKS managed add-on (AKS installs and upgrades it; assumed Kaito ${config.kaito.release.version})`,
      ),
    ),
    row('App releases', appReleases.then(describeReleases)),
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
  const pending = [...((await operatorReleases.catch(() => undefined)) ?? []), ...((await appReleases.catch(() => undefined)) ?? [])]
    .flatMap((r) => (r.found ? [r.release] : []))
    .filter(isPending);
  if (pending.length === 0) return EXIT.OK;
  screen.write('\n');
  for (const release of pending) {
    screen.write(
      `✖ Helm release ${release.name} in ${release.namespace} is ${release.status} (revision ${release.revision}): left by an interrupted apply; the next deploy fails with "another operation (install/upgrade/rollback) is in progress"\n`,
    );
    for (const [i, step] of pendingRecovery(release).entries()) screen.write(`  ${i === 0 ? 'recovery' : '        '}  ${step}\n`);
  }
  return EXIT.FAILURE;
}

async function nodes(kube: KubeClient, target: Target): Promise<string> {
  const list = await kube.get<KubeList<KubeNode>>('/api/v1/nodes');
  const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
  const gpu = list.items.filter((n) => (n.metadata?.labels?.[INSTANCE_TYPE_LABEL] ?? '').startsWith(GPU_SIZE_PREFIX));
  // AKS cordons a node it is about to reimage (node image or Kubernetes upgrade) and drains it
  const cordoned = gpu.filter((n) => n.spec?.unschedulable === true);
  const gpuText =
    gpu.length === 0
      ? 'no GPU node'
      : `GPU: ${gpu
          .map(
            (n) =>
              `${n.metadata?.name} (${n.metadata?.labels?.[INSTANCE_TYPE_LABEL]}${n.spec?.unschedulable ? ', cordoned: being upgraded or drained' : ''})`,
          )
          .join(', ')}`;
  const lines = [`${ready.length} of ${list.items.length} ready; ${gpuText}`];
  if (cordoned.length > 0) {
    const { resourceGroup, cluster } = target.config.names;
    const pools = [...new Set(cordoned.map((n) => /^aks-([a-z0-9]+)-/.exec(n.metadata?.name ?? '')?.[1] ?? '<pool>'))];
    lines.push(
      `a cordoned GPU node is drained: the model is down until it is back (an AKS upgrade adds a surge GPU node, which bills, then reimages this one)`,
      `see it: ${pools.map((p) => `az aks nodepool show --resource-group ${resourceGroup} --cluster-name ${cluster} --name ${p} --query "{state: provisioningState, image: nodeImageVersion}"`).join('; ')} (a failed upgrade says Failed); az aks operation show-latest --resource-group ${resourceGroup} --name ${cluster}`,
    );
  }
  return lines.join('\n');
}

/** The releases of some namespaces, or that there are none (with the namespaces' names). */
type Releases = ({ found: true; release: HelmRelease } | { found: false; namespaces: readonly string[] })[];

async function listAll(kube: KubeClient, namespaces: readonly string[]): Promise<Releases> {
  const all = (await Promise.all(namespaces.map((n) => listReleases(kube, n)))).flat();
  return all.length === 0 ? [{ found: false, namespaces }] : all.map((release) => ({ found: true, release }));
}

function describeReleases(list: Releases): string {
  return list
    .map((r) =>
      r.found
        ? `${r.release.name.padEnd(30)} ${r.release.chart} ${r.release.chartVersion}${r.release.appVersion ? ` (app ${r.release.appVersion})` : ''}, ${r.release.status}${isPending(r.release) ? ' ✖ left by an interrupted apply' : ''}, revision ${r.release.revision}, namespace ${r.release.namespace}`
        : `none in ${r.namespaces.join(', ')}`,
    )
    .join('\n');
}

async function workspace(kube: KubeClient, target: Target): Promise<string> {
  const snapshot = await takeSnapshot(kube, target, new Map());
  if (!snapshot.workspace) return `${target.workspace} not found in ${target.namespace}`;
  const a = assess(snapshot, { maxRestarts: 5, context: causeContext(target), now: Date.now() });
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
  // Kaito 0.12.0's start-up benchmark, and whether the model answers while the Workspace is not ready
  const bench = readBenchmark(snapshot);
  const benchmark = describeBenchmark(bench.state);
  return [
    `${ws.metadata.name} in ${target.namespace}: ${state}`,
    `${ws.resource?.instanceType ?? '?'}, preset ${ws.inference?.preset?.name ?? '?'}; ${conditions}`,
    `pod: ${pod?.detail}`,
    ...(benchmark ? [`benchmark: ${benchmark}`] : []),
    ...(bench.state.kind === 'failed'
      ? benchmarkFix(ws.metadata.name, target.namespace).map((f, i) => `${i === 0 ? 'fix: ' : '     '}${f}`)
      : []),
    ...(a.verdict === 'ready' ? [] : [`model answers: ${describeAnswers(bench)}`]),
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
