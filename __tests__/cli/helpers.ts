import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../config';
import { isCrashing, podKey, Snapshot } from '../../cli/conditions';
import type { KubeEvent, NodeClaim, Pod, Workspace } from '../../cli/kube-types';
import type { Screen } from '../../cli/progress';
import { resolveTarget, Target, TargetOptions } from '../../cli/target';
import { FakeApi } from './fake-api';

/** The recorded API objects of the Day-2 tests. */
export const FIXTURES = join(__dirname, '..', 'fixtures', 'day2');

/** Any API object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/** The documents of a multi-document YAML file under the fixtures. */
export function readDocs(...path: string[]): KubeObject[] {
  return parseAllDocuments(readFileSync(join(FIXTURES, ...path), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${path.join('/')}: ${d.errors[0].message}`);
    return d.toJS() as KubeObject;
  });
}

/** The scenario names, `01-created` ... */
export const SCENARIOS = readdirSync(join(FIXTURES, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => basename(f, '.yaml'))
  .sort();

/** The objects of one scenario. */
export function scenario(name: string): KubeObject[] {
  return readDocs('scenarios', `${name}.yaml`);
}

/** The recorded previous logs, by pod name. */
export function recordedLogs(): Record<string, string> {
  const dir = join(FIXTURES, 'logs');
  return Object.fromEntries(readdirSync(dir).map((f) => [basename(f, '.txt'), readFileSync(join(dir, f), 'utf8')]));
}

/** Every recorded object: all scenarios, the app objects and the Helm release Secrets. */
export function allRecordedObjects(): { file: string; object: KubeObject }[] {
  const files = [...SCENARIOS.map((s) => join('scenarios', `${s}.yaml`)), join('app', 'objects.yaml'), join('helm', 'releases.yaml')];
  return files.flatMap((file) => readDocs(file).map((object) => ({ file, object })));
}

/** The snapshot `takeSnapshot` would read from a cluster holding `objects`. */
export function snapshotOf(objects: KubeObject[], logs: Record<string, string> = recordedLogs()): Snapshot {
  const of = <T>(kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
  const pods = of<Pod>('Pod');
  const crashLogs: Record<string, string> = {};
  for (const pod of pods.filter(isCrashing)) {
    const log = logs[pod.metadata?.name ?? ''];
    if (log !== undefined) crashLogs[podKey(pod)] = log;
  }
  return {
    workspace: of<Workspace>('Workspace')[0],
    nodeClaims: of<NodeClaim>('NodeClaim'),
    nodeClaimApiFound: true,
    pods: pods.filter((p) => p.metadata?.namespace === 'pets'),
    events: of<KubeEvent>('Event'),
    provisionerPods: pods.filter((p) => p.metadata?.namespace === 'gpu-provisioner'),
    logs: crashLogs,
  };
}

/** The target for an environment (defaults: falcon-7b-instruct in pets, cluster aks-kaito in eastus). */
export function testTarget(env: Record<string, string> = {}, options: TargetOptions = {}): Target {
  return resolveTarget(loadConfig(env), options);
}

/** A screen that keeps what is written. */
export function memoryScreen(isTTY = false, columns = 120): Screen & { text(): string } {
  const chunks: string[] = [];
  return { isTTY, columns, write: (t) => void chunks.push(t), text: () => chunks.join('') };
}

/** A clock whose sleep advances it at once. */
export function fakeClock(start = Date.parse('2026-11-26T09:14:10Z')): {
  now(): number;
  sleep(ms: number): Promise<void>;
  slept: number[];
} {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

/** A cluster at the end of a good deployment: the Workspace ready, the store app and the Kaito releases installed. */
export function readyCluster(): KubeObject[] {
  return [...scenario('09-ready'), ...readDocs('app', 'objects.yaml'), ...readDocs('helm', 'releases.yaml')];
}

/** Starts a fake API server on 127.0.0.1 holding `objects`, with ready endpoints, the NodeClaim API and the model. */
export async function startFakeApi(objects: KubeObject[], logs: Record<string, string> = recordedLogs()): Promise<FakeApi> {
  const api = new FakeApi({ objects, logs, endpointsReady: true, nodeClaimApi: true, model: 'falcon-7b-instruct' });
  await api.start();
  return api;
}
