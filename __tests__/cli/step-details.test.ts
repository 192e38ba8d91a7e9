/**
 * The rows of the `wait` and `status` progress table, one by one: what each row says (state, detail,
 * since) for each kind of input, on small hand-made API objects rather than the recorded scenarios,
 * so that every branch of the row logic is pinned by an explicit assertion.
 */
import { assess, Snapshot, Step, StepKey } from '../../cli/conditions';
import type { Condition, NodeClaim, Pod, Workspace } from '../../cli/kube-types';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const context = causeContext(testTarget());

const CREATED = '2026-11-26T09:14:02Z';
const QUOTA = 'Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.';

/** A Workspace named `ws` in `pets`, created at {@link CREATED}, with `over` on top. */
function workspace(over: Partial<Workspace> = {}): Workspace {
  return {
    apiVersion: 'kaito.sh/v1beta1',
    kind: 'Workspace',
    metadata: { name: 'ws', namespace: 'pets', creationTimestamp: CREATED },
    ...over,
  };
}

/** A Workspace with these conditions (and worker nodes, when given). */
function workspaceWith(conditions: Condition[], workerNodes?: string[]): Workspace {
  return workspace({ status: { conditions, ...(workerNodes ? { workerNodes } : {}) } });
}

/** A NodeClaim. */
function claim(name: string, status?: NodeClaim['status'], metadata: Partial<NodeClaim['metadata']> = {}): NodeClaim {
  return { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name, ...metadata }, ...(status ? { status } : {}) };
}

/** The three lifecycle conditions of a NodeClaim, the ones given overriding `True`. */
function lifecycle(over: Partial<Record<'Launched' | 'Registered' | 'Initialized', Partial<Condition>>> = {}): Condition[] {
  return (['Launched', 'Registered', 'Initialized'] as const).map((type) => ({ type, status: 'True', ...over[type] }));
}

/** A pod of the Workspace in `pets`. */
function pod(name: string, status?: Pod['status'], over: Partial<Pod> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'pets' }, ...(status ? { status } : {}), ...over };
}

function snapshot(over: Partial<Snapshot>): Snapshot {
  return {
    workspace: workspace(),
    nodeClaims: [],
    nodeClaimApiFound: true,
    pods: [],
    events: [],
    provisionerPods: [],
    logs: {},
    ...over,
  };
}

const assessed = (s: Partial<Snapshot>) => assess(snapshot(s), { maxRestarts: 5, context });
const row = (key: StepKey, s: Partial<Snapshot>): Step | undefined => assessed(s).steps.find((r) => r.key === key);

describe('the Workspace row', () => {
  test.each<[string, Workspace | undefined, Step]>([
    [
      'no Workspace yet: waiting, with the likely reason',
      undefined,
      { key: 'workspace', label: 'Workspace', state: 'waiting', detail: 'not found yet: is kaito-stack applied?', since: undefined },
    ],
    [
      'a Workspace with nothing to show: found',
      workspace(),
      { key: 'workspace', label: 'Workspace', state: 'done', detail: 'found', since: CREATED },
    ],
    [
      'a Workspace with an instance type, a preset and a state names all three',
      workspace({
        resource: { instanceType: 'Standard_NC24ads_A100_v4' },
        inference: { preset: { name: 'phi-3-mini-4k-instruct' } },
        status: { state: 'Pending' },
      }),
      {
        key: 'workspace',
        label: 'Workspace',
        state: 'done',
        detail: 'Standard_NC24ads_A100_v4, preset phi-3-mini-4k-instruct, Pending',
        since: CREATED,
      },
    ],
    [
      'a Workspace without a resource names its preset only',
      workspace({ inference: { preset: { name: 'falcon-7b-instruct' } } }),
      { key: 'workspace', label: 'Workspace', state: 'done', detail: 'preset falcon-7b-instruct', since: CREATED },
    ],
    [
      'a Workspace with an inference section but no preset names its instance type only',
      workspace({ resource: { instanceType: 'Standard_NV36ads_A10_v5' }, inference: {} }),
      { key: 'workspace', label: 'Workspace', state: 'done', detail: 'Standard_NV36ads_A10_v5', since: CREATED },
    ],
  ])('%s', (_, ws, expected) => {
    expect(row('workspace', { workspace: ws })).toEqual(expected);
  });
});

describe('the NodeClaim row once the nodes are ready', () => {
  const resourceReady: Condition = { type: 'ResourceReady', status: 'True', lastTransitionTime: '2026-11-26T09:19:00Z' };
  const claimReady: Condition = { type: 'NodeClaimReady', status: 'True', lastTransitionTime: '2026-11-26T09:18:30Z' };
  const claimNotReady: Condition = { type: 'NodeClaimReady', status: 'False', reason: 'NodeClaimNotReady' };
  const done = (detail: string, since?: string): Step => ({ key: 'nodeClaim', label: 'NodeClaim', state: 'done', detail, since });

  test.each<[string, Condition[], string[] | undefined, NodeClaim[], Step]>([
    [
      'ResourceReady True: the worker nodes of the Workspace, dated by NodeClaimReady',
      [resourceReady, claimReady],
      ['aks-ws1-1-vmss000000', 'aks-ws1-1-vmss000001'],
      [claim('ws1', { nodeName: 'not-this-one' })],
      done('node aks-ws1-1-vmss000000, aks-ws1-1-vmss000001', '2026-11-26T09:18:30Z'),
    ],
    [
      'ResourceReady True alone is enough, and without NodeClaimReady there is no date',
      [resourceReady],
      ['aks-ws1-1-vmss000000'],
      [],
      done('node aks-ws1-1-vmss000000'),
    ],
    [
      'NodeClaimReady True alone is enough, even with ResourceReady False',
      [{ type: 'ResourceReady', status: 'False', reason: 'Pending' }, claimReady],
      ['aks-ws1-1-vmss000000'],
      [],
      done('node aks-ws1-1-vmss000000', '2026-11-26T09:18:30Z'),
    ],
    [
      'without worker nodes in the status: the nodes of the live NodeClaims that have one',
      [resourceReady, claimReady],
      undefined,
      [
        claim('ws1', { nodeName: 'aks-ws1-1-vmss000000' }),
        claim('ws2'),
        claim('ws3', { conditions: [] }),
        claim('ws4', { nodeName: 'aks-ws4-1-vmss000000' }),
        claim('ws5', { nodeName: 'aks-ws5-1-vmss000000' }, { deletionTimestamp: '2026-11-26T09:30:00Z' }),
      ],
      done('node aks-ws1-1-vmss000000, aks-ws4-1-vmss000000', '2026-11-26T09:18:30Z'),
    ],
    [
      'an empty worker node list also falls back to the NodeClaims',
      [resourceReady, claimReady],
      [],
      [claim('ws1', { nodeName: 'aks-ws1-1-vmss000000' })],
      done('node aks-ws1-1-vmss000000', '2026-11-26T09:18:30Z'),
    ],
    [
      'no node known anywhere: nodes ready',
      [resourceReady, claimReady],
      undefined,
      [claim('ws1'), claim('ws2', { conditions: lifecycle() })],
      done('nodes ready', '2026-11-26T09:18:30Z'),
    ],
    ['no node known and no NodeClaim at all: nodes ready', [resourceReady], undefined, [], done('nodes ready')],
  ])('%s', (_, conditions, workerNodes, nodeClaims, expected) => {
    expect(row('nodeClaim', { workspace: workspaceWith(conditions, workerNodes), nodeClaims })).toEqual(expected);
  });

  test('neither condition True: the row follows the NodeClaim, not the worker nodes', () => {
    const ws = workspaceWith([{ type: 'ResourceReady', status: 'Unknown' }, claimNotReady], ['aks-old-1-vmss000000']);
    expect(row('nodeClaim', { workspace: ws, nodeClaims: [] })).toEqual({
      key: 'nodeClaim',
      label: 'NodeClaim',
      state: 'active',
      detail: 'NodeClaimReady=False (NodeClaimNotReady)',
      since: undefined,
    });
  });
});

describe('the NodeClaim row while a NodeClaim comes up', () => {
  const active = (detail: string, since?: string): Step => ({ key: 'nodeClaim', label: 'NodeClaim', state: 'active', detail, since });
  const at = (minute: number) => `2026-11-26T09:${minute}:00Z`;

  test.each<[string, NodeClaim[], Step]>([
    [
      'no condition yet: creating the GPU node pool, since the NodeClaim was created',
      [claim('ws1', undefined, { creationTimestamp: at(15) })],
      active('ws1: creating the GPU node pool', at(15)),
    ],
    [
      'Launched Unknown: creating the GPU node pool, since the condition changed',
      [
        claim(
          'ws1',
          { conditions: lifecycle({ Launched: { status: 'Unknown', lastTransitionTime: at(16) } }) },
          { creationTimestamp: at(15) },
        ),
      ],
      active('ws1: creating the GPU node pool', at(16)),
    ],
    [
      'Registered missing: waiting for the node to join, since the NodeClaim was created',
      [claim('ws1', { conditions: lifecycle().filter((c) => c.type !== 'Registered') }, { creationTimestamp: at(15) })],
      active('ws1: node launched, waiting for it to join the cluster', at(15)),
    ],
    [
      'Initialized Unknown: waiting for the GPU driver and device plugin',
      [
        claim(
          'ws1',
          { conditions: lifecycle({ Initialized: { status: 'Unknown', lastTransitionTime: at(18) } }) },
          { creationTimestamp: at(15) },
        ),
      ],
      active('ws1: node joined, waiting for its GPU driver and device plugin', at(18)),
    ],
    [
      'a lifecycle condition False: its label, reason and message',
      [
        claim(
          'ws1',
          {
            conditions: lifecycle({
              Registered: { status: 'False', reason: 'RegistrationFailed', message: 'node  did not\nregister', lastTransitionTime: at(17) },
            }),
          },
          { creationTimestamp: at(15) },
        ),
      ],
      active('ws1: Registered=False (RegistrationFailed): node did not', at(17)),
    ],
    [
      'a lifecycle condition False without reason or message: its label only',
      [claim('ws1', { conditions: lifecycle({ Launched: { status: 'False' } }) })],
      active('ws1: Launched=False', undefined),
    ],
    [
      'several NodeClaims: the newest, wherever it is listed',
      [
        claim('old', undefined, { creationTimestamp: at(15) }),
        claim('new', { conditions: lifecycle({ Initialized: { status: 'Unknown' } }) }, { creationTimestamp: at(20) }),
        claim('older', undefined, { creationTimestamp: at(10) }),
      ],
      active('new: node joined, waiting for its GPU driver and device plugin', at(20)),
    ],
    [
      'several NodeClaims, the newest first in the list',
      [
        claim('new', { conditions: lifecycle({ Initialized: { status: 'Unknown' } }) }, { creationTimestamp: at(20) }),
        claim('old', undefined, { creationTimestamp: at(15) }),
      ],
      active('new: node joined, waiting for its GPU driver and device plugin', at(20)),
    ],
    [
      'a NodeClaim without a creation time counts as older than a dated one (listed first)',
      [claim('undated'), claim('dated', undefined, { creationTimestamp: at(15) })],
      active('dated: creating the GPU node pool', at(15)),
    ],
    [
      'a NodeClaim without a creation time counts as older than a dated one (listed last)',
      [claim('dated', undefined, { creationTimestamp: at(15) }), claim('undated')],
      active('dated: creating the GPU node pool', at(15)),
    ],
    [
      'a NodeClaim being deleted is passed over, even when newer',
      [
        claim('old', undefined, { creationTimestamp: at(15) }),
        claim('gone', undefined, { creationTimestamp: at(20), deletionTimestamp: at(25) }),
      ],
      active('old: creating the GPU node pool', at(15)),
    ],
  ])('%s', (_, nodeClaims, expected) => {
    expect(row('nodeClaim', { nodeClaims })).toEqual(expected);
  });

  test.each<[string, NodeClaim, string]>([
    [
      'every lifecycle condition True: done, naming its node',
      claim('ws1', { nodeName: 'aks-ws1-1-vmss000000', conditions: lifecycle() }),
      'ws1 -> node aks-ws1-1-vmss000000',
    ],
    ['every lifecycle condition True but no node name yet', claim('ws1', { conditions: lifecycle() }), 'ws1 -> node (unnamed)'],
  ])('%s', (_, nodeClaim, detail) => {
    const dated = { ...nodeClaim, metadata: { ...nodeClaim.metadata, creationTimestamp: at(15) } };
    expect(row('nodeClaim', { nodeClaims: [dated] })).toEqual({
      key: 'nodeClaim',
      label: 'NodeClaim',
      state: 'done',
      detail,
      since: at(15),
    });
  });
});

describe('the NodeClaim row before any NodeClaim', () => {
  test.each<[string, Partial<Snapshot>, Step]>([
    [
      'no NodeClaim API: waiting, asking whether gpu-provisioner is installed',
      { nodeClaimApiFound: false, workspace: workspaceWith([{ type: 'NodeClaimReady', status: 'Unknown' }]) },
      {
        key: 'nodeClaim',
        label: 'NodeClaim',
        state: 'waiting',
        detail: 'the karpenter.sh/v1 NodeClaim API is missing: is gpu-provisioner installed?',
        since: undefined,
      },
    ],
    [
      'NodeClaimReady reported: active, with the condition',
      {
        workspace: workspaceWith([
          {
            type: 'NodeClaimReady',
            status: 'Unknown',
            reason: 'CreateNodeClaimPending',
            message: 'creating 1 nodeClaims',
            lastTransitionTime: '2026-11-26T09:14:05Z',
          },
        ]),
      },
      {
        key: 'nodeClaim',
        label: 'NodeClaim',
        state: 'active',
        detail: 'NodeClaimReady=Unknown (CreateNodeClaimPending): creating 1 nodeClaims',
        since: '2026-11-26T09:14:05Z',
      },
    ],
    [
      'nothing reported: waiting for a NodeClaim',
      {},
      { key: 'nodeClaim', label: 'NodeClaim', state: 'waiting', detail: 'no NodeClaim yet', since: undefined },
    ],
    [
      'only a NodeClaim being deleted: waiting for a NodeClaim',
      { nodeClaims: [claim('gone', undefined, { creationTimestamp: '2026-11-26T09:15:00Z', deletionTimestamp: '2026-11-26T09:16:00Z' })] },
      { key: 'nodeClaim', label: 'NodeClaim', state: 'waiting', detail: 'no NodeClaim yet', since: undefined },
    ],
  ])('%s', (_, s, expected) => {
    expect(row('nodeClaim', s)).toEqual(expected);
  });
});

describe('the rows of the Workspace conditions', () => {
  const since = '2026-11-26T09:20:00Z';
  test.each<[string, Condition | undefined, Pick<Step, 'state' | 'detail' | 'since'>]>([
    ['not reported: waiting', undefined, { state: 'waiting', detail: 'not reported yet', since: undefined }],
    [
      'True with a message: done, with the message',
      { type: '', status: 'True', reason: 'Ready', message: 'all replicas ready', lastTransitionTime: since },
      { state: 'done', detail: 'all replicas ready', since },
    ],
    [
      'True with a reason only: done, with the reason',
      { type: '', status: 'True', reason: 'Ready', lastTransitionTime: since },
      { state: 'done', detail: 'Ready', since },
    ],
    [
      'True with an empty message: done, with the reason',
      { type: '', status: 'True', reason: 'Ready', message: '', lastTransitionTime: since },
      { state: 'done', detail: 'Ready', since },
    ],
    ['True with neither: done, True', { type: '', status: 'True' }, { state: 'done', detail: 'True', since: undefined }],
    [
      'Unknown: active, with label, reason and message',
      { type: '', status: 'Unknown', reason: 'Pending', message: 'waiting for the model', lastTransitionTime: since },
      { state: 'active', detail: '=Unknown (Pending): waiting for the model', since },
    ],
    [
      'False with a message no rule knows: active, not failed',
      { type: '', status: 'False', reason: 'Failed', message: 'something odd', lastTransitionTime: since },
      { state: 'active', detail: '=False (Failed): something odd', since },
    ],
    [
      'False without reason or message: the label only',
      { type: '', status: 'False' },
      { state: 'active', detail: '=False', since: undefined },
    ],
  ])('%s', (_, condition, expected) => {
    const rows: [StepKey, string, string][] = [
      ['resource', 'ResourceReady', 'ResourceReady'],
      ['inference', 'InferenceReady', 'InferenceReady'],
      ['succeeded', 'WorkspaceSucceeded', 'WorkspaceSucceeded'],
    ];
    for (const [key, type, label] of rows) {
      const conditions = condition ? [{ ...condition, type }] : [];
      const detail = expected.state === 'active' ? `${type}${expected.detail}` : expected.detail;
      expect(row(key, { workspace: workspaceWith(conditions) })).toEqual({ key, label, ...expected, detail });
    }
  });

  test('a long message is cut to 157 characters and an ellipsis; 160 characters still fit', () => {
    const of = (message: string) =>
      row('resource', { workspace: workspaceWith([{ type: 'ResourceReady', status: 'Unknown', reason: 'Pending', message }]) })?.detail;
    const fits = 'a'.repeat(150) + ' 123456789';
    expect(fits).toHaveLength(160);
    expect(of(fits)).toBe(`ResourceReady=Unknown (Pending): ${fits}`);
    const long = 'b'.repeat(157) + 'xyzw';
    expect(of(long)).toBe(`ResourceReady=Unknown (Pending): ${'b'.repeat(157)}...`);
  });
});

describe('the row a fatal Workspace condition fails', () => {
  test.each<[string, StepKey]>([
    ['NodeClaimReady', 'nodeClaim'],
    ['ResourceReady', 'resource'],
    ['InferenceReady', 'inference'],
    ['WorkspaceSucceeded', 'succeeded'],
    ['SomeFutureCondition', 'resource'],
  ])('%s False with a quota message fails the %s row, and only that one', (type, key) => {
    const a = assessed({ workspace: workspaceWith([{ type, status: 'False', reason: 'Failed', message: QUOTA }]) });
    expect(a.verdict).toBe('failed');
    expect(a.cause?.source).toBe(`Workspace ws: ${type}=False (Failed)`);
    expect(a.steps.filter((s) => s.state === 'failed').map((s) => s.key)).toEqual([key]);
  });
});

describe('the inference pod row', () => {
  const running = { running: { startedAt: '2026-11-26T09:20:00Z' } };
  const container = (name: string, over: object = {}) => ({ name, image: 'vllm', imageID: '', ready: false, restartCount: 0, ...over });
  const readyAt = (t: string) => [{ type: 'Ready', status: 'True', lastTransitionTime: t }];

  test.each<[string, Pod[], Pick<Step, 'state' | 'detail' | 'since'>]>([
    [
      'a pod without status: Pending, nothing ready, dated by its creation',
      [pod('p', undefined, { metadata: { name: 'p', namespace: 'pets', creationTimestamp: '2026-11-26T09:19:00Z' } })],
      { state: 'active', detail: 'p Pending, 0/0 ready', since: '2026-11-26T09:19:00Z' },
    ],
    [
      'a pod with an empty status and a spec: counts the containers of the spec',
      [pod('p', {}, { spec: { containers: [{ name: 'model' }, { name: 'proxy' }] } })],
      { state: 'active', detail: 'p Pending, 0/2 ready', since: undefined },
    ],
    [
      'a pod with conditions but no Ready one: dated by its creation',
      [
        pod(
          'p',
          { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-11-26T09:19:30Z' }] },
          { metadata: { name: 'p', namespace: 'pets', creationTimestamp: '2026-11-26T09:19:00Z' } },
        ),
      ],
      { state: 'active', detail: 'p Pending, 0/0 ready', since: '2026-11-26T09:19:00Z' },
    ],
    [
      'the last time any pod became Ready, undated pods aside',
      [
        pod('a', {
          phase: 'Running',
          conditions: readyAt('2026-11-26T09:22:00Z'),
          containerStatuses: [container('m', { ready: true, state: running })],
        }),
        pod('b', { phase: 'Running' }),
        pod('c', {
          phase: 'Running',
          conditions: readyAt('2026-11-26T09:21:00Z'),
          containerStatuses: [container('m', { ready: true, state: running })],
        }),
      ],
      { state: 'active', detail: 'a Running, 1/1 ready; b Running, 0/0 ready; c Running, 1/1 ready', since: '2026-11-26T09:22:00Z' },
    ],
    [
      'restarts are summed over the containers, and the first waiting reason is shown',
      [
        pod('p', {
          phase: 'Running',
          containerStatuses: [
            container('proxy', { ready: true, restartCount: 1, state: running }),
            container('model', { restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }),
            container('logger', { state: { waiting: { reason: 'ContainerCreating' } } }),
          ],
        }),
      ],
      { state: 'active', detail: 'p Running, 1/3 ready, 3 restarts (CrashLoopBackOff)', since: undefined },
    ],
    [
      'a container status without state says nothing',
      [pod('p', { phase: 'Pending', containerStatuses: [container('model')] })],
      { state: 'active', detail: 'p Pending, 0/1 ready', since: undefined },
    ],
    [
      'the main container waiting on an init container: the init container that runs, not PodInitializing',
      [
        pod('p', {
          phase: 'Pending',
          initContainerStatuses: [
            container('done', { state: { terminated: { exitCode: 0 } } }),
            container('downloader', { state: running }),
          ],
          containerStatuses: [container('model', { state: { waiting: { reason: 'PodInitializing' } } })],
        }),
      ],
      { state: 'active', detail: 'p Pending, 0/1 ready (init container downloader running)', since: undefined },
    ],
    [
      'a sidecar init container running beside a crash-looping model: both notes',
      [
        pod('p', {
          phase: 'Running',
          initContainerStatuses: [container('proxy', { ready: true, state: running })],
          containerStatuses: [container('model', { restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } })],
        }),
      ],
      { state: 'active', detail: 'p Running, 0/1 ready, 1 restarts (CrashLoopBackOff, init container proxy running)', since: undefined },
    ],
    [
      'an init container status without state says nothing',
      [pod('p', { phase: 'Pending', initContainerStatuses: [container('downloader')], containerStatuses: [container('model')] })],
      { state: 'active', detail: 'p Pending, 0/1 ready', since: undefined },
    ],
  ])('%s', (_, pods, expected) => {
    const a = assessed({ pods });
    expect(a.steps.find((s) => s.key === 'pod')).toEqual({ key: 'pod', label: 'Inference pod', ...expected });
    // none of these is a cause of its own: no pull failure, and too few restarts to call a crash loop fatal
    expect(a.cause?.fatal ?? false).toBe(false);
  });

  test('a pending pod without container statuses is no crash loop', () => {
    const a = assessed({ pods: [pod('p', { phase: 'Pending' })] });
    expect(a.cause).toBeUndefined();
    expect(a.verdict).toBe('progressing');
  });
});
