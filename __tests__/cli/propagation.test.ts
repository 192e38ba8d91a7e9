/**
 * A role assignment or federated credential made in this apply takes minutes to apply. The Day-2
 * commands recognise the answers it explains, retry within a bounded, stated window (--propagation-window)
 * with a progress line, and only then fail with the cause. Fake clocks: nothing sleeps for real.
 * Members: Azure OpenAI's PermissionDenied behind ai-service (the field case), the deployer's AKS RBAC
 * role (API server 403), gpu-provisioner's Contributor role (AuthorizationFailed) and its federated
 * credential (AADSTS70021).
 */
import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import { main } from '../../cli/main';
import { DEFAULT_PROPAGATION_WINDOW_MS, PROPAGATION_RETRY_MS, recognizePropagation } from '../../cli/propagation';
import { runSmoke } from '../../cli/smoke';
import { runWait, WaitOptions } from '../../cli/wait';
import type { FakeApi } from './fake-api';
import { fakeClock, memoryScreen, readyCluster, scenario, startFakeApi, testTarget } from './helpers';

/** What ai-service 2.2.0 answers when Azure OpenAI refuses its identity (FastAPI's 500 with the SDK error as detail). */
const PERMISSION_DENIED = {
  detail:
    "Error code: 401 - {'error': {'code': 'PermissionDenied', 'message': 'The principal `4b1f3c2e-9a7d-4e55-8c21-0f6d2a9b7e13` lacks the required data action `Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action` to perform `POST /openai/deployments/{deployment-id}/chat/completions` operation.'}}",
};

describe('recognizePropagation', () => {
  test.each([
    [PERMISSION_DENIED.detail, 'role assignment', 'PermissionDenied'],
    [
      "Code=\"AuthorizationFailed\" Message=\"The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/write'\"",
      'role assignment',
      'AuthorizationFailed',
    ],
    ['AADSTS70021: No matching federated identity record found for presented assertion.', 'federated credential', 'AADSTS70021'],
    [
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:pets:ai-service'.",
      'federated credential',
      'AADSTS700213',
    ],
    [
      'services "ai-service" is forbidden: User "u" cannot get resource "services/proxy" in API group "" in the namespace "pets"',
      'role assignment',
      'is forbidden: User',
    ],
  ])('%s -> %s', (text, what, marker) => {
    expect(recognizePropagation(text)).toEqual({ what, marker });
  });

  test.each(['Insufficient vcpu quota requested 36', 'no endpoints available for service "ai-service"', 'The model `x` does not exist.'])(
    'not a propagation delay: %s',
    (text) => expect(recognizePropagation(text)).toBeUndefined(),
  );
});

describe('smoke', () => {
  let api: FakeApi;
  beforeEach(async () => {
    api = await startFakeApi(readyCluster());
  });
  afterEach(() => api.stop());

  /** smoke with a fake clock whose sleep advances it. */
  async function smoke(propagationWindowMs?: number) {
    let t = 0;
    const slept: number[] = [];
    const screen = memoryScreen();
    const code = await runSmoke(
      new KubeClient(api.connection()),
      testTarget({ DEPLOY_AZURE_OPENAI: 'true' }),
      { prompt: 'x', requestTimeoutMs: 5000, propagationWindowMs },
      { screen, clock: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) },
    );
    return { code, text: screen.text(), slept };
  }

  test('the field case: ai-service answers 500 PermissionDenied for a while, then works: passes after retries, each with a progress line', async () => {
    api.state.descriptionError = { times: 3, status: 500, body: PERMISSION_DENIED };
    const { code, text, slept } = await smoke();
    expect(code).toBe(EXIT.OK);
    expect(slept).toEqual([PROPAGATION_RETRY_MS, PROPAGATION_RETRY_MS, PROPAGATION_RETRY_MS]);
    expect(text).toContain(
      '  … ai-service /generate/description says "PermissionDenied": a new role assignment can take minutes to apply; retrying (0 min of 10 min)',
    );
    expect(text).toContain('retrying (0.5 min of 10 min)');
    expect(text).toContain('✔ smoke passed');
  });

  test('still denied after the window: fails with the cause and the window named, having waited no longer than it', async () => {
    api.state.descriptionError = { times: 1000, status: 500, body: PERMISSION_DENIED };
    const { code, text, slept } = await smoke(60_000);
    expect(code).toBe(EXIT.FAILURE);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(text).toContain(
      'ai-service /generate/description still answers PermissionDenied after the 1m00s propagation window (--propagation-window): the role assignment is missing or wrong, not late',
    );
  });

  test("the deployer's AKS RBAC role not effective yet: API server 403s are retried, then smoke passes", async () => {
    api.state.forbidden = 2;
    const { code, text } = await smoke();
    expect(code).toBe(EXIT.OK);
    expect(text).toContain(
      'Service workspace-falcon-7b-instruct says "is forbidden: User": a new role assignment can take minutes to apply',
    );
  });

  test('an error no role explains is not retried', async () => {
    api.state.descriptionError = { times: 1000, status: 500, body: { detail: 'Internal Server Error' } };
    const { code, slept } = await smoke();
    expect(code).toBe(EXIT.FAILURE);
    expect(slept).toEqual([]);
  });
});

describe('wait', () => {
  let api: FakeApi;
  beforeEach(async () => {
    api = await startFakeApi(scenario('01-created'));
  });
  afterEach(() => api.stop());

  async function wait(timeline: string[], options: Partial<WaitOptions> = {}) {
    api.onWorkspaceRead = (round) => {
      api.state.objects = scenario(timeline[Math.min(round, timeline.length) - 1]);
    };
    const screen = memoryScreen();
    const clock = fakeClock();
    const code = await runWait(
      new KubeClient(api.connection()),
      testTarget(),
      { timeoutMs: 30 * 60_000, intervalMs: 5_000, maxRestarts: 5, ...options },
      { screen, ...clock },
    );
    return { code, text: screen.text(), clock };
  }

  test("gpu-provisioner's new Contributor role: AuthorizationFailed is waited out within the window, then ready", async () => {
    const { code, text } = await wait(['06-authorization-failed', '06-authorization-failed', '09-ready']);
    expect(code).toBe(EXIT.OK);
    expect(text).toMatch(
      /NodeClaim ws1e9a4c6f0: Launched=False \(LaunchFailed\) says "does not have authorization to perform action": a new role assignment can take minutes to apply; retrying \(0 min of 10 min\)/,
    );
  });

  test('AuthorizationFailed past the window: exit 1, the cause says how long it was given', async () => {
    const { code, text, clock } = await wait(['06-authorization-failed'], { propagationWindowMs: 20_000 });
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(
      "gpu-provisioner's role lacks action Microsoft.ContainerService/managedClusters/agentPools/write (still after the 20s propagation window)",
    );
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20_000);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeLessThan(30_000);
  });

  test("gpu-provisioner's new federated credential: AADSTS70021 waited out within the window", async () => {
    const { code, text } = await wait(['05-federated-credential-missing', '09-ready']);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('says "AADSTS70021": a new federated credential can take minutes to apply');
  });

  test("the deployer's AKS RBAC role: API server 403s are retried within the window (not stopped at once)", async () => {
    api.state.forbidden = 8;
    const { code, text } = await wait(['09-ready']);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('the API server says "403 Forbidden": a new role assignment can take minutes to apply');
  });

  test('403 for longer than the window: exit 1 with the RBAC fix', async () => {
    api.state.forbidden = 100_000;
    const { code, text } = await wait(['09-ready'], { propagationWindowMs: 15_000 });
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('does not let you read this (403)');
  });
});

describe('--propagation-window', () => {
  test('wait and smoke document it with the default, which is the module default', async () => {
    expect(DEFAULT_PROPAGATION_WINDOW_MS).toBe(10 * 60_000);
    for (const command of ['wait', 'smoke']) {
      const stdout = memoryScreen();
      await main([command, '--help'], { stdout, stderr: memoryScreen(), env: {} });
      expect(stdout.text()).toContain('--propagation-window <duration>');
      expect(stdout.text()).toContain('(default: 10m)');
    }
  });

  test('a bad value is a usage error naming it', async () => {
    const stderr = memoryScreen();
    expect(await main(['wait', '--propagation-window', 'soon'], { stdout: memoryScreen(), stderr, env: {} })).toBe(EXIT.USAGE);
    expect(stderr.text()).toContain("option '--propagation-window <duration>' argument 'soon' is invalid");
  });
});
