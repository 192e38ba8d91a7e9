/**
 * Conditions written for an older generation of the Workspace: which generation they are from when
 * several conditions disagree or some do not say, and how `wait` shows rows while they are stale (a
 * row not done stays as it is, the Workspace row stays done: it says the Workspace exists, which the
 * snapshot itself proves).
 */
import { assess, staleGeneration } from '../../cli/conditions';
import type { Condition, Workspace } from '../../cli/kube-types';
import { causeContext } from '../../cli/wait';
import { KubeObject, scenario, snapshotOf, testTarget } from './helpers';

/** A Workspace at `generation` whose conditions were written for the generations `observed` (undefined: not said). */
function workspaceAt(generation: number | undefined, observed: (number | undefined)[]): Workspace {
  const conditions: Condition[] = observed.map((g, i) => ({
    type: ['ResourceReady', 'InferenceReady', 'WorkspaceSucceeded', 'NodeClaimReady'][i],
    status: 'True',
    ...(g === undefined ? {} : { observedGeneration: g }),
  }));
  return {
    apiVersion: 'kaito.sh/v1beta1',
    kind: 'Workspace',
    metadata: { name: 'ws', namespace: 'pets', generation },
    status: { conditions },
  };
}

describe('the generation the conditions are from', () => {
  test.each([
    ['every condition caught up', 3, [3, 3, 3], undefined],
    ['one condition behind the others: the oldest counts', 2, [2, 1, 2], { generation: 2, observed: 1 }],
    ['the oldest counts, whatever the order', 3, [1, 3, 2], { generation: 3, observed: 1 }],
    ['all behind by one', 2, [1, 1], { generation: 2, observed: 1 }],
    ['a condition that does not say is left out, the others still count', 2, [undefined, 1, 2], { generation: 2, observed: 1 }],
    ['a condition that does not say is left out, the others caught up', 2, [2, undefined], undefined],
    ['no condition says (Kaito before observedGeneration on conditions)', 2, [undefined, undefined], undefined],
    ['no conditions at all', 2, [], undefined],
    ['no generation in the metadata', undefined, [1, 1], undefined],
  ])('%s', (_, generation, observed, expected) => {
    expect(staleGeneration(workspaceAt(generation, observed))).toEqual(expected);
  });

  test('a Workspace without status, or no Workspace, is not stale', () => {
    const bare: Workspace = { apiVersion: 'kaito.sh/v1beta1', kind: 'Workspace', metadata: { name: 'ws', generation: 2 } };
    expect(staleGeneration(bare)).toBeUndefined();
    expect(staleGeneration(undefined)).toBeUndefined();
  });
});

describe('the rows while the conditions are stale', () => {
  const newer = (o: KubeObject) => (o.kind === 'Workspace' ? { ...o, metadata: { ...o.metadata, generation: 2 } } : o);

  test('rows done from the conditions turn active and say stale; a waiting row and the Workspace row stay as they are', () => {
    // the ready deployment at generation 2, its inference pod gone: the pod row has nothing to be done from
    const objects = scenario('09-ready')
      .map(newer)
      .filter((o) => !(o.kind === 'Pod' && o.metadata.namespace === 'pets'));
    const a = assess(snapshotOf(objects), { maxRestarts: 5, context: causeContext(testTarget()) });
    expect(a.verdict).toBe('progressing');
    expect(a.steps.map(({ key, state, detail }) => ({ key, state, detail }))).toEqual([
      { key: 'workspace', state: 'done', detail: 'Standard_NV36ads_A10_v5, preset falcon-7b-instruct, Ready' },
      { key: 'nodeClaim', state: 'active', detail: 'node aks-ws3f2a9c1d7-28174635-vmss000000 (stale)' },
      { key: 'resource', state: 'active', detail: 'workspace resource is ready (stale)' },
      { key: 'inference', state: 'active', detail: 'Inference has been deployed successfully (stale)' },
      { key: 'pod', state: 'waiting', detail: 'no inference pod yet' },
      { key: 'succeeded', state: 'active', detail: 'workspace succeeds (stale)' },
    ]);
  });
});
