/**
 * Where `wait` looks for causes, and what each cause says it saw: the Workspace's generation and its
 * False conditions, the NodeClaims' False conditions, Warning events (on which row), a pod that cannot
 * be scheduled, a container whose image cannot be pulled, and a container that keeps crashing, with
 * its log's last line or its exit code. Each snapshot is built by hand so that it holds one cause.
 */
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import { assess, Assessment, Snapshot } from '../../cli/conditions';
import type { Condition, KubeEvent, NodeClaim, Pod, Workspace } from '../../cli/kube-types';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const context = causeContext(testTarget());
const WS = 'workspace-falcon-7b-instruct';
const POD = 'workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn';
const PROVISIONER = 'gpu-provisioner-6b9f8c7d4-x7k2p';
const QUOTA = 'Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.';
const UNSCHEDULABLE = '0/2 nodes are available: 1 Insufficient nvidia.com/gpu.';

function workspace(conditions: Condition[] = [], generation?: number): Workspace {
  return {
    apiVersion: 'kaito.sh/v1beta1',
    kind: 'Workspace',
    metadata: { name: WS, namespace: 'pets', generation },
    status: { conditions },
  };
}

function nodeClaim(conditions: Condition[]): NodeClaim {
  return { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', metadata: { name: 'ws3f2a9c1d7' }, status: { conditions } };
}

function container(fields: Partial<IContainerStatus> = {}): IContainerStatus {
  return {
    name: 'falcon',
    image: 'mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.2.0',
    imageID: '',
    ready: false,
    restartCount: 0,
    ...fields,
  };
}

function pod(containers: IContainerStatus[], more: { name?: string; namespace?: string; conditions?: object[] } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: more.name ?? POD, namespace: more.namespace ?? 'pets' },
    status: { phase: 'Running', conditions: more.conditions as never, containerStatuses: containers },
  };
}

function event(fields: { kind?: string; name?: string; type?: string; reason?: string; message?: string }): KubeEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${fields.name ?? WS}.187b3f0e1d2c3b4a`, namespace: 'pets' },
    involvedObject: { kind: fields.kind, name: fields.name ?? WS, namespace: 'pets' },
    type: fields.type ?? 'Warning',
    reason: fields.reason,
    message: fields.message,
  };
}

function snapshot(parts: Partial<Snapshot>): Snapshot {
  return { workspace: workspace(), nodeClaims: [], nodeClaimApiFound: true, pods: [], events: [], provisionerPods: [], logs: {}, ...parts };
}

const judge = (s: Snapshot, maxRestarts = 5): Assessment => assess(s, { maxRestarts, context });
const failedRows = (a: Assessment) => a.steps.filter((s) => s.state === 'failed').map((s) => s.key);

describe('the Workspace', () => {
  test("conditions of an older generation: a cause that waits for the controller, with the command to read Kaito's log", () => {
    const ws = workspace([{ type: 'ResourceReady', status: 'True', observedGeneration: 2 }], 3);
    const a = judge(snapshot({ workspace: ws }));
    expect(a.verdict).toBe('progressing');
    expect(a.cause).toEqual({
      kind: 'stale-status',
      fatal: false,
      title: "the Kaito controller has not acted on the Workspace's latest change yet (generation 3; its conditions are from generation 2)",
      source: `Workspace ${WS}`,
      detail: "metadata.generation 3, conditions' observedGeneration 2",
      fix: [
        'normal for a few seconds after a change; if it persists, the Kaito controller is down or failing:',
        'kubectl logs --namespace kaito-workspace --selector app.kubernetes.io/instance=workspace --tail 50',
      ],
    });
  });

  test('a False condition with a message names the cause, seen on the Workspace, on the row of the condition', () => {
    const a = judge(
      snapshot({ workspace: workspace([{ type: 'ResourceReady', status: 'False', reason: 'NodeClaimNotReady', message: QUOTA }]) }),
    );
    expect(a.verdict).toBe('failed');
    expect(a.cause).toMatchObject({ kind: 'quota', source: `Workspace ${WS}: ResourceReady=False (NodeClaimNotReady)`, detail: QUOTA });
    expect(failedRows(a)).toEqual(['resource']);
  });

  test.each([
    ['True', 'a message naming a cause', QUOTA],
    ['Unknown', 'a message naming a cause', QUOTA],
    ['False', 'an empty message', ''],
    ['False', 'no message', undefined],
  ] as const)('a %s condition with %s names no cause', (status, _what, message) => {
    const a = judge(snapshot({ workspace: workspace([{ type: 'ResourceReady', status, reason: 'NodeClaimNotReady', message }]) }));
    expect(a.cause).toBeUndefined();
  });
});

describe('the NodeClaims', () => {
  test('a False condition with a message names the cause, seen on the NodeClaim, on the NodeClaim row', () => {
    const a = judge(snapshot({ nodeClaims: [nodeClaim([{ type: 'Launched', status: 'False', reason: 'LaunchFailed', message: QUOTA }])] }));
    expect(a.verdict).toBe('failed');
    expect(a.cause).toMatchObject({ kind: 'quota', source: 'NodeClaim ws3f2a9c1d7: Launched=False (LaunchFailed)', detail: QUOTA });
    expect(failedRows(a)).toEqual(['nodeClaim']);
  });

  test.each(['True', 'Unknown'] as const)('a %s condition names no cause, whatever its message says', (status) => {
    const a = judge(snapshot({ nodeClaims: [nodeClaim([{ type: 'Launched', status, reason: 'LaunchFailed', message: QUOTA }])] }));
    expect(a.cause).toBeUndefined();
  });
});

describe('Warning events', () => {
  const NOT_FOUND = 'Failed to pull image "mcr.microsoft.com/aks/kaito/kaito-base:0.0.9": manifest unknown';
  test.each([
    ['Pod', POD, 'Failed', NOT_FOUND, 'image-not-found', 'pod'],
    ['NodeClaim', 'ws3f2a9c1d7', 'LaunchFailed', QUOTA, 'quota', 'nodeClaim'],
    ['Workspace', WS, 'NodeClaimFailed', QUOTA, 'quota', 'resource'],
  ])('on a %s: the cause, with the reason and message as detail, on its row', (kind, name, reason, message, causeKind, row) => {
    const a = judge(snapshot({ events: [event({ kind, name, reason, message })] }));
    expect(a.cause).toMatchObject({ kind: causeKind, source: `Event ${reason} on ${kind} ${name}`, detail: `${reason}: ${message}` });
    expect(failedRows(a)).toEqual([row]);
  });

  test('on an object of no kind: the Resource row', () => {
    const a = judge(snapshot({ events: [event({ name: 'x', reason: 'LaunchFailed', message: QUOTA })] }));
    expect(a.cause).toMatchObject({ kind: 'quota', source: 'Event LaunchFailed on x' });
    expect(failedRows(a)).toEqual(['resource']);
  });

  test('without a reason, the detail is the message; without a message, the reason', () => {
    expect(judge(snapshot({ events: [event({ kind: 'Workspace', name: WS, message: QUOTA })] })).cause).toMatchObject({
      detail: QUOTA,
      source: `Warning event on Workspace ${WS}`,
    });
    expect(judge(snapshot({ events: [event({ kind: 'Pod', reason: 'ErrImagePull' })] })).cause).toMatchObject({
      kind: 'image-pull',
      detail: 'ErrImagePull',
    });
  });

  test('a Normal event names no cause, whatever it says', () => {
    expect(
      judge(snapshot({ events: [event({ kind: 'Workspace', type: 'Normal', reason: 'Info', message: QUOTA })] })).cause,
    ).toBeUndefined();
  });
});

describe('an inference pod that is not scheduled', () => {
  const initialized = { type: 'Initialized', status: 'True' };
  test('its PodScheduled=False condition, wherever it stands among the conditions, names the cause', () => {
    const scheduled = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: UNSCHEDULABLE };
    const a = judge(snapshot({ pods: [pod([], { conditions: [initialized, scheduled] })] }));
    expect(a.verdict).toBe('progressing');
    expect(a.cause).toMatchObject({
      kind: 'unschedulable',
      fatal: false,
      source: `inference pod ${POD}: not scheduled`,
      detail: `Unschedulable: ${UNSCHEDULABLE}`,
    });
  });

  test('without a reason, the detail is the message', () => {
    const scheduled = { type: 'PodScheduled', status: 'False', message: UNSCHEDULABLE };
    expect(judge(snapshot({ pods: [pod([], { conditions: [scheduled] })] })).cause?.detail).toBe(UNSCHEDULABLE);
  });

  test('a pod with no status yet names no cause', () => {
    expect(judge(snapshot({ pods: [{ ...pod([]), status: undefined }] })).cause).toBeUndefined();
  });

  test('a scheduled pod names no cause, even with the message of its wait', () => {
    const scheduled = { type: 'PodScheduled', status: 'True', reason: 'Unschedulable', message: UNSCHEDULABLE };
    expect(judge(snapshot({ pods: [pod([], { conditions: [scheduled, initialized] })] })).cause).toBeUndefined();
  });
});

describe('a container whose image cannot be pulled', () => {
  const BACK_OFF = 'Back-off pulling image "mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.2.0"';
  test.each([
    ['ImagePullBackOff', BACK_OFF, 'image-pull', false],
    ['ErrImagePull', 'rpc error: code = NotFound desc = failed to pull and unpack image: manifest unknown', 'image-not-found', true],
  ])('waiting in %s: the cause, with the reason and message as detail', (reason, message, kind, fatal) => {
    const a = judge(snapshot({ pods: [pod([container({ state: { waiting: { reason, message } } })])] }));
    expect(a.cause).toMatchObject({ kind, fatal, source: `inference pod ${POD}: container falcon`, detail: `${reason}: ${message}` });
    expect(failedRows(a)).toEqual(fatal ? ['pod'] : []);
  });

  test('without a message, the detail is the reason', () => {
    const a = judge(snapshot({ pods: [pod([container({ state: { waiting: { reason: 'ErrImagePull' } } })])] }));
    expect(a.cause).toMatchObject({ kind: 'image-pull', detail: 'ErrImagePull' });
  });

  test("gpu-provisioner's image: the cause is on the NodeClaim row", () => {
    const waiting = { reason: 'ErrImagePull', message: 'manifest unknown' };
    const provisioner = pod([container({ name: 'controller', state: { waiting } })], { name: PROVISIONER, namespace: 'gpu-provisioner' });
    const a = judge(snapshot({ provisionerPods: [provisioner] }));
    expect(a.cause).toMatchObject({ kind: 'image-not-found', source: `gpu-provisioner pod ${PROVISIONER}: container controller` });
    expect(failedRows(a)).toEqual(['nodeClaim']);
  });

  test('a container still being created names no cause', () => {
    expect(judge(snapshot({ pods: [pod([container({ state: { waiting: { reason: 'ContainerCreating' } } })])] })).cause).toBeUndefined();
  });
});

describe('a container that keeps crashing', () => {
  const exited = { terminated: { exitCode: 1, reason: 'Error' } };
  /** The crash-loop cause of the inference pod's container `falcon` restarted 6 times, showing `detail`. */
  const crashLoop = (detail: string) => ({
    kind: 'crash-loop',
    fatal: true,
    title: 'the inference pod keeps crashing',
    source: `inference pod ${POD}: container falcon restarted 6 times`,
    detail,
    fix: [`read its log: kubectl logs --namespace pets pod/${POD} --container falcon --previous`],
  });
  const crashing = (fields: Partial<IContainerStatus> = {}) =>
    container({ restartCount: 6, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: exited, ...fields });

  const crashLoopOrNot: [string, Partial<IContainerStatus>, boolean][] = [
    ['reported without a state, never restarted', {}, false],
    ['starting, never restarted', { state: { waiting: { reason: 'ContainerCreating' } } }, false],
    ['never restarted, running but not ready yet', { state: { running: {} } }, false],
    ['restarted, and running and ready now', { restartCount: 2, ready: true, state: { running: {} }, lastState: exited }, false],
    ['restarted, running but not ready', { restartCount: 2, state: { running: {} }, lastState: exited }, true],
    ['restarted, exited and not ready', { restartCount: 2, state: exited, lastState: exited }, true],
    ['in CrashLoopBackOff', { restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: exited }, true],
    [
      'in CrashLoopBackOff while its ready flag still says true',
      { restartCount: 2, ready: true, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: exited },
      true,
    ],
  ];
  test.each(crashLoopOrNot.map(([what, fields, crashes]) => [what, crashes ? 'a crash loop' : 'no cause', fields, crashes] as const))(
    'a container %s: %s',
    (_what, _verdict, fields, crashes) => {
      const a = judge(snapshot({ pods: [pod([container(fields)])] }));
      expect(a.cause?.kind).toBe(crashes ? 'crash-loop' : undefined);
    },
  );

  test('an unrecognized crash: the whole cause, with the command that reads the previous log', () => {
    expect(judge(snapshot({ pods: [pod([crashing()])] })).cause).toEqual(crashLoop('exit code 1 (Error)'));
  });

  test('fewer restarts than --max-restarts: not yet fatal', () => {
    expect(judge(snapshot({ pods: [pod([crashing()])] }), 7).cause).toMatchObject({ kind: 'crash-loop', fatal: false });
  });

  test("gpu-provisioner's container: named as such", () => {
    const provisioner = pod([crashing({ name: 'controller' })], { name: PROVISIONER, namespace: 'gpu-provisioner' });
    expect(judge(snapshot({ provisionerPods: [provisioner] })).cause).toMatchObject({
      title: 'the gpu-provisioner pod keeps crashing',
      source: `gpu-provisioner pod ${PROVISIONER}: container controller restarted 6 times`,
      fix: [`read its log: kubectl logs --namespace gpu-provisioner pod/${PROVISIONER} --container controller --previous`],
    });
  });

  test('no log and no last state: the detail says neither exit code nor reason is known', () => {
    const a = judge(snapshot({ pods: [pod([crashing({ lastState: undefined })])] }));
    expect(a.cause).toEqual(crashLoop('exit code ? (no reason given)'));
  });

  test('the log: its last line that is not blank, trimmed', () => {
    const logs = { [`pets/${POD}`]: 'starting\n  exiting: bad config  \r\n   \n\n' };
    expect(judge(snapshot({ pods: [pod([crashing()])], logs })).cause).toEqual(crashLoop('exiting: bad config'));
  });

  test('a last line of 400 characters is shown whole; of 401, cut to 400', () => {
    const exact = 'e'.repeat(400);
    const of = (line: string) =>
      judge(snapshot({ pods: [pod([crashing()])], logs: { [`pets/${POD}`]: `starting\n${line}\n` } })).cause?.detail;
    expect(of(exact)).toBe(exact);
    expect(of(`${exact}f`)).toBe(`${'e'.repeat(397)}...`);
  });

  test('a pod without metadata: the source leaves the name empty', () => {
    const a = judge(snapshot({ pods: [{ ...pod([crashing()]), metadata: undefined }] }));
    expect(a.cause?.source).toBe('inference pod : container falcon restarted 6 times');
  });

  test('a recognized cause in the log is read from the log alone, not run into the last state', () => {
    const aadsts = 'AADSTS70021: No matching federated identity record found for presented assertion.';
    const provisioner = pod([crashing({ name: 'controller' })], { name: PROVISIONER, namespace: 'gpu-provisioner' });
    const a = judge(snapshot({ provisionerPods: [provisioner], logs: { [`gpu-provisioner/${PROVISIONER}`]: `panic\n${aadsts}` } }));
    expect(a.cause).toMatchObject({ kind: 'identity', fatal: true, detail: aadsts });
    expect(failedRows(a)).toEqual(['nodeClaim']);
  });

  test('the log, the last message and the last reason are read as consecutive lines, missing ones left out', () => {
    // an Azure message whose quoted action runs from the log into the last state's reason
    const log = "does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/";
    const provisioner = pod([crashing({ name: 'controller', lastState: { terminated: { exitCode: 1, reason: "agentPools/write'" } } })], {
      name: PROVISIONER,
      namespace: 'gpu-provisioner',
    });
    const a = judge(snapshot({ provisionerPods: [provisioner], logs: { [`gpu-provisioner/${PROVISIONER}`]: log } }));
    expect(a.cause?.title).toBe("gpu-provisioner's role lacks action Microsoft.ContainerService/managedClusters/\nagentPools/write");
  });
});
