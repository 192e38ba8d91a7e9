/**
 * Readiness of a Workspace served by several nodes (KAITO_NODE_COUNT > 1, or a model split over
 * nodes): every inference pod must be Running and Ready, and each Workspace condition must be True
 * on its own. Built from the recorded ready deployment, with its pod cloned per node.
 */
import { assess, Assessment, Snapshot } from '../../cli/conditions';
import { causeContext } from '../../cli/wait';
import { KubeObject, scenario, snapshotOf, testTarget } from './helpers';

const context = causeContext(testTarget({ KAITO_NODE_COUNT: '3' }));
const judge = (snapshot: Snapshot): Assessment => assess(snapshot, { maxRestarts: 5, context });
const stepOf = (a: Assessment, key: string) => a.steps.find((s) => s.key === key);

const READY = scenario('09-ready');
const POD = READY.find((o) => o.kind === 'Pod' && o.metadata.namespace === 'pets') as KubeObject & {
  status: { phase: string; conditions: { type: string; status: string; lastTransitionTime?: string }[] };
};

/** The recorded ready pod as the inference pod on node `i`, its Ready condition since `readySince`. */
function podOn(i: number, readySince = `2026-11-26T09:2${i}:00Z`): KubeObject {
  return {
    ...POD,
    metadata: { ...POD.metadata, name: `workspace-falcon-7b-instruct-0-${i}`, uid: `uid-${i}` },
    status: {
      ...POD.status,
      conditions: POD.status.conditions.map((c) => (c.type === 'Ready' ? { ...c, lastTransitionTime: readySince } : c)),
    },
  };
}

/** `pod` with its Ready condition set to `status` (the container statuses left as they are). */
function withReady(pod: KubeObject, status: 'True' | 'False'): KubeObject {
  const s = pod.status as typeof POD.status;
  return { ...pod, status: { ...s, conditions: s.conditions.map((c) => (c.type === 'Ready' ? { ...c, status } : c)) } };
}

/** `pod` in phase `phase`. */
function inPhase(pod: KubeObject, phase: string): KubeObject {
  return { ...pod, status: { ...(pod.status as object), phase } };
}

/** The ready deployment with `pods` as its inference pods and three worker nodes. */
function cluster(pods: KubeObject[]): KubeObject[] {
  return [
    ...READY.filter((o) => o.kind !== 'Pod' || o.metadata.namespace !== 'pets').map((o) =>
      o.kind === 'Workspace'
        ? { ...o, status: { ...(o.status as object), workerNodes: ['aks-gpu-vmss000000', 'aks-gpu-vmss000001', 'aks-gpu-vmss000002'] } }
        : o,
    ),
    ...pods,
  ];
}

/** The ready deployment with the Workspace condition `type` set to `status`. */
function withCondition(type: string, status: string): KubeObject[] {
  return cluster([podOn(0), podOn(1), podOn(2)]).map((o) =>
    o.kind === 'Workspace'
      ? {
          ...o,
          status: {
            ...(o.status as object),
            conditions: (o.status as { conditions: { type: string }[] }).conditions.map((c) => (c.type === type ? { ...c, status } : c)),
          },
        }
      : o,
  );
}

describe('readiness with several inference pods', () => {
  test('all three pods Running and Ready: ready, the pod row lists each and dates from the last to become Ready', () => {
    const a = judge(snapshotOf(cluster([podOn(0), podOn(2), podOn(1)])));
    expect(a.verdict).toBe('ready');
    const pod = stepOf(a, 'pod');
    expect(pod?.state).toBe('done');
    expect(pod?.detail).toBe([0, 2, 1].map((i) => `workspace-falcon-7b-instruct-0-${i} Running, 1/1 ready`).join('; '));
    expect(pod?.since).toBe('2026-11-26T09:22:00Z');
  });

  test.each([0, 1, 2])('pod %i of three not Ready: not ready, the pod row active and naming InferenceReady', (i) => {
    const pods = [podOn(0), podOn(1), podOn(2)].map((p, j) => (j === i ? withReady(p, 'False') : p));
    const a = judge(snapshotOf(cluster(pods)));
    expect(a.verdict).toBe('progressing');
    expect(stepOf(a, 'pod')?.state).toBe('active');
    expect(stepOf(a, 'pod')?.detail).toMatch(/^InferenceReady is True, but /);
  });

  test('a pod Ready but not Running (phase Pending) keeps the model not ready', () => {
    const a = judge(snapshotOf(cluster([podOn(0), inPhase(podOn(1), 'Pending'), podOn(2)])));
    expect(a.verdict).toBe('progressing');
    expect(stepOf(a, 'pod')?.detail).toContain('workspace-falcon-7b-instruct-0-1 Pending, 1/1 ready');
  });

  test('a pod without a Ready condition keeps the model not ready', () => {
    const noReady = { ...podOn(1), status: { ...POD.status, conditions: POD.status.conditions.filter((c) => c.type !== 'Ready') } };
    expect(judge(snapshotOf(cluster([podOn(0), noReady, podOn(2)]))).verdict).toBe('progressing');
  });

  test('finished and terminating pods do not count, either way', () => {
    const terminating = { ...withReady(podOn(3), 'False'), metadata: { ...podOn(3).metadata, deletionTimestamp: '2026-11-26T09:40:00Z' } };
    const live = [podOn(0), podOn(1)];
    for (const gone of [terminating, inPhase(withReady(podOn(4), 'False'), 'Succeeded'), inPhase(withReady(podOn(5), 'False'), 'Failed')]) {
      const a = judge(snapshotOf(cluster([...live, gone])));
      expect(a.verdict).toBe('ready');
      expect(stepOf(a, 'pod')?.detail).not.toContain(gone.metadata.name);
    }
    // and only finished pods is no pod at all
    const none = judge(snapshotOf(cluster([inPhase(podOn(4), 'Succeeded'), inPhase(podOn(5), 'Failed')])));
    expect(none.verdict).toBe('progressing');
    expect(stepOf(none, 'pod')?.detail).toBe('no inference pod yet');
  });

  test.each(['ResourceReady', 'InferenceReady', 'WorkspaceSucceeded'])('every pod Ready but %s not True: not ready', (type) => {
    for (const status of ['False', 'Unknown']) {
      const a = judge(snapshotOf(withCondition(type, status)));
      expect(a.verdict).toBe('progressing');
    }
    const missing = cluster([podOn(0), podOn(1), podOn(2)]).map((o) =>
      o.kind === 'Workspace'
        ? {
            ...o,
            status: {
              ...(o.status as object),
              conditions: (o.status as { conditions: { type: string }[] }).conditions.filter((c) => c.type !== type),
            },
          }
        : o,
    );
    expect(judge(snapshotOf(missing)).verdict).toBe('progressing');
  });

  test('the NodeClaim row names every worker node', () => {
    const a = judge(snapshotOf(cluster([podOn(0), podOn(1), podOn(2)])));
    expect(stepOf(a, 'nodeClaim')).toMatchObject({
      state: 'done',
      detail: 'node aks-gpu-vmss000000, aks-gpu-vmss000001, aks-gpu-vmss000002',
    });
  });
});
