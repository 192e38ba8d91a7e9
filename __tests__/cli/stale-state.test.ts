/**
 * Object states in which the Workspace's conditions are stale win over those conditions: a Workspace
 * being deleted is never Ready, whatever its conditions say, and its cause names what holds the
 * deletion (the finalizer, a missing API, a provisioner that does not run) with a recovery that works;
 * conditions written for an older generation are not trusted. And on the destroy path, `destroy-check`
 * stops at once on a deletion that cannot finish. The field case: `fixtures/day2/stale/workspace-terminating.yaml`.
 */
import { assess, deletionBlocker, gpuNodePools, Snapshot, staleGeneration } from '../../cli/conditions';
import { runDestroyCheck } from '../../cli/destroy-check';
import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import type { Workspace } from '../../cli/kube-types';
import { runStatus } from '../../cli/status';
import { runWait } from '../../cli/wait';
import { causeContext } from '../../cli/wait';
import type { FakeApi } from './fake-api';
import { fakeClock, KubeObject, memoryScreen, readDocs, readyCluster, scenario, snapshotOf, startFakeApi, testTarget } from './helpers';

const context = causeContext(testTarget());
const judge = (s: Snapshot) => assess(s, { maxRestarts: 5, context });
const terminating = () => readDocs('stale', 'workspace-terminating.yaml')[0];
const DELETING = '2026-11-26T10:00:00Z';

/** The ready cluster of scenario 09 with its Workspace changed by `edit`. */
function readyWith(edit: (ws: KubeObject) => KubeObject): KubeObject[] {
  return scenario('09-ready').map((o) => (o.kind === 'Workspace' ? edit(o) : o));
}
const deleting = (ws: KubeObject) => ({ ...ws, metadata: { ...ws.metadata, deletionTimestamp: DELETING } });
/** Scenario 09 with the field case's Workspace: all conditions True, being deleted, finalizer on. */
const fieldCase = () => [...scenario('09-ready').filter((o) => o.kind !== 'Workspace' && o.kind !== 'NodeClaim'), terminating()];

describe('a Workspace being deleted is never Ready', () => {
  test('the field case: the karpenter.sh/v1 API is gone, no NodeClaims left: failed, the finalizer and the missing API named', () => {
    const a = judge({ ...snapshotOf(fieldCase()), nodeClaimApiFound: false });
    expect(a.verdict).toBe('failed');
    expect(a.cause?.kind).toBe('deleting');
    expect(a.cause?.title).toContain('is being deleted and cannot finish');
    expect(a.cause?.title).toContain('karpenter.sh/v1 NodeClaim API is gone');
    expect(a.cause?.title).toContain('workspace.finalizer.kaito.sh');
    expect(a.cause?.detail).toBe('deletionTimestamp 2026-11-26T10:00:00Z; finalizers: workspace.finalizer.kaito.sh');
    expect(a.cause?.fix).toEqual([
      'delete the GPU node pool by hand: az aks nodepool delete --resource-group rg-kaito --cluster-name aks-kaito --name ws0a1b2c3d4',
      `then release the Workspace from the finalizer: kubectl patch workspace workspace-falcon-7b-instruct --namespace pets --type merge --patch '{"metadata":{"finalizers":null}}'`,
      'then destroy again: azd down, or npm run destroy',
    ]);
    // no row may say done from conditions the deletion made stale
    expect(a.steps.filter((s) => s.state === 'done').map((s) => s.key)).toEqual([]);
  });

  test('NodeClaims left and gpu-provisioner not running: failed, with the restart that lets the finalizer finish', () => {
    const objects = readyWith(deleting).filter((o) => !(o.kind === 'Pod' && o.metadata.namespace === 'gpu-provisioner'));
    const a = judge(snapshotOf(objects));
    expect(a.verdict).toBe('failed');
    expect(a.cause?.title).toContain('gpu-provisioner does not run in namespace gpu-provisioner');
    expect(a.cause?.fix[0]).toContain('kubectl rollout restart deployment/gpu-provisioner --namespace gpu-provisioner');
    expect(a.cause?.fix.join('\n')).toContain(
      'az aks nodepool delete --resource-group rg-kaito --cluster-name aks-kaito --name ws3f2a9c1d7',
    );
  });

  test('a deletion on its way (API served, gpu-provisioner runs): not Ready, and told to wait', () => {
    const a = judge(snapshotOf(readyWith(deleting)));
    expect(a.verdict).toBe('failed');
    expect(a.cause?.title).toBe('the Workspace workspace-falcon-7b-instruct is being deleted');
    expect(a.cause?.fix[0]).toMatch(/^wait until it is gone/);
  });

  test('the same objects without the deletion are Ready: the deletion alone decides', () => {
    expect(judge(snapshotOf(scenario('09-ready'))).verdict).toBe('ready');
  });

  test('a finalizer other than Kaito is not blamed on gpu-provisioner', () => {
    const other = (ws: KubeObject) => ({ ...deleting(ws), metadata: { ...deleting(ws).metadata, finalizers: ['example.com/backup'] } });
    const s = { ...snapshotOf(readyWith(other)), nodeClaimApiFound: false };
    expect(deletionBlocker(s, context)).toBeUndefined();
    expect(judge(s).verdict).toBe('failed');
  });

  test('the GPU node pools come from the worker node names', () => {
    expect(gpuNodePools(terminating() as unknown as Workspace)).toEqual(['ws0a1b2c3d4']);
    expect(gpuNodePools(undefined)).toEqual([]);
  });
});

describe('conditions older than the latest change are not trusted', () => {
  const newer = (ws: KubeObject) => ({ ...ws, metadata: { ...ws.metadata, generation: 2 } });

  test('generation 2, conditions from generation 1: not ready, a non-fatal stale-status cause, no row done from them', () => {
    const a = judge(snapshotOf(readyWith(newer)));
    expect(a.verdict).toBe('progressing');
    expect(a.cause).toMatchObject({ kind: 'stale-status', fatal: false });
    expect(a.cause?.title).toBe(
      "the Kaito controller has not acted on the Workspace's latest change yet (generation 2; its conditions are from generation 1)",
    );
    expect(a.steps.find((s) => s.key === 'resource')).toMatchObject({ state: 'active' });
    expect(a.steps.find((s) => s.key === 'resource')?.detail).toMatch(/\(stale\)$/);
  });

  test('caught up: generation equal to observedGeneration is trusted', () => {
    expect(staleGeneration(scenario('09-ready').find((o) => o.kind === 'Workspace') as unknown as Workspace)).toBeUndefined();
    expect(staleGeneration(newer(scenario('09-ready').find((o) => o.kind === 'Workspace')!) as unknown as Workspace)).toEqual({
      generation: 2,
      observed: 1,
    });
  });
});

describe('against the fake API server', () => {
  let api: FakeApi;
  afterEach(() => api.stop());

  test('status prints the stuck deletion, not Ready; exit 0 as for any readable cluster', async () => {
    api = await startFakeApi([...fieldCase(), ...readDocs('app', 'objects.yaml')]);
    api.state.nodeClaimApi = false;
    const screen = memoryScreen();
    const code = await runStatus(new KubeClient(api.connection()), testTarget(), screen);
    expect(code).toBe(EXIT.OK);
    expect(screen.text()).not.toContain(': Ready');
    expect(screen.text()).toContain(
      'Workspace     workspace-falcon-7b-instruct in pets: the Workspace workspace-falcon-7b-instruct is being deleted and cannot finish',
    );
    expect(screen.text()).toContain('kubectl patch workspace workspace-falcon-7b-instruct');
  });

  test('wait stops at the first read with exit 1 and the recovery', async () => {
    api = await startFakeApi(fieldCase());
    api.state.nodeClaimApi = false;
    const screen = memoryScreen();
    const clock = fakeClock();
    const code = await runWait(
      new KubeClient(api.connection()),
      testTarget(),
      { timeoutMs: 30 * 60_000, intervalMs: 5000, maxRestarts: 5 },
      { screen, ...clock },
    );
    expect(code).toBe(EXIT.FAILURE);
    expect(clock.slept).toEqual([]);
    expect(screen.text()).toContain('az aks nodepool delete --resource-group rg-kaito --cluster-name aks-kaito --name ws0a1b2c3d4');
  });

  test('destroy-check: a stuck deletion stops the destroy at once with the recovery (exit 1)', async () => {
    api = await startFakeApi(fieldCase());
    api.state.nodeClaimApi = false;
    const screen = memoryScreen();
    expect(await runDestroyCheck(new KubeClient(api.connection()), testTarget(), screen)).toBe(EXIT.FAILURE);
    expect(screen.text()).toContain('✖ destroy-check: destroying kaito-stack now would wait 30 minutes and fail');
    expect(screen.text()).toContain('karpenter.sh/v1 NodeClaim API is gone');
    expect(screen.text()).toContain('recovery  delete the GPU node pool by hand');
  });

  test('destroy-check: before any deletion, gpu-provisioner gone with a GPU node left also stops it', async () => {
    api = await startFakeApi(readyCluster().filter((o) => !(o.kind === 'Pod' && o.metadata.namespace === 'gpu-provisioner')));
    const screen = memoryScreen();
    expect(await runDestroyCheck(new KubeClient(api.connection()), testTarget(), screen)).toBe(EXIT.FAILURE);
    expect(screen.text()).toContain('gpu-provisioner does not run');
  });

  test('destroy-check: a healthy cluster, no Workspace, or an unreadable cluster let the destroy go on (exit 0)', async () => {
    api = await startFakeApi(readyCluster());
    const ok = memoryScreen();
    expect(await runDestroyCheck(new KubeClient(api.connection()), testTarget(), ok)).toBe(EXIT.OK);
    expect(ok.text()).toContain('✔ destroy-check: Workspace workspace-falcon-7b-instruct can be deleted');
    api.state.objects = [];
    const none = memoryScreen();
    expect(await runDestroyCheck(new KubeClient(api.connection()), testTarget(), none)).toBe(EXIT.OK);
    expect(none.text()).toContain('no Workspace workspace-falcon-7b-instruct in pets');
    const denied = memoryScreen();
    expect(await runDestroyCheck(new KubeClient(api.connection('wrong')), testTarget(), denied)).toBe(EXIT.OK);
    expect(denied.text()).toContain('could not read the cluster');
  });
});
