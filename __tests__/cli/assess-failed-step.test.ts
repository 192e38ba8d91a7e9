/**
 * Which row `wait` marks failed when several causes are seen at once, and the log key of a pod
 * whose metadata is incomplete: the two gaps mutation testing found in cli/conditions.ts.
 */
import { assess, podKey } from '../../cli/conditions';
import { causeContext } from '../../cli/wait';
import { scenario, snapshotOf, testTarget } from './helpers';

test('the row of the reported cause fails, not the row of the first cause seen', () => {
  // the quota failure (NodeClaim row), and a less telling cause collected before it: the first Workspace condition
  const objects = scenario('03-quota-exceeded').map((o) => {
    if (o.kind !== 'Workspace') return o;
    const status = o.status as { conditions?: object[] };
    const unschedulable = {
      type: 'InferenceReady',
      status: 'False',
      reason: 'WorkspaceInferenceStatusPending',
      message: '0/2 nodes are available: 1 Insufficient nvidia.com/gpu',
      lastTransitionTime: '2026-11-26T09:15:00Z',
    };
    return { ...o, status: { ...status, conditions: [unschedulable, ...(status.conditions ?? [])] } };
  });
  const a = assess(snapshotOf(objects), { maxRestarts: 5, context: causeContext(testTarget()) });
  expect(a.verdict).toBe('failed');
  expect(a.cause?.kind).toBe('quota');
  expect(a.steps.filter((s) => s.state === 'failed').map((s) => s.key)).toEqual(['nodeClaim']);
});

test('the log key of a pod without namespace or name keeps the slash and leaves the part empty', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod' } as const;
  expect(podKey(pod)).toBe('/');
  expect(podKey({ ...pod, metadata: { name: 'p' } })).toBe('/p');
  expect(podKey({ ...pod, metadata: { namespace: 'ns' } })).toBe('ns/');
});
