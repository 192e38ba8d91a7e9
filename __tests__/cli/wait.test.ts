import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import { MAX_API_ERRORS_IN_A_ROW, runWait, WaitOptions } from '../../cli/wait';
import type { FakeApi } from './fake-api';
import { fakeClock, memoryScreen, scenario, startFakeApi, testTarget } from './helpers';

const OPTIONS: WaitOptions = { timeoutMs: 30 * 60_000, intervalMs: 5_000, maxRestarts: 5 };
let api: FakeApi;

beforeEach(async () => {
  api = await startFakeApi(scenario('01-created'));
});
afterEach(() => api.stop());

/** Runs `wait` against the fake API with a fake clock; the cluster moves along `timeline` (one scenario per round). */
async function wait(timeline: string[], options: Partial<WaitOptions> = {}, tty = false) {
  api.onWorkspaceRead = (round) => {
    api.state.objects = scenario(timeline[Math.min(round, timeline.length) - 1]);
  };
  const screen = memoryScreen(tty);
  const clock = fakeClock();
  const code = await runWait(new KubeClient(api.connection()), testTarget(), { ...OPTIONS, ...options }, { screen, ...clock });
  return { code, text: screen.text(), clock };
}

describe('wait', () => {
  test('follows a deployment to ready: exit 0, one line per change, the endpoint at the end', async () => {
    const { code, text } = await wait(['01-created', '02-provisioning', '02-provisioning', '08-pulling-model-image', '09-ready']);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('Waiting for Workspace workspace-falcon-7b-instruct in pets (timeout 30m00s)');
    expect(text).toContain('[00:00] ✔ Workspace          Standard_NV36ads_A10_v5, preset falcon-7b-instruct');
    expect(text).toContain('[00:05] … NodeClaim          ws3f2a9c1d7: node launched, waiting for it to join the cluster');
    expect(text).toContain(
      '[00:15] … Inference pod      workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn Pending, 0/1 ready (ContainerCreating)',
    );
    expect(text).toContain('[00:20] ✔ Inference pod      workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn Running, 1/1 ready');
    expect(text).toContain('✔ workspace-falcon-7b-instruct is ready after 20s');
    expect(text).toContain('endpoint  http://workspace-falcon-7b-instruct.pets.svc/v1 (model falcon-7b-instruct)');
    // unchanged rows are not repeated
    expect(text.match(/ws3f2a9c1d7: node launched/g)).toHaveLength(1);
  });

  test('reads the Workspace, its NodeClaims by label, its pods by label, warnings and gpu-provisioner', async () => {
    await wait(['09-ready']);
    const query = (path: string) => api.seen.find((s) => s.path === path)?.query.toString();
    expect(query('/apis/karpenter.sh/v1/nodeclaims')).toBe(
      'labelSelector=kaito.sh%2Fworkspace%3Dworkspace-falcon-7b-instruct%2Ckaito.sh%2Fworkspacenamespace%3Dpets',
    );
    expect(query('/api/v1/namespaces/pets/pods')).toBe('labelSelector=kaito.sh%2Fworkspace%3Dworkspace-falcon-7b-instruct');
    expect(query('/api/v1/namespaces/pets/events')).toBe('fieldSelector=type%3DWarning');
    expect(query('/api/v1/namespaces/default/events')).toBe('fieldSelector=type%3DWarning%2CinvolvedObject.kind%3DNodeClaim');
    expect(api.paths()).toContain('GET /apis/kaito.sh/v1beta1/namespaces/pets/workspaces/workspace-falcon-7b-instruct');
    expect(api.paths()).toContain('GET /api/v1/namespaces/gpu-provisioner/pods');
  });

  test("with the AKS add-on, gpu-provisioner is AKS's: its namespace is not read", async () => {
    api.onWorkspaceRead = () => {
      api.state.objects = scenario('09-ready');
    };
    const screen = memoryScreen();
    const code = await runWait(new KubeClient(api.connection()), testTarget({ KAITO_INSTALL: 'aks-addon' }), OPTIONS, {
      screen,
      ...fakeClock(),
    });
    expect(code).toBe(EXIT.OK);
    expect(api.paths()).not.toContain('GET /api/v1/namespaces/gpu-provisioner/pods');
  });

  test('stops at once with the real cause when the quota is short: exit 1', async () => {
    const { code, text } = await wait(['02-provisioning', '03-quota-exceeded']);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('✖ workspace-falcon-7b-instruct failed after 5s: not enough vCPU quota for standardNVADSA10v5Family in eastus');
    expect(text).toContain('  seen in   NodeClaim ws3f2a9c1d7: Launched=False (LaunchFailed)');
    expect(text).toContain(
      '  message   Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.',
    );
    expect(text).toContain('  fix       request a quota increase for standardNVADSA10v5Family in eastus by at least 36 vCPUs');
    expect(text).toContain('[00:05] ✖ NodeClaim');
  });

  test("reads a crash-looping gpu-provisioner's previous log once per restart", async () => {
    const { code, text } = await wait(['05-federated-credential-missing'], { propagationWindowMs: 0 });
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('gpu-provisioner cannot sign in to Azure (workload identity)');
    const logReads = api.seen.filter((s) => s.path.endsWith('/log'));
    expect(logReads).toHaveLength(1);
    expect(logReads[0].path).toBe('/api/v1/namespaces/gpu-provisioner/pods/gpu-provisioner-6b9f8c7d4-x7k2p/log');
    expect(logReads[0].query.toString()).toBe('container=controller&previous=true&tailLines=40');
  });

  test('does not trust InferenceReady while the pod crash-loops out of memory: exit 1', async () => {
    const { code, text } = await wait(['07-inference-ready-pod-crashing']);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('the model server runs out of memory');
    expect(text).not.toContain('is ready after');
  });

  test('times out with exit 2, naming the step it is stuck on and where to look', async () => {
    const { code, text, clock } = await wait(['02-provisioning'], { timeoutMs: 60_000 });
    expect(code).toBe(EXIT.TIMEOUT);
    expect(text).toContain(
      '✖ timed out after 1m00s: workspace-falcon-7b-instruct is not ready (NodeClaim: ws3f2a9c1d7: node launched, waiting for it to join the cluster)',
    );
    expect(text).toContain('kubectl get nodeclaims --selector kaito.sh/workspace=workspace-falcon-7b-instruct --output yaml');
    expect(text).toContain('wait longer with --timeout 45m');
    // 12 intervals of 5 s, slept in steps of at most a second
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(1_000);
    expect(api.seen.filter((s) => s.path.endsWith('/workspaces/workspace-falcon-7b-instruct'))).toHaveLength(13);
  });

  test('a timeout shorter than the interval is kept', async () => {
    const { code, clock } = await wait(['02-provisioning'], { timeoutMs: 2_000 });
    expect(code).toBe(EXIT.TIMEOUT);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(2_000);
  });

  test('the last problem seen is reported on timeout, with its fix', async () => {
    const { code, text } = await wait(['05-federated-credential-missing'], { timeoutMs: 10_000, maxRestarts: 50 });
    expect(code).toBe(EXIT.TIMEOUT);
    expect(text).toContain('  last problem seen: gpu-provisioner cannot sign in to Azure (workload identity)');
  });

  test('a heartbeat line every minute when nothing changes (non-terminal output)', async () => {
    const { text } = await wait(['02-provisioning'], { timeoutMs: 130_000 });
    expect(text).toContain('[01:00] still waiting on NodeClaim: ws3f2a9c1d7: node launched, waiting for it to join the cluster');
    expect(text).toContain('[02:00] still waiting on NodeClaim');
  });

  test('on a terminal, redraws the block in place with a spinner and the time in each state', async () => {
    const { text } = await wait(['02-provisioning', '09-ready'], {}, true);
    expect(text).toContain('\x1b[7A'); // cursor up over the 7 lines drawn before
    // the fake clock starts at 09:14:10; the NodeClaim has waited to register since 09:14:05
    expect(text).toMatch(/⠙ NodeClaim {10}ws3f2a9c1d7: node launched, waiting for it to join the cluster +5s\n/);
    expect(text).toMatch(/⠦ NodeClaim {10}ws3f2a9c1d7: node launched, waiting for it to join the cluster +10s\n/);
    expect(text).toContain('Waiting for Workspace workspace-falcon-7b-instruct in pets: 00:05 of 30:00');
  });

  test('credentials refused: exit 1 at once with the commands that fix it', async () => {
    const screen = memoryScreen();
    const code = await runWait(new KubeClient(api.connection('expired')), testTarget(), OPTIONS, { screen, ...fakeClock() });
    expect(code).toBe(EXIT.FAILURE);
    expect(screen.text()).toContain(
      `✖ cannot read the cluster: the API server ${new URL(api.url).host} refused the credentials (401): the token is expired or not for this cluster`,
    );
    expect(screen.text()).toContain('az aks get-credentials --resource-group rg-kaito --name aks-kaito --overwrite-existing');
    // one round, nothing retried
    expect(api.seen.filter((s) => s.path.endsWith('/workspaces/workspace-falcon-7b-instruct'))).toHaveLength(1);
  });

  test(`an unreachable API server: exit 1 after ${MAX_API_ERRORS_IN_A_ROW} tries in a row`, async () => {
    const url = api.url;
    await api.stop();
    const screen = memoryScreen();
    const client = new KubeClient({ server: url, context: 'gone', applyAuth: async () => undefined });
    const code = await runWait(client, testTarget(), OPTIONS, { screen, ...fakeClock() });
    expect(code).toBe(EXIT.FAILURE);
    const host = new URL(url).host;
    expect(screen.text()).toContain(`cannot read the cluster (5 of ${MAX_API_ERRORS_IN_A_ROW}): nothing accepts connections at ${host}`);
    expect(screen.text()).toContain(`✖ cannot read the cluster: nothing accepts connections at ${host} (connection refused)`);
    expect(screen.text()).toContain('the cluster may be stopped (az aks start)');
  });

  test('a passing API error is shown and waiting goes on', async () => {
    let fail = true;
    api.onWorkspaceRead = () => {
      api.state.objects = scenario('09-ready');
    };
    const client = new KubeClient({
      ...api.connection(),
      applyAuth: async (o) => {
        if (fail) {
          fail = false;
          throw new Error('kubelogin: token refresh failed');
        }
        return api.connection().applyAuth(o);
      },
    });
    const screen = memoryScreen();
    const code = await runWait(client, testTarget(), OPTIONS, { screen, ...fakeClock() });
    expect(code).toBe(EXIT.OK);
    expect(screen.text()).toContain(
      `cannot read the cluster (1 of 6): no token for ${new URL(api.url).host}: could not get credentials for context "test-context": kubelogin: token refresh failed`,
    );
  });
});
