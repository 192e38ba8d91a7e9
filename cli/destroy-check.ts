/**
 * `kaito-aks destroy-check`: run before `cdktf destroy kaito-stack` (npm run destroy, azd's predown
 * hook). Destroying kaito-stack uninstalls the Workspace release, and Helm then waits up to 30 minutes
 * for Kaito's finalizer, which deletes the GPU node pool through gpu-provisioner. When that finalizer
 * cannot finish (the NodeClaim API is gone, gpu-provisioner does not run), the wait ends in a timeout
 * with nothing deleted while the GPU node keeps billing. This check sees it first and stops at once
 * with the cause and the recovery. It blocks only on what it saw: a cluster it cannot read, or no
 * Workspace, lets the destroy go on.
 */
import { deletionBlocker } from './conditions';
import { EXIT, ExitCode } from './exit-codes';
import { KubeApiError, KubeClient } from './kube';
import type { KubeList, Pod } from './kube-types';
import { formatLeftOvers, LeftOver, leftOverNodeClaims } from './nodeclaims';
import type { Screen } from './progress';
import { takeSnapshot } from './snapshot';
import type { Target } from './target';
import { causeContext } from './wait';

/**
 * Runs the check; exit 0 when the destroy may go on, 1 when it would hang or leave a GPU node pool
 * billing (a NodeClaim left over from another or an earlier Workspace).
 */
export async function runDestroyCheck(kube: KubeClient, target: Target, screen: Screen, now = Date.now()): Promise<ExitCode> {
  const code = await checkWorkspace(kube, target, screen);
  let left: LeftOver[];
  try {
    left = await leftOverNodeClaims(kube, target);
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    return code;
  }
  if (left.length === 0) return code;
  screen.write(formatLeftOvers(target.config, left, now));
  return EXIT.FAILURE;
}

/** The check of the Workspace itself: can Kaito's finalizer delete it. */
async function checkWorkspace(kube: KubeClient, target: Target, screen: Screen): Promise<ExitCode> {
  let snapshot;
  try {
    snapshot = await takeSnapshot(kube, target, new Map());
    if (target.provisionerNamespace) {
      // read for sure: a missing list must not pass for a gpu-provisioner that does not run
      const pods = await kube.get<KubeList<Pod>>(`/api/v1/namespaces/${target.provisionerNamespace}/pods`);
      snapshot = { ...snapshot, provisionerPods: pods.items };
    }
  } catch (err) {
    if (!(err instanceof KubeApiError)) throw err;
    screen.write(`! destroy-check could not read the cluster (${err.message}); the destroy goes on without it\n`);
    return EXIT.OK;
  }
  const ws = snapshot.workspace;
  if (!ws) {
    screen.write(`✔ destroy-check: no Workspace ${target.workspace} in ${target.namespace}; nothing holds the destroy\n`);
    return EXIT.OK;
  }
  const blocker = deletionBlocker(snapshot, causeContext(target));
  if (!blocker) {
    screen.write(
      `✔ destroy-check: Workspace ${ws.metadata.name} can be deleted${ws.metadata.deletionTimestamp ? ' (its deletion is under way)' : ''}; Kaito removes its GPU node pool first\n`,
    );
    return EXIT.OK;
  }
  screen.write(
    [
      `✖ destroy-check: destroying kaito-stack now would wait 30 minutes and fail, with the GPU node still billing:`,
      `  Workspace ${ws.metadata.name} in ${target.namespace}${ws.metadata.deletionTimestamp ? ` (being deleted since ${ws.metadata.deletionTimestamp})` : ''}: ${blocker.problem}`,
      ...blocker.recovery.map((r, i) => `  ${i === 0 ? 'recovery' : '        '}  ${r}`),
      '',
    ].join('\n'),
  );
  return EXIT.FAILURE;
}
