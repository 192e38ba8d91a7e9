/**
 * The condition logic of `wait`: from one snapshot of the Workspace, its NodeClaims, its inference
 * pods, Warning events and gpu-provisioner, decide whether the model is ready, still coming, or failed
 * for a reason waiting cannot fix. Pure functions: the tests feed recorded API objects.
 *
 * Ready means all of: ResourceReady, InferenceReady and WorkspaceSucceeded True, and every inference
 * pod Running and Ready. InferenceReady alone is not trusted: Kaito has reported it True while the
 * pod was crash-looping out of memory (kaito-project/kaito#1493).
 */
import { Cause, CauseContext, classify, gist, mostTelling } from './causes';
import { KUBERNETES_NAMES } from '../config/names';
import {
  Condition,
  findCondition,
  KubeEvent,
  KubeNode,
  NODECLAIM_API,
  NodeClaim,
  NODECLAIM_LIFECYCLE,
  Pod,
  Workspace,
  WORKSPACE_CONDITIONS,
} from './kube-types';

/** What `wait` read from the cluster in one round. */
export interface Snapshot {
  /** The Workspace, or undefined when it does not exist (yet). */
  readonly workspace?: Workspace;
  /** NodeClaims labelled with the Workspace. */
  readonly nodeClaims: readonly NodeClaim[];
  /** Whether the API server serves the `karpenter.sh/v1` NodeClaim API at all. */
  readonly nodeClaimApiFound: boolean;
  /** Pods labelled with the Workspace: the inference server. */
  readonly pods: readonly Pod[];
  /** Warning events about the Workspace, its NodeClaims and its pods. */
  readonly events: readonly KubeEvent[];
  /** gpu-provisioner's pods. */
  readonly provisionerPods: readonly Pod[];
  /** Log tails of the previous run of crash-looping pods, by `namespace/name`. */
  readonly logs: Readonly<Record<string, string>>;
  /** The nodes of the NodeClaims, when they could be read. */
  readonly nodes?: readonly KubeNode[];
}

/** The rows `wait` shows, in order. */
export type StepKey = 'workspace' | 'nodeClaim' | 'resource' | 'inference' | 'pod' | 'succeeded';

/** Where a row stands. */
export type StepState = 'waiting' | 'active' | 'done' | 'failed';

/** One row of progress. */
export interface Step {
  /** Which row. */
  readonly key: StepKey;
  /** Its label. */
  readonly label: string;
  /** Where it stands. */
  readonly state: StepState;
  /** One line of detail. */
  readonly detail: string;
  /** When it entered its state (RFC 3339), when known. */
  readonly since?: string;
}

/** The verdict on one snapshot. */
export interface Assessment {
  /** `ready`: serve; `failed`: a cause waiting cannot fix; `progressing`: keep waiting. */
  readonly verdict: 'progressing' | 'ready' | 'failed';
  /** The rows, in order. */
  readonly steps: readonly Step[];
  /** The most telling cause seen, fatal or not. */
  readonly cause?: Cause;
}

/** Options of {@link assess}. */
export interface AssessOptions {
  /** A pod restarted this many times is failing, not starting. */
  readonly maxRestarts: number;
  /** What the fixes need. */
  readonly context: CauseContext;
  /**
   * The time of the snapshot, milliseconds since the epoch: with it, a GPU node Ready for longer than
   * {@link GPU_PLUGIN_GRACE_MS} without `nvidia.com/gpu` is a cause. Without it, that check is skipped.
   */
  readonly now?: number;
}

/**
 * How long a GPU node may be Ready without advertising `nvidia.com/gpu` before `wait` calls its driver
 * or device plugin broken: the device plugin registers the GPU within a minute or two of the node
 * turning Ready, and Kaito's own check gives up much later while the GPU VM bills.
 */
export const GPU_PLUGIN_GRACE_MS = 10 * 60_000;

/** The extended resource the NVIDIA device plugin advertises. */
const GPU_RESOURCE = 'nvidia.com/gpu';

const LABELS: Readonly<Record<StepKey, string>> = {
  workspace: 'Workspace',
  nodeClaim: 'NodeClaim',
  resource: WORKSPACE_CONDITIONS.resource,
  inference: WORKSPACE_CONDITIONS.inference,
  pod: 'Inference pod',
  succeeded: WORKSPACE_CONDITIONS.succeeded,
};

interface Located {
  readonly cause: Cause;
  readonly step: StepKey;
}

/** Assesses one snapshot. */
export function assess(snapshot: Snapshot, options: AssessOptions): Assessment {
  const located = collectCauses(snapshot, options);
  const cause = mostTelling(located.map((l) => l.cause));
  const conditions = snapshot.workspace?.status?.conditions;
  const pods = livePods(snapshot.pods);
  // conditions written before the Workspace's latest change, or before its deletion, say nothing about now
  const stale = !!snapshot.workspace?.metadata.deletionTimestamp || staleGeneration(snapshot.workspace) !== undefined;
  const isTrue = (type: string) => !stale && findCondition(conditions, type)?.status === 'True';
  const ready =
    isTrue(WORKSPACE_CONDITIONS.resource) &&
    isTrue(WORKSPACE_CONDITIONS.inference) &&
    isTrue(WORKSPACE_CONDITIONS.succeeded) &&
    pods.length > 0 &&
    pods.every(isPodReady);
  // a model that serves is ready, whatever an older Warning event still says
  const verdict = ready ? 'ready' : cause?.fatal ? 'failed' : 'progressing';
  const failedStep = verdict === 'failed' ? located.find((l) => l.cause === cause)?.step : undefined;
  const steps = [
    workspaceStep(snapshot.workspace),
    nodeClaimStep(snapshot),
    conditionStep('resource', conditions),
    conditionStep('inference', conditions),
    podStep(pods, conditions),
    conditionStep('succeeded', conditions),
  ]
    .map((s) =>
      stale && s.state === 'done' && s.key !== 'workspace' ? { ...s, state: 'active' as const, detail: `${s.detail} (stale)` } : s,
    )
    .map((s) => (s.key === failedStep ? { ...s, state: 'failed' as const } : s));
  return { verdict, steps, cause };
}

/**
 * The Workspace's generation and the oldest generation its conditions were written for, when the
 * controller has not caught up with the latest change of the spec; undefined when it has, or when
 * the conditions do not say (Kaito releases before `observedGeneration` on conditions).
 */
export function staleGeneration(ws: Workspace | undefined): { generation: number; observed: number } | undefined {
  const generation = ws?.metadata.generation;
  const observed = (ws?.status?.conditions ?? []).map((c) => c.observedGeneration).filter((g): g is number => g !== undefined);
  // Stryker disable next-line ConditionalExpression: `observed.length === 0` forced false is equivalent: Math.min() of no generations is Infinity, never below a generation, so undefined either way
  if (generation === undefined || observed.length === 0) return undefined;
  const oldest = Math.min(...observed);
  return oldest < generation ? { generation, observed: oldest } : undefined;
}

/** Why a Workspace's deletion cannot finish by itself, and how to get it done. */
export interface DeletionBlocker {
  /** What stops Kaito's finalizer, in one sentence. */
  readonly problem: string;
  /** What to do, one step a line. */
  readonly recovery: readonly string[];
}

/** Kaito's finalizer on the Workspace (Kaito `consts.WorkspaceFinalizer`). */
export const WORKSPACE_FINALIZER = 'workspace.finalizer.kaito.sh';

/**
 * The AKS node pools of the Workspace's GPU nodes, read from `status.workerNodes`: an AKS node is
 * named `aks-<pool>-<id>-vmss<n>`, and gpu-provisioner names the pool after the NodeClaim.
 */
export function gpuNodePools(ws: Workspace | undefined): string[] {
  // Stryker disable next-line ArrayDeclaration: a placeholder in the empty default is no AKS node name, so the regex drops it and no pool comes of it
  const pools = (ws?.status?.workerNodes ?? []).map((n) => /^aks-([a-z0-9]+)-/.exec(n)?.[1]).filter((p): p is string => !!p);
  return [...new Set(pools)];
}

/**
 * Whether Kaito's finalizer can delete the Workspace: it deletes the NodeClaims, and gpu-provisioner
 * deletes their AKS node pools. Neither happens when the NodeClaim API (`karpenter.sh/v1`, the CRD
 * gpu-provisioner's chart installs) is gone, or when the NodeClaims remain and gpu-provisioner does
 * not run (this project's Helm install; the add-on's runs where the CLI cannot see it).
 * @returns undefined when nothing blocks it.
 */
export function deletionBlocker(s: Snapshot, ctx: CauseContext): DeletionBlocker | undefined {
  const ws = s.workspace;
  if (!ws) return undefined;
  // Stryker disable next-line ArrayDeclaration: a placeholder in the empty default is not Kaito's finalizer, so the filter drops it; the line below still sees finalizers undefined
  const holding = (ws.metadata.finalizers ?? []).filter((f) => f === WORKSPACE_FINALIZER);
  if (holding.length === 0 && ws.metadata.finalizers !== undefined) return undefined;
  const name = ws.metadata.name;
  const ns = ws.metadata.namespace ?? '';
  const pools = gpuNodePools(ws);
  const byHand = [
    pools.length > 0
      ? `delete the GPU node pool by hand: ${pools.map((p) => `az aks nodepool delete --resource-group ${ctx.resourceGroup} --cluster-name ${ctx.cluster} --name ${p}`).join('; ')}`
      : `delete the Workspace's GPU node pool by hand, if any: az aks nodepool list --resource-group ${ctx.resourceGroup} --cluster-name ${ctx.cluster} --query "[?mode=='User'].name" --output tsv, then az aks nodepool delete --resource-group ${ctx.resourceGroup} --cluster-name ${ctx.cluster} --name <pool>`,
    `then release the Workspace from the finalizer: kubectl patch workspace ${name} --namespace ${ns} --type merge --patch '{"metadata":{"finalizers":null}}'`,
    'then destroy again: azd down, or npm run destroy',
  ];
  if (!s.nodeClaimApiFound) {
    return {
      problem: `the ${NODECLAIM_API} NodeClaim API is gone (gpu-provisioner or its CRD was removed before the Workspace), so Kaito's finalizer ${WORKSPACE_FINALIZER} cannot delete the Workspace's NodeClaims and waits forever`,
      recovery: byHand,
    };
  }
  const provisionerRuns = s.provisionerPods.some(
    (p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  const nodesLeft = s.nodeClaims.length > 0 || pools.length > 0;
  if (ctx.provisioner.madeBy === 'infra-stack' && nodesLeft && !provisionerRuns) {
    return {
      problem: `gpu-provisioner does not run in namespace ${KUBERNETES_NAMES.gpuProvisioner.namespace}, so nothing deletes the GPU node pool and Kaito's finalizer ${WORKSPACE_FINALIZER} waits for it`,
      recovery: [
        `bring it back and the deletion finishes by itself: kubectl rollout restart deployment/gpu-provisioner --namespace ${KUBERNETES_NAMES.gpuProvisioner.namespace}; kubectl get pods --namespace ${KUBERNETES_NAMES.gpuProvisioner.namespace}`,
        'or, if it cannot start:',
        ...byHand,
      ],
    };
  }
  return undefined;
}

/** The cause for a Workspace being deleted: stuck (with the blocker and its recovery) or on its way. */
function deletingCause(s: Snapshot, ctx: CauseContext): Cause | undefined {
  const ws = s.workspace;
  if (!ws?.metadata.deletionTimestamp) return undefined;
  const name = ws.metadata.name;
  const blocker = deletionBlocker(s, ctx);
  const finalizers = ws.metadata.finalizers?.length ? `; finalizers: ${ws.metadata.finalizers.join(', ')}` : '';
  return {
    kind: 'deleting',
    fatal: true,
    title: blocker
      ? `the Workspace ${name} is being deleted and cannot finish: ${blocker.problem}`
      : `the Workspace ${name} is being deleted`,
    source: `Workspace ${name}`,
    detail: `deletionTimestamp ${ws.metadata.deletionTimestamp}${finalizers}`,
    fix: blocker
      ? blocker.recovery
      : ['wait until it is gone (Kaito removes its GPU node pool first, a few minutes), then re-apply kaito-stack to serve again'],
  };
}

/** Whether a pod is Running with its Ready condition True. */
function isPodReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** Pods that count: not terminating, not finished. */
function livePods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
}

/** The key of a pod in {@link Snapshot.logs}. */
export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Whether a pod has a container that crashed at least once and is down or restarting. */
export function isCrashing(pod: Pod): boolean {
  return containerStatuses(pod).some((c) => c.restartCount > 0 && (c.state?.waiting?.reason === 'CrashLoopBackOff' || !c.ready));
}

function collectCauses(s: Snapshot, o: AssessOptions): Located[] {
  const out: Located[] = [];
  const push = (step: StepKey, cause: Cause | undefined) => {
    if (cause) out.push({ step, cause });
  };
  const ws = s.workspace;
  push('workspace', deletingCause(s, o.context));
  const lag = staleGeneration(ws);
  if (ws && lag) {
    push('workspace', {
      kind: 'stale-status',
      fatal: false,
      title: `the Kaito controller has not acted on the Workspace's latest change yet (generation ${lag.generation}; its conditions are from generation ${lag.observed})`,
      source: `Workspace ${ws.metadata.name}`,
      detail: `metadata.generation ${lag.generation}, conditions' observedGeneration ${lag.observed}`,
      fix: [
        'normal for a few seconds after a change; if it persists, the Kaito controller is down or failing:',
        `kubectl logs --namespace ${KUBERNETES_NAMES.kaitoNamespace} --selector app.kubernetes.io/instance=workspace --tail 50`,
      ],
    });
  }
  for (const c of ws?.status?.conditions ?? []) {
    if (c.status === 'False' && c.message) {
      push(stepOfCondition(c.type), classify(c.message, `Workspace ${ws?.metadata.name}: ${conditionLabel(c)}`, o.context));
    }
  }
  for (const nc of s.nodeClaims) {
    for (const c of nc.status?.conditions ?? []) {
      if (c.status === 'False' && c.message) {
        push('nodeClaim', classify(c.message, `NodeClaim ${nc.metadata.name}: ${conditionLabel(c)}`, o.context));
      }
    }
  }
  for (const node of gpuNodesWithoutGpu(s, o.now)) {
    push('nodeClaim', classify(node.message, `Node ${node.name}: allocatable`, o.context));
  }
  for (const e of s.events) {
    if (e.type !== 'Warning') continue;
    const kind = e.involvedObject.kind ?? '';
    const step: StepKey = kind === 'Pod' ? 'pod' : kind === 'NodeClaim' ? 'nodeClaim' : 'resource';
    const on = [kind, e.involvedObject.name].filter(Boolean).join(' ');
    push(
      step,
      classify(reasonAndMessage(e.reason, e.message), e.reason ? `Event ${e.reason} on ${on}` : `Warning event on ${on}`, o.context),
    );
  }
  for (const pod of livePods(s.pods)) {
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.message) {
      push(
        'pod',
        classify(reasonAndMessage(scheduled.reason, scheduled.message), `inference pod ${pod.metadata?.name}: not scheduled`, o.context),
      );
    }
    for (const cause of podCauses(pod, 'inference pod', s.logs, o, s.events)) push('pod', cause);
  }
  for (const pod of livePods(s.provisionerPods)) {
    for (const cause of podCauses(pod, 'gpu-provisioner pod', s.logs, o, s.events)) push('nodeClaim', cause);
  }
  return out;
}

/**
 * The NodeClaims' nodes that are Ready but have advertised no `nvidia.com/gpu` for longer than
 * {@link GPU_PLUGIN_GRACE_MS}, each with a message the `gpu-driver` rule recognizes.
 */
function gpuNodesWithoutGpu(s: Snapshot, now: number | undefined): { name: string; message: string }[] {
  if (now === undefined) return [];
  const out: { name: string; message: string }[] = [];
  for (const name of new Set(s.nodeClaims.map((c) => c.status?.nodeName).filter((n): n is string => !!n))) {
    const node = s.nodes?.find((n) => n.metadata?.name === name);
    const ready = node?.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
    // a node object without allocatable (a partial read) says nothing about its GPU
    if (!node?.status?.allocatable || !ready?.lastTransitionTime) continue;
    const gpus = Number(node.status?.allocatable?.[GPU_RESOURCE] ?? '0');
    const readyMs = now - Date.parse(String(ready.lastTransitionTime));
    if (gpus > 0 || !(readyMs >= GPU_PLUGIN_GRACE_MS)) continue;
    out.push({
      name,
      message: `GPU node ${name} advertises no ${GPU_RESOURCE} in its allocatable ${Math.floor(readyMs / 60_000)} minutes after it turned Ready`,
    });
  }
  return out;
}

/** `reason: message`, or whichever of the two is given. */
function reasonAndMessage(reason: string | undefined, message: string | undefined): string {
  return [reason, message].filter(Boolean).join(': ');
}

/** Causes seen in a pod's containers: image pulls, and crash loops with their log or last state. */
function podCauses(pod: Pod, label: string, logs: Snapshot['logs'], o: AssessOptions, events: readonly KubeEvent[]): Cause[] {
  const out: Cause[] = [];
  const name = pod.metadata?.name ?? '';
  for (const c of containerStatuses(pod)) {
    const waiting = c.state?.waiting;
    if (waiting?.reason === 'ImagePullBackOff' || waiting?.reason === 'ErrImagePull') {
      const cause = classify(reasonAndMessage(waiting.reason, waiting.message), `${label} ${name}: container ${c.name}`, o.context);
      if (cause) out.push(cause);
    }
    if (c.restartCount === 0 || (waiting?.reason !== 'CrashLoopBackOff' && c.ready)) continue;
    const last = c.lastState?.terminated;
    const persistent = c.restartCount >= o.maxRestarts;
    const source = `${label} ${name}: container ${c.name} restarted ${c.restartCount} times`;
    const evidence = [logs[podKey(pod)], last?.message, last?.reason].filter((t): t is string => !!t).join('\n');
    const recognized = classify(evidence, source, o.context);
    const killed = recognized ? undefined : livenessKill(pod, c.name, logs[podKey(pod)], events);
    if (recognized) {
      out.push({ ...recognized, fatal: recognized.fatal && persistent });
    } else if (killed) {
      out.push({ ...livenessCause(killed, pod, c.name, o.context.instanceType), fatal: persistent, source });
    } else {
      const lastLine =
        logs[podKey(pod)]
          ?.split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '')
          .pop() ?? `exit code ${last?.exitCode ?? '?'} (${last?.reason ?? 'no reason given'})`;
      out.push({
        kind: 'crash-loop',
        fatal: persistent,
        title: `the ${label} keeps crashing`,
        source,
        detail: lastLine.length > 400 ? `${lastLine.slice(0, 397)}...` : lastLine,
        fix: [`read its log: kubectl logs --namespace ${pod.metadata?.namespace} pod/${name} --container ${c.name} --previous`],
      });
    }
  }
  return out;
}

/** What tells that the kubelet killed a container for its liveness probe. */
interface LivenessKill {
  /** The last line of the previous run's log that shows the model still loading, if any. */
  readonly loading?: string;
  /** How long the killed run lasted, milliseconds. */
  readonly ranMs?: number;
  /** How long the probe lets a silent server live: initialDelaySeconds + periodSeconds x failureThreshold, milliseconds. */
  readonly windowMs?: number;
}

/** Lines of vLLM, transformers and huggingface_hub that a model still loading or downloading writes. */
const LOADING =
  /Loading safetensors checkpoint shards|Loading checkpoint shards|Starting to load model|Loading weights|Loading model|Downloading|Fetching \d+ files/i;

/**
 * Whether a container's previous run was killed by its liveness probe: exit code 137 (SIGKILL) that
 * is not `OOMKilled`, next to a `Liveness probe failed` Warning event on the pod. A server that loads
 * its weights answers no probe, so a load longer than the probe's window ends this way, over and over.
 */
function livenessKill(pod: Pod, container: string, log: string | undefined, events: readonly KubeEvent[]): LivenessKill | undefined {
  const status = containerStatuses(pod).find((c) => c.name === container);
  const last = status?.lastState?.terminated;
  if (last?.exitCode !== 137 || last.reason === 'OOMKilled') return undefined;
  const probed = events.some(
    (e) => e.involvedObject.name === pod.metadata?.name && /Liveness probe failed/i.test(`${e.reason ?? ''} ${e.message ?? ''}`),
  );
  if (!probed) return undefined;
  const loading = (log ?? '')
    .split(/[\n\r]/)
    .map((l) => l.trim())
    .filter((l) => LOADING.test(l))
    .pop();
  const ranMs = last.startedAt && last.finishedAt ? Date.parse(last.finishedAt) - Date.parse(last.startedAt) : undefined;
  const probe = pod.spec?.containers.find((c) => c.name === container)?.livenessProbe;
  // Kubernetes' defaults: no initial delay, every 10 s, 3 failures
  const windowMs = probe
    ? ((probe.initialDelaySeconds ?? 0) + (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3)) * 1000
    : undefined;
  return { loading, ranMs: Number.isNaN(ranMs) ? undefined : ranMs, windowMs };
}

/** The cause of a container killed by its liveness probe, with the load's progress and the ways out. */
function livenessCause(k: LivenessKill, pod: Pod, container: string, instanceType: string): Omit<Cause, 'fatal' | 'source'> {
  const minutes = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  const progress = k.loading ? /(\d+)% Completed \| (\d+)\/(\d+)/.exec(k.loading) : null;
  const reached = progress ? `, and got to ${progress[1]}% (${progress[2]} of ${progress[3]} shards)` : '';
  const timing = [
    k.ranMs !== undefined ? `the killed run lasted ${minutes(k.ranMs)}${reached}` : undefined,
    k.windowMs !== undefined ? `the probe gives a silent server ${minutes(k.windowMs)}` : undefined,
  ].filter((t): t is string => !!t);
  const ns = pod.metadata?.namespace ?? '';
  const name = pod.metadata?.name ?? '';
  return {
    kind: 'liveness-probe',
    title: k.loading
      ? 'the inference pod is killed by its liveness probe before the model finished loading (not a crash: exit 137, not OOMKilled)'
      : 'the inference pod is killed by its liveness probe: the server stopped answering it (exit 137, not OOMKilled)',
    detail: k.loading ?? 'Liveness probe failed',
    fix: [
      ...(timing.length > 0 ? [`loading the weights takes longer than the probe allows: ${timing.join('; ')}`] : []),
      "Kaito's startup probe, which lets a model load before liveness counts (kaito-project/kaito PR #1796, 2026-02), is newer than the release trains this project pins (0.10.0, 0.12.0): every restart starts the load again",
      `keep waiting while a run gets further (a restart often gets through, kaito-project/kaito#1567); if none does, choose a size with faster local disk or a smaller model (KAITO_INSTANCE_TYPE, now ${instanceType}; KAITO_MODEL) and re-apply kaito-stack`,
      `see the kills: kubectl get events --namespace ${ns} --field-selector involvedObject.name=${name},reason=Unhealthy; the load: kubectl logs --namespace ${ns} pod/${name} --container ${container} --previous`,
    ],
  };
}

function workspaceStep(ws: Workspace | undefined): Step {
  if (!ws) return step('workspace', 'waiting', 'not found yet: is kaito-stack applied?');
  const what = [ws.resource?.instanceType, ws.inference?.preset?.name ? `preset ${ws.inference.preset.name}` : undefined, ws.status?.state]
    .filter((t) => !!t)
    .join(', ');
  return step('workspace', 'done', what || 'found', ws.metadata.creationTimestamp);
}

function nodeClaimStep(s: Snapshot): Step {
  const conditions = s.workspace?.status?.conditions;
  const resource = findCondition(conditions, WORKSPACE_CONDITIONS.resource);
  const claimCondition = findCondition(conditions, WORKSPACE_CONDITIONS.nodeClaim);
  const claims = s.nodeClaims.filter((n) => !n.metadata.deletionTimestamp);
  const nodes = [...(s.workspace?.status?.workerNodes ?? [])];
  if (resource?.status === 'True' || claimCondition?.status === 'True') {
    const names = nodes.length > 0 ? nodes : claims.map((c) => c.status?.nodeName).filter((n): n is string => !!n);
    return step('nodeClaim', 'done', names.length > 0 ? `node ${names.join(', ')}` : 'nodes ready', claimCondition?.lastTransitionTime);
  }
  const claim = [...claims].sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];
  if (claim) {
    const name = claim.metadata.name;
    const pending = NODECLAIM_LIFECYCLE.map(
      (t) => findCondition(claim.status?.conditions, t) ?? { type: t, status: 'Unknown' as const },
    ).find((c) => c.status !== 'True');
    if (!pending)
      return step('nodeClaim', 'done', `${name} -> node ${claim.status?.nodeName ?? '(unnamed)'}`, claim.metadata.creationTimestamp);
    const since = pending.lastTransitionTime ?? claim.metadata.creationTimestamp;
    if (pending.status === 'False') return step('nodeClaim', 'active', `${name}: ${describeCondition(pending)}`, since);
    const phase: Record<string, string> = {
      Launched: 'creating the GPU node pool',
      Registered: 'node launched, waiting for it to join the cluster',
      Initialized: 'node joined, waiting for its GPU driver and device plugin',
    };
    return step('nodeClaim', 'active', `${name}: ${phase[pending.type]}`, since);
  }
  if (!s.nodeClaimApiFound)
    return step('nodeClaim', 'waiting', 'the karpenter.sh/v1 NodeClaim API is missing: is gpu-provisioner installed?');
  if (claimCondition) return step('nodeClaim', 'active', describeCondition(claimCondition), claimCondition.lastTransitionTime);
  return step('nodeClaim', 'waiting', 'no NodeClaim yet');
}

function conditionStep(key: 'resource' | 'inference' | 'succeeded', conditions: readonly Condition[] | undefined): Step {
  const c = findCondition(conditions, WORKSPACE_CONDITIONS[key]);
  if (!c) return step(key, 'waiting', 'not reported yet');
  if (c.status === 'True') return step(key, 'done', c.message || c.reason || 'True', c.lastTransitionTime);
  return step(key, 'active', describeCondition(c), c.lastTransitionTime);
}

function podStep(pods: readonly Pod[], conditions: readonly Condition[] | undefined): Step {
  if (pods.length === 0) return step('pod', 'waiting', 'no inference pod yet');
  const allReady = pods.every(isPodReady);
  const described = pods.map(describePod).join('; ');
  const since = pods
    .map((p) => p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? p.metadata?.creationTimestamp)
    .filter((t): t is string => !!t)
    .sort()
    .pop();
  if (allReady) return step('pod', 'done', described, since);
  const inferenceTrue = findCondition(conditions, WORKSPACE_CONDITIONS.inference)?.status === 'True';
  return step('pod', 'active', inferenceTrue ? `InferenceReady is True, but ${described}` : described, since);
}

/** `ws3f2a9c1d7 Running, 0/1 ready, 4 restarts (CrashLoopBackOff)` */
function describePod(pod: Pod): string {
  const main = pod.status?.containerStatuses ?? [];
  const ready = main.filter((c) => c.ready).length;
  const total = pod.spec?.containers.length ?? main.length;
  const restarts = main.reduce((n, c) => n + c.restartCount, 0);
  const waiting = containerStatuses(pod)
    .map((c) => c.state?.waiting?.reason)
    .find((r) => !!r && r !== 'PodInitializing');
  const initRunning = (pod.status?.initContainerStatuses ?? []).find((c) => c.state?.running)?.name;
  const notes = [waiting, initRunning ? `init container ${initRunning} running` : undefined].filter((t) => !!t);
  return `${pod.metadata?.name} ${pod.status?.phase ?? 'Pending'}, ${ready}/${total} ready${restarts > 0 ? `, ${restarts} restarts` : ''}${
    notes.length > 0 ? ` (${notes.join(', ')})` : ''
  }`;
}

function containerStatuses(pod: Pod) {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

function stepOfCondition(type: string): StepKey {
  if (type === WORKSPACE_CONDITIONS.nodeClaim) return 'nodeClaim';
  if (type === WORKSPACE_CONDITIONS.inference) return 'inference';
  if (type === WORKSPACE_CONDITIONS.succeeded) return 'succeeded';
  return 'resource';
}

/** `Launched=False (LaunchFailed)`. */
function conditionLabel(c: Condition): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`;
}

/** `Launched=False (LaunchFailed): <message>`, the gist of the message on one short line. */
function describeCondition(c: Condition): string {
  const message = c.message ? gist(c.message) : '';
  const short = message.length > 160 ? `${message.slice(0, 157)}...` : message;
  return `${conditionLabel(c)}${short ? `: ${short}` : ''}`;
}

function step(key: StepKey, state: StepState, detail: string, since?: string): Step {
  return { key, label: LABELS[key], state, detail, since };
}
