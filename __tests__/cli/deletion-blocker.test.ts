/**
 * What holds a Workspace's deletion, and the recovery the CLI prints for it: the GPU node pools read
 * from the worker node names, whose finalizer counts, when gpu-provisioner counts as running, when
 * nodes are left for it to delete, and the `deleting` cause `wait` and `status` report, word for word.
 */
import { assess, deletionBlocker, gpuNodePools, Snapshot } from '../../cli/conditions';
import type { NodeClaim, Pod, Workspace } from '../../cli/kube-types';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const helm = causeContext(testTarget());
const addon = causeContext(testTarget({ KAITO_INSTALL: 'aks-addon' }));
const KAITO = 'workspace.finalizer.kaito.sh';
const DELETING = '2026-11-26T10:00:00Z';

/** The node AKS names for pool `pool`. */
const node = (pool: string, n = 0) => `aks-${pool}-28174635-vmss00000${n}`;

interface WorkspaceShape {
  readonly namespace?: string;
  readonly finalizers?: readonly string[];
  readonly workerNodes?: readonly string[];
  readonly deletionTimestamp?: string;
}

/** A Workspace named `ws`; `finalizers` and `workerNodes` left out of the object when not given. */
function workspace({ namespace = 'pets', finalizers, workerNodes, deletionTimestamp }: WorkspaceShape = {}): Workspace {
  return {
    apiVersion: 'kaito.sh/v1beta1',
    kind: 'Workspace',
    metadata: {
      name: 'ws',
      ...(namespace === '' ? {} : { namespace }),
      ...(finalizers ? { finalizers } : {}),
      ...(deletionTimestamp ? { deletionTimestamp } : {}),
    },
    status: workerNodes ? { workerNodes } : {},
  };
}

const nodeClaim = (name: string): NodeClaim => ({ apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name } });

/** A gpu-provisioner pod in `phase` with these conditions (`Type=Status`); no status at all when phase is undefined. */
function provisionerPod(phase?: 'Running' | 'Pending', ...conditions: string[]): Pod {
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gpu-provisioner-6b9f8c7d4-x7k2p', namespace: 'gpu-provisioner' } };
  if (phase === undefined) return pod;
  return {
    ...pod,
    status: {
      phase,
      ...(conditions.length > 0
        ? {
            conditions: conditions.map((c) => {
              const [type, status] = c.split('=');
              return { type, status };
            }),
          }
        : {}),
    },
  };
}

const RUNNING = provisionerPod('Running', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True');

function snapshot(
  ws: Workspace | undefined,
  {
    nodeClaims = 0,
    provisionerPods = [RUNNING],
    apiFound = true,
  }: { nodeClaims?: number; provisionerPods?: Pod[]; apiFound?: boolean } = {},
): Snapshot {
  return {
    workspace: ws,
    nodeClaims: Array.from({ length: nodeClaims }, (_, i) => nodeClaim(`ws3f2a9c1d${i}`)),
    nodeClaimApiFound: apiFound,
    pods: [],
    events: [],
    provisionerPods,
    logs: {},
  };
}

const RELEASE = `then release the Workspace from the finalizer: kubectl patch workspace ws --namespace pets --type merge --patch '{"metadata":{"finalizers":null}}'`;
const DESTROY = 'then destroy again: azd down, or npm run destroy';
const API_GONE = `the karpenter.sh/v1 NodeClaim API is gone (gpu-provisioner or its CRD was removed before the Workspace), so Kaito's finalizer ${KAITO} cannot delete the Workspace's NodeClaims and waits forever`;
const NOT_RUNNING = `gpu-provisioner does not run in namespace gpu-provisioner, so nothing deletes the GPU node pool and Kaito's finalizer ${KAITO} waits for it`;
const RESTART =
  'bring it back and the deletion finishes by itself: kubectl rollout restart deployment/gpu-provisioner --namespace gpu-provisioner; kubectl get pods --namespace gpu-provisioner';
const deletePool = (pool: string) => `az aks nodepool delete --resource-group rg-kaito --cluster-name aks-kaito --name ${pool}`;
const FIND_POOL =
  `delete the Workspace's GPU node pool by hand, if any: az aks nodepool list --resource-group rg-kaito --cluster-name aks-kaito --query "[?mode=='User'].name" --output tsv, ` +
  'then az aks nodepool delete --resource-group rg-kaito --cluster-name aks-kaito --name <pool>';

describe('the GPU node pools of a Workspace, from its worker node names', () => {
  test.each([
    ['one node', [node('ws3f2a9c1d7')], ['ws3f2a9c1d7']],
    ['two nodes of one pool: the pool once', [node('ws3f2a9c1d7', 0), node('ws3f2a9c1d7', 1)], ['ws3f2a9c1d7']],
    ['two pools, in the order of their nodes', [node('wsb'), node('wsa'), node('wsb', 1)], ['wsb', 'wsa']],
    ['a node not named by AKS is not a pool', ['k3d-aks-gpu-agent-0', 'gpu-node-1'], []],
    ['an AKS-looking name must start with aks-', ['xaks-ws3f2a9c1d7-1-vmss000000', node('wsa')], ['wsa']],
    ['no worker nodes', [], []],
  ])('%s', (_, workerNodes, pools) => {
    expect(gpuNodePools(workspace({ workerNodes }))).toEqual(pools);
  });

  test('no workerNodes in the status, no status, no Workspace: no pool', () => {
    expect(gpuNodePools(workspace())).toEqual([]);
    expect(gpuNodePools({ apiVersion: 'kaito.sh/v1beta1', kind: 'Workspace', metadata: { name: 'ws' } })).toEqual([]);
    expect(gpuNodePools(undefined)).toEqual([]);
  });
});

describe('the NodeClaim API is gone', () => {
  test('one GPU node pool: deleted by name, then the finalizer released, then destroy again', () => {
    const s = snapshot(workspace({ finalizers: [KAITO], workerNodes: [node('ws0a1b2c3d4')] }), { apiFound: false });
    expect(deletionBlocker(s, helm)).toEqual({
      problem: API_GONE,
      recovery: [`delete the GPU node pool by hand: ${deletePool('ws0a1b2c3d4')}`, RELEASE, DESTROY],
    });
  });

  test('two GPU node pools: one delete command each, separated by "; "', () => {
    const s = snapshot(workspace({ finalizers: [KAITO], workerNodes: [node('wsa'), node('wsb')] }), { apiFound: false });
    expect(deletionBlocker(s, helm)?.recovery[0]).toBe(`delete the GPU node pool by hand: ${deletePool('wsa')}; ${deletePool('wsb')}`);
  });

  test('no worker node known: how to find the pool, then how to delete it', () => {
    const s = snapshot(workspace({ finalizers: [KAITO] }), { apiFound: false });
    expect(deletionBlocker(s, helm)).toEqual({ problem: API_GONE, recovery: [FIND_POOL, RELEASE, DESTROY] });
  });

  test.each([
    ["Kaito's finalizer alone", 'blocked', [KAITO]],
    ["Kaito's among others", 'blocked', ['example.com/backup', KAITO]],
    ['no finalizers listed in the metadata (Kaito may still add one)', 'blocked', undefined],
    ['an empty finalizer list: nothing holds it', 'not blocked', []],
    ['only a finalizer other than Kaito', 'not blocked', ['example.com/backup']],
  ])('%s: %s', (_, verdict, finalizers) => {
    const blocked = verdict === 'blocked';
    const s = snapshot(workspace({ finalizers, workerNodes: [node('wsa')] }), { apiFound: false });
    expect(deletionBlocker(s, helm)).toEqual(
      blocked ? { problem: API_GONE, recovery: [`delete the GPU node pool by hand: ${deletePool('wsa')}`, RELEASE, DESTROY] } : undefined,
    );
  });

  test('a Workspace whose metadata has no namespace (never from the API server): the patch command leaves it empty', () => {
    const s = snapshot(workspace({ namespace: '', finalizers: [KAITO], workerNodes: [node('wsa')] }), { apiFound: false });
    expect(deletionBlocker(s, helm)?.recovery[1]).toBe(
      `then release the Workspace from the finalizer: kubectl patch workspace ws --namespace  --type merge --patch '{"metadata":{"finalizers":null}}'`,
    );
  });

  test('no Workspace: nothing to block', () => {
    expect(deletionBlocker(snapshot(undefined, { apiFound: false }), helm)).toBeUndefined();
  });
});

describe('gpu-provisioner does not run (Helm install), with nodes left to delete', () => {
  const held = (workerNodes?: string[]) => workspace({ finalizers: [KAITO], workerNodes });

  test('the blocker: restart it, or else the recovery by hand', () => {
    const s = snapshot(held([node('wsa')]), { nodeClaims: 1, provisionerPods: [] });
    expect(deletionBlocker(s, helm)).toEqual({
      problem: NOT_RUNNING,
      recovery: [RESTART, 'or, if it cannot start:', `delete the GPU node pool by hand: ${deletePool('wsa')}`, RELEASE, DESTROY],
    });
  });

  test.each([
    ['no pod', 'blocked', []],
    ['Running and Ready (its other conditions True too)', 'not blocked', [RUNNING]],
    ['Running and Ready, Ready its only condition', 'not blocked', [provisionerPod('Running', 'Ready=True')]],
    ['Running, Ready False, another condition True', 'blocked', [provisionerPod('Running', 'PodScheduled=True', 'Ready=False')]],
    ['Running, Ready False alone', 'blocked', [provisionerPod('Running', 'Ready=False')]],
    ['Running, no Ready condition', 'blocked', [provisionerPod('Running', 'PodScheduled=True', 'Initialized=True')]],
    ['Running, no conditions', 'blocked', [provisionerPod('Running')]],
    ['Ready but Pending', 'blocked', [provisionerPod('Pending', 'Ready=True')]],
    ['a pod without status', 'blocked', [provisionerPod()]],
    ['one pod down, another Running and Ready', 'not blocked', [provisionerPod('Pending', 'Ready=False'), RUNNING]],
  ])('gpu-provisioner pods: %s: %s', (_, verdict, provisionerPods) => {
    const blocked = verdict === 'blocked';
    const s = snapshot(held([node('wsa')]), { nodeClaims: 1, provisionerPods });
    expect(deletionBlocker(s, helm)?.problem).toBe(blocked ? NOT_RUNNING : undefined);
  });

  test.each([
    ['no NodeClaim, no worker node: nothing left for it to delete', 'not blocked', 0, []],
    ['a NodeClaim, no worker node', 'blocked', 1, []],
    ['two NodeClaims, no worker node', 'blocked', 2, []],
    ['no NodeClaim, a worker node', 'blocked', 0, [node('wsa')]],
    ['a NodeClaim and its worker node', 'blocked', 1, [node('wsa')]],
  ])('%s: %s', (_, verdict, nodeClaims, workerNodes) => {
    const blocked = verdict === 'blocked';
    const s = snapshot(held(workerNodes), { nodeClaims, provisionerPods: [] });
    expect(deletionBlocker(s, helm)?.problem).toBe(blocked ? NOT_RUNNING : undefined);
  });

  test('with the AKS add-on, gpu-provisioner runs where the CLI cannot see it: not blamed', () => {
    for (const workerNodes of [[node('wsa')], []]) {
      const s = snapshot(held(workerNodes), { nodeClaims: 1, provisionerPods: [] });
      expect(deletionBlocker(s, addon)).toBeUndefined();
    }
  });
});

describe('the cause of a Workspace being deleted', () => {
  const judge = (s: Snapshot) => assess(s, { maxRestarts: 5, context: helm });

  test('on its way: the whole cause, with its finalizers listed', () => {
    const s = snapshot(workspace({ finalizers: ['example.com/backup', KAITO], deletionTimestamp: DELETING }));
    expect(judge(s).cause).toEqual({
      kind: 'deleting',
      fatal: true,
      title: 'the Workspace ws is being deleted',
      source: 'Workspace ws',
      detail: `deletionTimestamp ${DELETING}; finalizers: example.com/backup, ${KAITO}`,
      fix: ['wait until it is gone (Kaito removes its GPU node pool first, a few minutes), then re-apply kaito-stack to serve again'],
    });
  });

  test.each([
    ['no finalizers listed', undefined],
    ['an empty finalizer list', []],
  ])('%s: the detail is the deletion time alone', (_, finalizers) => {
    const a = judge(snapshot(workspace({ finalizers, deletionTimestamp: DELETING })));
    expect(a.cause).toMatchObject({ kind: 'deleting', source: 'Workspace ws', detail: `deletionTimestamp ${DELETING}` });
  });

  test('stuck: the blocker in the title, its recovery as the fix', () => {
    const s = snapshot(workspace({ finalizers: [KAITO], workerNodes: [node('wsa')], deletionTimestamp: DELETING }), { apiFound: false });
    expect(judge(s).cause).toEqual({
      kind: 'deleting',
      fatal: true,
      title: `the Workspace ws is being deleted and cannot finish: ${API_GONE}`,
      source: 'Workspace ws',
      detail: `deletionTimestamp ${DELETING}; finalizers: ${KAITO}`,
      fix: [`delete the GPU node pool by hand: ${deletePool('wsa')}`, RELEASE, DESTROY],
    });
  });
});
