/**
 * Reads one {@link Snapshot} from the cluster: the Workspace, its NodeClaims and pods, Warning events,
 * gpu-provisioner's pods (when this project installed it), and the previous log of any pod that
 * crash-loops.
 */
import { isCrashing, podKey, Snapshot } from './conditions';
import { KAITO_LABELS, KubeEvent, KubeList, KubeNode, NODECLAIM_API, NodeClaim, Pod, Workspace } from './kube-types';
import { KubeClient, statusError } from './kube';
import type { Target } from './target';

/**
 * Remembers the log tails already read, by pod uid and restart count, so a crash-looping pod's log is
 * read once per restart rather than on every round.
 */
export type LogMemo = Map<string, string>;

/** The path of the Workspace object. */
export function workspacePath(target: Target): string {
  return `/apis/${target.workspaceApiVersion}/namespaces/${target.namespace}/workspaces/${target.workspace}`;
}

/**
 * Reads one snapshot; `timeoutMs` bounds each of its requests, the extras too, so no read outlives the
 * command's deadline (default: the client's 30 s).
 * @throws KubeApiError when the Workspace, the NodeClaims or the pods cannot be read. Events,
 *   gpu-provisioner's pods and logs are extras: when they cannot be read, the snapshot goes without.
 */
export async function takeSnapshot(kube: KubeClient, target: Target, memo: LogMemo, timeoutMs?: number): Promise<Snapshot> {
  const ns = target.namespace;
  const selector = `${KAITO_LABELS.workspace}=${target.workspace}`;
  const claimsPath = `/apis/${NODECLAIM_API}/nodeclaims`;
  const [workspace, claims, pods, appEvents, clusterEvents, provisionerPods] = await Promise.all([
    kube.getOptional<Workspace>(workspacePath(target), { timeoutMs }),
    kube.request('GET', claimsPath, { query: { labelSelector: `${selector},${KAITO_LABELS.workspaceNamespace}=${ns}` }, timeoutMs }),
    kube.get<KubeList<Pod>>(`/api/v1/namespaces/${ns}/pods`, { query: { labelSelector: selector }, timeoutMs }),
    optional(kube.get<KubeList<KubeEvent>>(`/api/v1/namespaces/${ns}/events`, { query: { fieldSelector: 'type=Warning' }, timeoutMs })),
    // events about cluster-scoped objects such as NodeClaims are recorded in the default namespace
    optional(
      kube.get<KubeList<KubeEvent>>('/api/v1/namespaces/default/events', {
        query: { fieldSelector: 'type=Warning,involvedObject.kind=NodeClaim' },
        timeoutMs,
      }),
    ),
    target.provisionerNamespace
      ? optional(kube.get<KubeList<Pod>>(`/api/v1/namespaces/${target.provisionerNamespace}/pods`, { timeoutMs }))
      : undefined,
  ]);
  if (claims.status !== 404 && (claims.status < 200 || claims.status > 299)) throw statusError('GET', claimsPath, claims);
  const nodeClaims = claims.status === 404 ? [] : ((claims.json as KubeList<NodeClaim>).items ?? []);

  const names = new Set<string>([
    target.workspace,
    ...nodeClaims.map((c) => c.metadata.name),
    ...pods.items.map((p) => p.metadata?.name ?? ''),
  ]);
  const events = [...(appEvents?.items ?? []), ...(clusterEvents?.items ?? [])].filter((e) => names.has(e.involvedObject.name ?? ''));
  const provisioner = provisionerPods?.items ?? [];

  // the GPU nodes, to tell one that never advertises nvidia.com/gpu; an extra, like the events
  const nodeNames = new Set(nodeClaims.map((c) => c.status?.nodeName).filter((n): n is string => !!n));
  const nodes =
    nodeNames.size === 0
      ? undefined
      : (await optional(kube.get<KubeList<KubeNode>>('/api/v1/nodes')))?.items.filter((n) => nodeNames.has(n.metadata?.name ?? ''));

  const logs: Record<string, string> = {};
  await Promise.all(
    [...pods.items, ...provisioner].filter(isCrashing).map(async (pod) => {
      const log = await previousLog(kube, pod, memo, timeoutMs);
      if (log !== undefined) logs[podKey(pod)] = log;
    }),
  );
  return {
    workspace,
    nodeClaims,
    nodeClaimApiFound: claims.status !== 404,
    pods: pods.items,
    events,
    provisionerPods: provisioner,
    logs,
    nodes,
  };
}

/** The last 40 lines of the previous run of a pod's first crashing container, read once per restart. */
async function previousLog(kube: KubeClient, pod: Pod, memo: LogMemo, timeoutMs?: number): Promise<string | undefined> {
  const container = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find(
    (c) => c.restartCount > 0,
  );
  if (!container) return undefined;
  const key = `${pod.metadata?.uid ?? podKey(pod)}/${container.name}/${container.restartCount}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const log = await optional(
    kube.getText(`/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}/log`, {
      query: { container: container.name, previous: true, tailLines: 40 },
      timeoutMs,
    }),
  );
  if (log !== undefined) memo.set(key, log);
  return log;
}

async function optional<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch {
    return undefined;
  }
}
