/**
 * `destroy-check` reports NodeClaims left over from another or an earlier Workspace: nothing in
 * kaito-stack's destroy deletes them, so their GPU agent pools would keep billing once gpu-provisioner
 * is gone. Each is named with its pool, its owner and the commands that delete it.
 */
import { runDestroyCheck } from '../../cli/destroy-check';
import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import type { FakeApi } from './fake-api';
import { KubeObject, memoryScreen, readyCluster, startFakeApi, testTarget } from './helpers';

const NOW = Date.parse('2026-11-26T10:00:00Z');
let api: FakeApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/** A NodeClaim Kaito made for Workspace `workspace` in `namespace`, named `name` (its agent pool). */
function nodeClaim(name: string, workspace: string, namespace = 'pets'): KubeObject {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name,
      labels: { 'kaito.sh/workspace': workspace, 'kaito.sh/workspacenamespace': namespace, 'karpenter.sh/nodepool': 'kaito' },
    },
  };
}

async function check(objects: KubeObject[]) {
  api = await startFakeApi(objects);
  const screen = memoryScreen();
  const code = await runDestroyCheck(new KubeClient(api.connection()), testTarget(), screen, NOW);
  return { code, text: screen.text() };
}

describe('destroy-check: NodeClaims left over from another or an earlier Workspace', () => {
  const { names } = testTarget().config;

  test('a NodeClaim of a Workspace that no longer exists: exit 1, its pool and the commands that delete it', async () => {
    const { code, text } = await check([...readyCluster(), nodeClaim('ws0a1b2c3d4', 'workspace-phi-3-mini-4k-instruct')]);
    expect(code).toBe(EXIT.FAILURE);
    // the Workspace itself is fine
    expect(text).toContain('✔ destroy-check: Workspace workspace-falcon-7b-instruct can be deleted');
    expect(text).toContain('✖ destroy-check: 1 NodeClaim left over from another or an earlier Workspace');
    expect(text).toContain(
      'ws0a1b2c3d4 (agent pool ws0a1b2c3d4, not being deleted): labelled for Workspace workspace-phi-3-mini-4k-instruct in pets, which no longer exists',
    );
    expect(text).toContain('kubectl delete nodeclaim ws0a1b2c3d4');
    expect(text).toContain(
      `az aks nodepool delete --resource-group ${names.resourceGroup} --cluster-name ${names.cluster} --name ws0a1b2c3d4`,
    );
    // the current Workspace's own NodeClaim is not reported
    expect(text).not.toContain('ws3f2a9c1d7 (agent pool');
  });

  test('a NodeClaim of another Workspace that exists is reported as such', async () => {
    const other: KubeObject = {
      apiVersion: 'kaito.sh/v1beta1',
      kind: 'Workspace',
      metadata: { name: 'mine', namespace: 'lab' },
    };
    const { code, text } = await check([...readyCluster(), other, nodeClaim('ws99aa00bb1', 'mine', 'lab')]);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('labelled for Workspace mine in lab, another Workspace, which this destroy does not delete');
  });

  test("NodeClaims labelled with the target's name when no such Workspace exists are left over too", async () => {
    const claim = readyCluster().find((o) => o.kind === 'NodeClaim')!;
    const { code, text } = await check([claim]);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('no Workspace workspace-falcon-7b-instruct in pets');
    expect(text).toContain(
      'ws3f2a9c1d7 (agent pool ws3f2a9c1d7, not being deleted): labelled for Workspace workspace-falcon-7b-instruct in pets, which no longer exists',
    );
  });

  test('NodeClaims Kaito did not make, and a cluster without the NodeClaim API, are no concern', async () => {
    const foreign: KubeObject = { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'default-x7k2p', labels: {} } };
    expect((await check([...readyCluster(), foreign])).code).toBe(EXIT.OK);
    await api?.stop();
    api = await startFakeApi(readyCluster());
    api.state.nodeClaimApi = false;
    const screen = memoryScreen();
    // the stuck-deletion check stops it (no NodeClaim API), but no left-over is claimed
    await runDestroyCheck(new KubeClient(api.connection()), testTarget(), screen, NOW);
    expect(screen.text()).not.toContain('left over');
  });
});
