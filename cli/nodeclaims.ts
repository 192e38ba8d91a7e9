/**
 * `kaito-aks nodeclaims-gone`: waits until no NodeClaim of the Workspace is left, so that
 * gpu-provisioner, which deletes each NodeClaim's AKS agent pool, is uninstalled only after it has
 * done so. kaito-stack's destroy runs it between the Workspace release and the two operator releases.
 *
 * Why it is needed: Kaito's finalizer asks for the Workspace's NodeClaims to be deleted and drops the
 * Workspace's finalizer without waiting for them to go (issue 26: gpu-provisioner was uninstalled
 * 2.2 s after the Workspace while its NodeClaim was still terminating, and the GPU pool outlived the
 * stack).
 *
 * Facts from upstream (read 2026-12-07 in the upstream repositories; no code copied):
 * - Kaito labels the NodeClaims it makes for a Workspace `kaito.sh/workspace=<name>` and
 *   `kaito.sh/workspacenamespace=<namespace>` (kaito-project/kaito v0.10.0
 *   `pkg/utils/nodeclaim/nodeclaim.go` lines 141-145, v0.12.0 same file lines 146-150, label names in
 *   `api/v1beta1/labels.go`), and lists them by those two labels (`ListNodeClaim`, v0.10.0 line 383,
 *   v0.12.0 line 310). The NodeClaim name is `ws` + 9 hex digits (`GenerateNodeClaimName`).
 * - gpu-provisioner names the AKS agent pool after the NodeClaim: `apName := nodeClaim.Name`
 *   (Azure/gpu-provisioner v0.4.1 and v0.4.3 `pkg/providers/instance/instance.go` line 80, name
 *   checked against `^[a-z][a-z0-9]{0,11}$` at line 50) and deletes it by that name
 *   (`pkg/cloudprovider/cloudprovider.go` line 91). So a NodeClaim left means an agent pool left.
 */
import type { Config } from '../config';
import { formatDuration } from './duration';
import { EXIT, ExitCode } from './exit-codes';
import { KAITO_LABELS, KubeList, NODECLAIM_API, NodeClaim } from './kube-types';
import { KubeApiError, KubeClient, statusError } from './kube';
import { explainApiFailure, formatApiFailure } from './network';
import { clock, Screen } from './progress';
import { credentialsCommands, Target } from './target';

/** The path of the cluster-scoped NodeClaim list. */
export const NODECLAIMS_PATH = `/apis/${NODECLAIM_API}/nodeclaims`;

/**
 * The default of `--timeout`. An AKS agent-pool delete (cordon, drain, delete the VM scale set) is an
 * Azure long-running operation of several minutes for one GPU node; 20 minutes is more than twice that,
 * yet ends well before a destroy would be given up by hand, and stays under Helm's 30-minute wait.
 */
export const DEFAULT_NODECLAIMS_TIMEOUT_MS = 20 * 60_000;

/** The default of `--interval`. */
export const DEFAULT_NODECLAIMS_INTERVAL_MS = 10_000;

/** Failed reads in a row after which the cluster counts as unreachable: about a minute at 10 s. */
export const MAX_READ_FAILURES = 6;

/** A progress line is printed at least this often while nothing changes. */
const HEARTBEAT_MS = 60_000;

/** The AKS agent pool gpu-provisioner made for a NodeClaim: the NodeClaim's own name (see the file comment). */
export function agentPoolOf(claim: NodeClaim): string {
  return claim.metadata.name;
}

/** The command that deletes an agent pool by hand, with the names from the configuration. */
export function nodepoolDeleteCommand(config: Config, pool: string): string {
  return `az aks nodepool delete --resource-group ${config.names.resourceGroup} --cluster-name ${config.names.cluster} --name ${pool}`;
}

/** Who a NodeClaim belongs to, from Kaito's labels; undefined for a NodeClaim Kaito did not make for a Workspace. */
export function ownerOf(claim: NodeClaim): { workspace: string; namespace: string } | undefined {
  const workspace = claim.metadata.labels?.[KAITO_LABELS.workspace];
  if (workspace === undefined) return undefined;
  return { workspace, namespace: claim.metadata.labels?.[KAITO_LABELS.workspaceNamespace] ?? '' };
}

/**
 * Reads the Workspace's NodeClaims; undefined when the API server does not serve the NodeClaim API
 * (no gpu-provisioner CRD: nothing can be left).
 * @throws KubeApiError when the list cannot be read.
 */
export async function workspaceNodeClaims(kube: KubeClient, target: Target, timeoutMs?: number): Promise<NodeClaim[] | undefined> {
  const selector = `${KAITO_LABELS.workspace}=${target.workspace},${KAITO_LABELS.workspaceNamespace}=${target.namespace}`;
  const res = await kube.request('GET', NODECLAIMS_PATH, { query: { labelSelector: selector }, timeoutMs });
  if (res.status === 404) return undefined;
  if (res.status < 200 || res.status > 299) throw statusError('GET', NODECLAIMS_PATH, res);
  return [...((res.json as KubeList<NodeClaim>).items ?? [])];
}

/** One NodeClaim as the progress line names it: name, pool, and how long it has been deleted. */
export function describeClaim(claim: NodeClaim, now: number): string {
  const since = claim.metadata.deletionTimestamp;
  const state = since ? `deleting for ${formatDuration(now - Date.parse(since))}` : 'not being deleted';
  return `${claim.metadata.name} (agent pool ${agentPoolOf(claim)}, ${state})`;
}

/** Options of `nodeclaims-gone`. */
export interface NodeClaimsGoneOptions {
  /** Give up after this long, milliseconds (exit 2). */
  readonly timeoutMs: number;
  /** Time between two reads, milliseconds. */
  readonly intervalMs: number;
  /**
   * When the cluster cannot be read: `fail` (exit 1, the default) or `continue` (exit 0 with a warning,
   * for a cluster already deleted, whose node pools went with it).
   */
  readonly onUnreachable?: 'fail' | 'continue';
}

/** What the command needs from its surroundings; the tests pass a fake clock. */
export interface NodeClaimsRuntime {
  readonly screen: Screen;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Waits until no NodeClaim of the Workspace is left. Exit 0 when none is (or the NodeClaim API is
 * absent), 2 on timeout with the agent pools and the commands that delete them, 1 when the cluster
 * cannot be read (see README, "Tearing down": a destroy that cannot see its NodeClaims must not go on
 * and uninstall what deletes them).
 */
export async function runNodeClaimsGone(
  kube: KubeClient,
  target: Target,
  options: NodeClaimsGoneOptions,
  rt: NodeClaimsRuntime,
): Promise<ExitCode> {
  const start = rt.now();
  const elapsed = () => rt.now() - start;
  const what = `Workspace ${target.workspace} in ${target.namespace}`;
  let left: NodeClaim[] = [];
  let failures = 0;
  let lastLine = '';
  let lastPrintAt = -Infinity;
  rt.screen.write(`Waiting until no NodeClaim of ${what} is left (timeout ${formatDuration(options.timeoutMs)})\n`);
  for (;;) {
    try {
      const requestTimeoutMs = Math.max(1000, Math.min(30_000, options.timeoutMs - elapsed()));
      const claims = await workspaceNodeClaims(kube, target, requestTimeoutMs);
      failures = 0;
      if (claims === undefined) {
        rt.screen.write(`✔ the API server does not serve ${NODECLAIM_API} NodeClaims: no NodeClaim can be left, nothing to wait for\n`);
        return EXIT.OK;
      }
      if (claims.length === 0) {
        rt.screen.write(
          `✔ no NodeClaim of ${what} is left after ${formatDuration(elapsed())}: gpu-provisioner has deleted its GPU node pools\n`,
        );
        return EXIT.OK;
      }
      left = claims;
      const line = `${claims.length} NodeClaim${claims.length === 1 ? '' : 's'} left: ${claims.map((c) => describeClaim(c, rt.now())).join(', ')}`;
      // Stryker disable next-line ConditionalExpression: the heartbeat only repeats a line
      if (line.replace(/for \S+/g, '') !== lastLine || elapsed() - lastPrintAt >= HEARTBEAT_MS) {
        rt.screen.write(`[${clock(elapsed())}] ${line}\n`);
        lastLine = line.replace(/for \S+/g, '');
        lastPrintAt = elapsed();
      }
    } catch (err) {
      if (!(err instanceof KubeApiError)) throw err;
      failures += 1;
      const failure = explainApiFailure(err, kube.connection.server, credentialsCommands(target.config));
      // the time is up with the last read failed: what is left is unknown, so it is the unreachable case
      const timeUp = elapsed() >= options.timeoutMs;
      if (!failure.transient || failures >= MAX_READ_FAILURES || timeUp) {
        if (options.onUnreachable === 'continue') {
          rt.screen.write(`! cannot read the NodeClaims (${failure.title}); going on as KAITO_AKS_NODECLAIMS_UNREACHABLE=continue asks\n`);
          return EXIT.OK;
        }
        rt.screen.write(unreachableReport(target, left, failure.title) + formatApiFailure(failure));
        return EXIT.FAILURE;
      }
      rt.screen.write(`[${clock(elapsed())}] cannot read the NodeClaims (${failures} of ${MAX_READ_FAILURES}): ${failure.title}\n`);
    }
    if (elapsed() >= options.timeoutMs) {
      rt.screen.write(timeoutReport(target, left, elapsed(), rt.now()));
      return EXIT.TIMEOUT;
    }
    await rt.sleep(Math.min(options.intervalMs, start + options.timeoutMs - rt.now()));
  }
}

/** The recovery for NodeClaims whose agent pools may outlive the stack: one delete command per pool. */
export function recoveryLines(config: Config, claims: readonly NodeClaim[]): string[] {
  const pools = [...new Set(claims.map(agentPoolOf))];
  return [
    `  agent pool${pools.length === 1 ? '' : 's'} left in cluster ${config.names.cluster}: ${pools.join(', ')}`,
    '  while gpu-provisioner still runs, deleting the NodeClaim deletes its pool:',
    ...claims.map((c) => `    kubectl delete nodeclaim ${c.metadata.name}`),
    '  once gpu-provisioner is gone, delete the pool with the Azure CLI (it stops the billing):',
    ...pools.map((p) => `    ${nodepoolDeleteCommand(config, p)}`),
  ];
}

function timeoutReport(target: Target, left: readonly NodeClaim[], ms: number, now: number): string {
  const ns = target.config.kaito.install === 'helm' ? 'gpu-provisioner' : 'kube-system';
  return [
    `✖ timed out after ${formatDuration(ms)}: ${left.length} NodeClaim${left.length === 1 ? '' : 's'} of Workspace ${target.workspace} still left; its GPU node pool would outlive the stack and keep billing`,
    ...left.map((c) => `  ${describeClaim(c, now)}`),
    ...recoveryLines(target.config, left),
    '  look closer:',
    `    kubectl get nodeclaims --selector ${KAITO_LABELS.workspace}=${target.workspace} --output yaml`,
    `    kubectl logs --namespace ${ns} deployment/gpu-provisioner --tail 50`,
    '  then run the destroy again; or wait longer with --timeout 40m',
    '',
  ].join('\n');
}

function unreachableReport(target: Target, left: readonly NodeClaim[], title: string): string {
  const { config } = target;
  return [
    `✖ cannot tell whether the NodeClaims of Workspace ${target.workspace} are gone: ${title}`,
    '  the destroy stops here so that gpu-provisioner, which deletes the GPU node pools, is not uninstalled before them',
    ...(left.length > 0 ? recoveryLines(config, left) : []),
    `  if the cluster is already deleted, its node pools went with it: run the destroy again with KAITO_AKS_NODECLAIMS_UNREACHABLE=continue`,
    `  list the GPU pools left: az aks nodepool list --resource-group ${config.names.resourceGroup} --cluster-name ${config.names.cluster} --query "[?mode=='User'].name" --output tsv`,
    '',
  ].join('\n');
}

/** A NodeClaim that does not belong to the Workspace this stack deploys. */
export interface LeftOver {
  readonly claim: NodeClaim;
  /** The Workspace its labels name. */
  readonly workspace: string;
  /** That Workspace's namespace. */
  readonly namespace: string;
  /** Whether that Workspace still exists (another Workspace) or not (left over from an earlier one). */
  readonly workspaceExists: boolean;
}

/**
 * The NodeClaims Kaito made for a Workspace other than the target's, or for the target's name when no
 * such Workspace exists: nothing in kaito-stack's destroy deletes them, so their agent pools would
 * keep billing once gpu-provisioner is gone. Empty when the NodeClaim API is not served.
 * @throws KubeApiError when the NodeClaims or a Workspace cannot be read.
 */
export async function leftOverNodeClaims(kube: KubeClient, target: Target): Promise<LeftOver[]> {
  const res = await kube.request('GET', NODECLAIMS_PATH);
  if (res.status === 404) return [];
  if (res.status < 200 || res.status > 299) throw statusError('GET', NODECLAIMS_PATH, res);
  const owned = ((res.json as KubeList<NodeClaim>).items ?? []).flatMap((claim) => {
    const owner = ownerOf(claim);
    return owner ? [{ claim, ...owner }] : [];
  });
  const exists = new Map<string, Promise<boolean>>();
  const existsOf = (ns: string, name: string) => {
    const key = `${ns}/${name}`;
    if (!exists.has(key)) {
      const path = `/apis/${target.workspaceApiVersion}/namespaces/${ns}/workspaces/${name}`;
      exists.set(
        key,
        kube.getOptional(path).then((ws) => ws !== undefined),
      );
    }
    return exists.get(key)!;
  };
  const checked = await Promise.all(
    owned.map(async (o) => ({ ...o, workspaceExists: o.namespace !== '' && (await existsOf(o.namespace, o.workspace)) })),
  );
  const isTarget = (o: LeftOver) => o.workspace === target.workspace && o.namespace === target.namespace;
  return checked.filter((o) => !isTarget(o) || !o.workspaceExists);
}

/** The report of left-over NodeClaims: each with its pool and owner, then the recovery. */
export function formatLeftOvers(config: Config, left: readonly LeftOver[], now: number): string {
  const lines = left.map(
    (o) =>
      `  ${describeClaim(o.claim, now)}: labelled for Workspace ${o.workspace} in ${o.namespace || '(no namespace label)'}, ${
        o.workspaceExists ? 'another Workspace, which this destroy does not delete' : 'which no longer exists'
      }`,
  );
  return [
    `✖ destroy-check: ${left.length} NodeClaim${left.length === 1 ? '' : 's'} left over from another or an earlier Workspace; nothing in kaito-stack's destroy deletes ${left.length === 1 ? 'it' : 'them'}, and once gpu-provisioner is gone ${left.length === 1 ? 'its GPU node pool keeps' : 'their GPU node pools keep'} billing:`,
    ...lines,
    ...recoveryLines(
      config,
      left.map((o) => o.claim),
    ),
    '',
  ].join('\n');
}
