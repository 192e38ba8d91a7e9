/**
 * `nodeclaims-gone`: the destroy waits until every NodeClaim of the Workspace is gone before the
 * operators are removed; a progress line names what is left; a timeout names the agent pools and the
 * `az aks nodepool delete` for each; an absent NodeClaim API is nothing to wait for.
 */
import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import { agentPoolOf, NodeClaimsGoneOptions, runNodeClaimsGone } from '../../cli/nodeclaims';
import type { NodeClaim } from '../../cli/kube-types';
import type { FakeApi } from './fake-api';
import { fakeClock, KubeObject, memoryScreen, scenario, startFakeApi, testTarget } from './helpers';

const OPTIONS: NodeClaimsGoneOptions = { timeoutMs: 20 * 60_000, intervalMs: 10_000 };
const START = Date.parse('2026-11-26T09:14:10Z');
let api: FakeApi;

/** The recorded NodeClaim of 09-ready, deleted `secondsAgo` before the fake clock's start. */
function claim(secondsAgo?: number, labels?: Record<string, string>): KubeObject {
  const recorded = scenario('09-ready').find((o) => o.kind === 'NodeClaim')!;
  return {
    ...recorded,
    metadata: {
      ...recorded.metadata,
      ...(labels ? { labels } : {}),
      ...(secondsAgo === undefined ? {} : { deletionTimestamp: new Date(START - secondsAgo * 1000).toISOString().replace('.000', '') }),
    },
  };
}

beforeEach(async () => {
  api = await startFakeApi([claim(5)]);
});
afterEach(() => api.stop());

/** Runs the command; `rounds[i]` is what the cluster holds after the i-th sleep. */
async function gone(rounds: KubeObject[][], options: Partial<NodeClaimsGoneOptions> = {}, kube = new KubeClient(api.connection())) {
  const screen = memoryScreen();
  const clock = fakeClock(START);
  let slept = 0;
  const rt = {
    screen,
    now: clock.now,
    sleep: async (ms: number) => {
      await clock.sleep(ms);
      if (slept < rounds.length) api.state.objects = rounds[slept];
      slept += 1;
    },
  };
  const code = await runNodeClaimsGone(kube, testTarget(), { ...OPTIONS, ...options }, rt);
  return { code, text: screen.text(), slept: clock.slept };
}

describe('nodeclaims-gone', () => {
  test('waits while the NodeClaim terminates, naming it, its pool and how long; exit 0 once it is gone', async () => {
    const { code, text } = await gone([[claim(5)], []]);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('Waiting until no NodeClaim of Workspace workspace-falcon-7b-instruct in pets is left (timeout 20m00s)');
    expect(text).toContain('[00:00] 1 NodeClaim left: ws3f2a9c1d7 (agent pool ws3f2a9c1d7, deleting for 5s)');
    expect(text).toContain('✔ no NodeClaim of Workspace workspace-falcon-7b-instruct in pets is left after 20s');
    // the same set is not printed again on every round
    expect(text.match(/NodeClaim left/g)).toHaveLength(1);
  });

  test('asks only for the NodeClaims labelled with the Workspace and its namespace', async () => {
    await gone([[]]);
    expect(api.seen.find((s) => s.path === '/apis/karpenter.sh/v1/nodeclaims')?.query.toString()).toBe(
      'labelSelector=kaito.sh%2Fworkspace%3Dworkspace-falcon-7b-instruct%2Ckaito.sh%2Fworkspacenamespace%3Dpets',
    );
  });

  test("another Workspace's NodeClaim is not waited for", async () => {
    api.state.objects = [claim(5, { 'kaito.sh/workspace': 'other', 'kaito.sh/workspacenamespace': 'pets' })];
    const { code, slept } = await gone([]);
    expect(code).toBe(EXIT.OK);
    expect(slept).toEqual([]);
  });

  test('no NodeClaim API (gpu-provisioner CRD gone): nothing to wait for, exit 0 and says so', async () => {
    api.state.nodeClaimApi = false;
    const { code, text } = await gone([]);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('the API server does not serve karpenter.sh/v1 NodeClaims: no NodeClaim can be left, nothing to wait for');
  });

  test('timeout: exit 2, names each agent pool and the az aks nodepool delete to run', async () => {
    const { code, text } = await gone([], { timeoutMs: 60_000 });
    const { names } = testTarget().config;
    expect(code).toBe(EXIT.TIMEOUT);
    expect(text).toContain('✖ timed out after 1m00s: 1 NodeClaim of Workspace workspace-falcon-7b-instruct still left');
    expect(text).toContain(`agent pool left in cluster ${names.cluster}: ws3f2a9c1d7`);
    expect(text).toContain('kubectl delete nodeclaim ws3f2a9c1d7');
    expect(text).toContain(
      `az aks nodepool delete --resource-group ${names.resourceGroup} --cluster-name ${names.cluster} --name ws3f2a9c1d7`,
    );
    // a heartbeat each minute, with the time it has been deleted
    expect(text).toContain('[01:00] 1 NodeClaim left: ws3f2a9c1d7 (agent pool ws3f2a9c1d7, deleting for 1m05s)');
  });

  test('a NodeClaim nobody deletes is said to be so', async () => {
    api.state.objects = [claim()];
    const { text } = await gone([], { timeoutMs: 10_000 });
    expect(text).toContain('ws3f2a9c1d7 (agent pool ws3f2a9c1d7, not being deleted)');
  });

  test('a cluster that cannot be read: exit 1 after a bounded number of tries, with what to do', async () => {
    const closed = new KubeClient({ server: 'http://127.0.0.1:9', context: 'closed', applyAuth: async () => undefined });
    const { code, text, slept } = await gone([], {}, closed);
    expect(code).toBe(EXIT.FAILURE);
    expect(slept.length).toBeLessThan(6);
    expect(text).toContain('✖ cannot tell whether the NodeClaims of Workspace workspace-falcon-7b-instruct are gone');
    expect(text).toContain('KAITO_AKS_NODECLAIMS_UNREACHABLE=continue');
  });

  test('a timeout shorter than the retries, with the cluster never read: the unreachable failure, not "0 left"', async () => {
    const closed = new KubeClient({ server: 'http://127.0.0.1:9', context: 'closed', applyAuth: async () => undefined });
    const { code, text } = await gone([], { timeoutMs: 2_000, intervalMs: 1_000 }, closed);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('✖ cannot tell whether the NodeClaims of Workspace workspace-falcon-7b-instruct are gone');
    expect(text).not.toContain('timed out');
  });

  test('--on-unreachable continue: exit 0 with a warning', async () => {
    const closed = new KubeClient({ server: 'http://127.0.0.1:9', context: 'closed', applyAuth: async () => undefined });
    const { code, text } = await gone([], { onUnreachable: 'continue' }, closed);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('! cannot read the NodeClaims');
  });

  test("the agent pool is the NodeClaim's name (gpu-provisioner 0.4: apName := nodeClaim.Name)", () => {
    const c = claim() as unknown as NodeClaim;
    expect(agentPoolOf(c)).toBe('ws3f2a9c1d7');
  });
});
