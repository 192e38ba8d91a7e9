import { assess, Assessment, Snapshot } from '../../cli/conditions';
import { causeContext } from '../../cli/wait';
import { recordedLogs, scenario, SCENARIOS, snapshotOf, testTarget } from './helpers';

const context = causeContext(testTarget());
const judge = (snapshot: Snapshot, maxRestarts = 5): Assessment => assess(snapshot, { maxRestarts, context });
const stateOf = (a: Assessment) => Object.fromEntries(a.steps.map((s) => [s.key, s.state]));
const detailOf = (a: Assessment, key: string) => a.steps.find((s) => s.key === key)?.detail;

describe('assess, on the recorded scenarios', () => {
  // GIVEN each recorded moment of a deployment, WHEN assessed, THEN the verdict and the cause are these
  test.each([
    ['01-created', 'progressing', undefined],
    ['02-provisioning', 'progressing', undefined],
    ['03-quota-exceeded', 'failed', 'quota'],
    ['04-sku-not-available', 'failed', 'sku-unavailable'],
    ['05-federated-credential-missing', 'failed', 'identity'],
    ['06-authorization-failed', 'failed', 'authorization'],
    ['07-inference-ready-pod-crashing', 'failed', 'out-of-memory'],
    ['08-pulling-model-image', 'progressing', undefined],
    ['09-ready', 'ready', undefined],
  ])('%s: %s (%s)', (name, verdict, kind) => {
    const a = judge(snapshotOf(scenario(name)));
    expect(a.verdict).toBe(verdict);
    expect(a.cause?.fatal ? a.cause.kind : undefined).toBe(kind);
  });

  test('every recorded scenario is covered by the table above', () => {
    expect(SCENARIOS).toHaveLength(9);
  });

  test('just created: only the Workspace row is done', () => {
    const a = judge(snapshotOf(scenario('01-created')));
    expect(stateOf(a)).toEqual({
      workspace: 'done',
      nodeClaim: 'waiting',
      resource: 'waiting',
      inference: 'waiting',
      pod: 'waiting',
      succeeded: 'waiting',
    });
    expect(detailOf(a, 'workspace')).toBe('Standard_NV36ads_A10_v5, preset falcon-7b-instruct');
  });

  test('provisioning: the NodeClaim row says which lifecycle step it is in', () => {
    const a = judge(snapshotOf(scenario('02-provisioning')));
    expect(stateOf(a).nodeClaim).toBe('active');
    expect(detailOf(a, 'nodeClaim')).toBe('ws3f2a9c1d7: node launched, waiting for it to join the cluster');
    expect(a.steps.find((s) => s.key === 'nodeClaim')?.since).toBe('2026-11-26T09:14:05Z');
  });

  test('quota: the cause names the family, the region and how much to request, from the NodeClaim', () => {
    const a = judge(snapshotOf(scenario('03-quota-exceeded')));
    expect(a.cause).toMatchObject({
      kind: 'quota',
      title: 'not enough vCPU quota for standardNVADSA10v5Family in eastus',
      source: 'NodeClaim ws3f2a9c1d7: Launched=False (LaunchFailed)',
      detail: 'Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.',
    });
    expect(a.cause?.fix[0]).toContain('request a quota increase for standardNVADSA10v5Family in eastus by at least 36 vCPUs');
    expect(stateOf(a).nodeClaim).toBe('failed');
    expect(detailOf(a, 'nodeClaim')).toBe(
      'ws3f2a9c1d7: Launched=False (LaunchFailed): Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.',
    );
  });

  test('SKU not available: the message is dug out of the AKS error body', () => {
    const a = judge(snapshotOf(scenario('04-sku-not-available')));
    expect(a.cause?.detail).toMatch(
      /^Code="SkuNotAvailable" Message="The requested VM size .* is currently not available in location 'eastus'/,
    );
    expect(a.cause?.title).toBe('Standard_NV36ads_A10_v5 cannot be created in eastus right now');
  });

  test("federated credential: the cause comes from gpu-provisioner's previous log, with the subject to trust", () => {
    const a = judge(snapshotOf(scenario('05-federated-credential-missing')));
    expect(a.cause?.source).toBe('gpu-provisioner pod gpu-provisioner-6b9f8c7d4-x7k2p: container controller restarted 6 times');
    expect(a.cause?.detail).toMatch(/^AADSTS70021: No matching federated identity record found/);
    expect(a.cause?.fix.join('\n')).toContain('subject system:serviceaccount:gpu-provisioner:gpu-provisioner');
    expect(a.cause?.fix.join('\n')).toContain('id-kaito-kaito-provisioner');
  });

  test('federated credential: fewer restarts than --max-restarts is not yet a failure (the credential may still be propagating)', () => {
    const a = judge(snapshotOf(scenario('05-federated-credential-missing')), 7);
    expect(a.verdict).toBe('progressing');
    expect(a.cause).toMatchObject({ kind: 'identity', fatal: false });
  });

  test('authorization: the role the provisioner lacks is named', () => {
    const a = judge(snapshotOf(scenario('06-authorization-failed')));
    expect(a.cause?.detail).toMatch(
      /does not have authorization to perform action 'Microsoft.ContainerService\/managedClusters\/agentPools\/write'/,
    );
    expect(a.cause?.title).toBe("gpu-provisioner's role lacks action Microsoft.ContainerService/managedClusters/agentPools/write");
    expect(a.cause?.fix[0]).toMatch(
      /^id-kaito-kaito-provisioner's role on the AKS cluster aks-kaito lacks Microsoft.ContainerService\/managedClusters\/agentPools\/write;/,
    );
  });

  test('InferenceReady=True is not trusted while the pod is not Ready', () => {
    const snapshot = snapshotOf(scenario('07-inference-ready-pod-crashing'));
    const a = judge(snapshot, 10);
    expect(a.verdict).toBe('progressing');
    expect(stateOf(a)).toMatchObject({ inference: 'done', succeeded: 'done', pod: 'active' });
    expect(detailOf(a, 'pod')).toBe(
      'InferenceReady is True, but workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn Running, 0/1 ready, 6 restarts (CrashLoopBackOff)',
    );
  });

  test('out of memory: found in the inference pod log once it crashed --max-restarts times', () => {
    const a = judge(snapshotOf(scenario('07-inference-ready-pod-crashing')));
    expect(a.cause).toMatchObject({ kind: 'out-of-memory', fatal: true });
    expect(a.cause?.detail).toMatch(/CUDA out of memory\. Tried to allocate 4\.50 GiB/);
    expect(stateOf(a).pod).toBe('failed');
  });

  test('a crash loop without a recognized message shows the last log line', () => {
    const a = judge(
      snapshotOf(scenario('07-inference-ready-pod-crashing'), {
        'workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn': 'starting\nexiting: bad config\n',
      }),
    );
    expect(a.cause).toMatchObject({
      kind: 'crash-loop',
      fatal: true,
      detail: 'exiting: bad config',
      title: 'the inference pod keeps crashing',
    });
  });

  test('a crash loop without any log shows the exit code', () => {
    const a = judge(snapshotOf(scenario('07-inference-ready-pod-crashing'), {}));
    expect(a.cause?.detail).toBe('exit code 1 (Error)');
  });

  test('pulling the model image: progressing, the pod row says so', () => {
    const a = judge(snapshotOf(scenario('08-pulling-model-image')));
    expect(stateOf(a)).toMatchObject({ nodeClaim: 'done', resource: 'done', inference: 'waiting', pod: 'active' });
    expect(detailOf(a, 'nodeClaim')).toBe('node aks-ws3f2a9c1d7-28174635-vmss000000');
    expect(detailOf(a, 'pod')).toBe('workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn Pending, 0/1 ready (ContainerCreating)');
  });

  test('ready: every row done', () => {
    const a = judge(snapshotOf(scenario('09-ready')));
    expect(Object.values(stateOf(a))).toEqual(Array(6).fill('done'));
    expect(a.cause).toBeUndefined();
  });

  test('a model that serves is ready even when an older Warning event names a fatal cause', () => {
    const stale = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'workspace-falcon-7b-instruct.187b3f0e1d2c3b4a', namespace: 'pets' },
      involvedObject: { apiVersion: 'kaito.sh/v1beta1', kind: 'Workspace', name: 'workspace-falcon-7b-instruct', namespace: 'pets' },
      reason: 'NodeClaimFailed',
      message: 'Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.',
      type: 'Warning',
    };
    const a = judge(snapshotOf([...scenario('09-ready'), stale]));
    expect(a.verdict).toBe('ready');
    expect(a.steps.every((s) => s.state === 'done')).toBe(true);
    // the same event while not ready stops the wait
    expect(judge(snapshotOf([...scenario('02-provisioning'), stale])).verdict).toBe('failed');
  });

  test('ready needs a pod: all conditions True without a pod is not ready', () => {
    const objects = scenario('09-ready').filter((o) => !(o.kind === 'Pod' && o.metadata.namespace === 'pets'));
    expect(judge(snapshotOf(objects)).verdict).toBe('progressing');
  });

  test('a terminating pod does not count', () => {
    const objects = scenario('09-ready').map((o) =>
      o.kind === 'Pod' && o.metadata.namespace === 'pets'
        ? { ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-11-26T09:40:00Z' } }
        : o,
    );
    expect(detailOf(judge(snapshotOf(objects)), 'pod')).toBe('no inference pod yet');
  });

  test('a Workspace being deleted fails at once', () => {
    const objects = scenario('02-provisioning').map((o) =>
      o.kind === 'Workspace' ? { ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-11-26T09:15:00Z' } } : o,
    );
    const a = judge(snapshotOf(objects));
    expect(a.verdict).toBe('failed');
    expect(a.cause).toMatchObject({ kind: 'deleting', title: 'the Workspace workspace-falcon-7b-instruct is being deleted' });
    expect(stateOf(a).workspace).toBe('failed');
  });

  test('no Workspace yet: waiting, with the likely reason', () => {
    const a = judge({ ...snapshotOf([]), workspace: undefined });
    expect(a.verdict).toBe('progressing');
    expect(detailOf(a, 'workspace')).toBe('not found yet: is kaito-stack applied?');
  });

  test('no NodeClaim API: the NodeClaim row asks whether gpu-provisioner is installed', () => {
    const a = judge({ ...snapshotOf(scenario('01-created')), nodeClaimApiFound: false });
    expect(detailOf(a, 'nodeClaim')).toBe('the karpenter.sh/v1 NodeClaim API is missing: is gpu-provisioner installed?');
  });

  test('an unschedulable inference pod is reported but not fatal', () => {
    const objects = scenario('08-pulling-model-image').map((o) =>
      o.kind === 'Pod' && o.metadata.namespace === 'pets'
        ? {
            ...o,
            status: {
              phase: 'Pending',
              conditions: [
                {
                  type: 'PodScheduled',
                  status: 'False',
                  reason: 'Unschedulable',
                  message:
                    '0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {CriticalAddonsOnly: true}.',
                  lastTransitionTime: '2026-11-26T09:19:42Z',
                },
              ],
            },
          }
        : o,
    );
    const a = judge(snapshotOf(objects));
    expect(a.verdict).toBe('progressing');
    expect(a.cause).toMatchObject({ kind: 'unschedulable', fatal: false });
  });

  test('the logs are keyed by namespace and pod name', () => {
    expect(Object.keys(snapshotOf(scenario('05-federated-credential-missing'), recordedLogs()).logs)).toEqual([
      'gpu-provisioner/gpu-provisioner-6b9f8c7d4-x7k2p',
    ]);
  });
});
