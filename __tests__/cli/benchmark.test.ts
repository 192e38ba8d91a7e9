/**
 * Kaito 0.12.0's start-up benchmark as `wait` and `status` read it: running, passed with its figure,
 * failed with its reason and the fix, and whether the model already answers. The objects are
 * constructed from Kaito v0.12.0's code (`__tests__/fixtures/day2/benchmark/README.md`).
 */
import { readBenchmark } from '../../cli/benchmark';
import { EXIT } from '../../cli/exit-codes';
import { KubeClient } from '../../cli/kube';
import { runStatus } from '../../cli/status';
import { runWait } from '../../cli/wait';
import { workspaceValidator } from '../validation/schemas';
import type { FakeApi } from './fake-api';
import { fakeClock, KubeObject, memoryScreen, readDocs, scenario, snapshotOf, startFakeApi, testTarget } from './helpers';

const bench = (name: 'running' | 'failed' | 'passed') => readDocs('benchmark', `${name}.yaml`);
const target = () => testTarget({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' });
const WS = 'workspace-phi-4-mini-instruct';

describe('the constructed 0.12.0 objects', () => {
  const validate = workspaceValidator('0.12.0');
  test.each(['running', 'failed', 'passed'] as const)('%s: the Workspace conforms to the Kaito 0.12.0 CRD', (name) => {
    const ws = bench(name).find((o) => o.kind === 'Workspace');
    expect(validate(ws)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });
});

describe('readBenchmark', () => {
  test('running: the startup probe runs the benchmark; the model does not answer yet', () => {
    const r = readBenchmark(snapshotOf(bench('running')));
    expect(r.state).toMatchObject({ kind: 'running' });
    expect(r.modelAnswers).toBe(false);
  });

  test('passed: the figure Kaito recorded in status.performance', () => {
    const r = readBenchmark(snapshotOf(bench('passed')));
    expect(r.state).toEqual({ kind: 'passed', figure: 'peak 48213.7 tokens/min (stress/high-concurrency, 60 s, concurrency 32)' });
  });

  test('passed without a figure says so', () => {
    const objects = bench('passed').map((o) =>
      o.kind === 'Workspace' ? { ...o, status: { ...(o.status as object), performance: undefined } } : o,
    );
    expect(readBenchmark(snapshotOf(objects)).state).toEqual({ kind: 'passed', figure: undefined });
  });

  test('failed: the reason and message, and the model already answers', () => {
    const r = readBenchmark(snapshotOf(bench('failed')));
    expect(r.state).toEqual({
      kind: 'failed',
      reason: 'BenchmarkFailed',
      message: 'pod pets/workspace-phi-4-mini-instruct-0: no KAITO_BENCHMARK_RESULT line found in pod logs',
    });
    expect(r.modelAnswers).toBe(true);
  });

  test('skipped with kaito.sh/disable-benchmark, and absent before 0.12', () => {
    const disabled = bench('running').map((o) =>
      o.kind === 'Workspace' ? { ...o, metadata: { ...o.metadata, annotations: { 'kaito.sh/disable-benchmark': 'true' } } } : o,
    );
    expect(readBenchmark(snapshotOf(disabled)).state).toEqual({ kind: 'disabled' });
    expect(readBenchmark(snapshotOf(scenario('09-ready'))).state).toEqual({ kind: 'none' });
  });
});

describe('wait and status at 0.12.0', () => {
  let api: FakeApi;
  afterEach(() => api.stop());

  async function wait(timeline: KubeObject[][]) {
    api = await startFakeApi(timeline[0]);
    api.onWorkspaceRead = (round) => {
      api.state.objects = timeline[Math.min(round, timeline.length) - 1];
    };
    const screen = memoryScreen();
    const code = await runWait(
      new KubeClient(api.connection()),
      target(),
      { timeoutMs: 30 * 60_000, intervalMs: 5000, maxRestarts: 5 },
      {
        screen,
        ...fakeClock(),
      },
    );
    return { code, text: screen.text() };
  }

  test('wait: the pod row says the benchmark runs; the ready report gives its figure', async () => {
    const { code, text } = await wait([bench('running'), bench('passed')]);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('start-up benchmark: the startup probe loads the model, then benchmarks it (60 s)');
    expect(text).toContain(
      "benchmark peak 48213.7 tokens/min (stress/high-concurrency, 60 s, concurrency 32) (Kaito's start-up benchmark)",
    );
  });

  test('wait: BenchmarkFailed stops at once (exit 1) with the reason, that the model answers, and the fix and its cost', async () => {
    const { code, text } = await wait([bench('failed')]);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(
      `✖ ${WS} failed after 0s: Kaito's start-up benchmark failed (BenchmarkFailed): the Workspace stays NotReady, though the model already answers (npm run smoke)`,
    );
    expect(text).toContain('no KAITO_BENCHMARK_RESULT line found in pod logs');
    expect(text).toContain(`kubectl annotate workspace ${WS} --namespace pets kaito.sh/disable-benchmark=true`);
    expect(text).toContain("skipping costs only Kaito's throughput figure");
  });

  test('status: the benchmark line, the fix, and whether the model answers', async () => {
    api = await startFakeApi(bench('failed'));
    const screen = memoryScreen();
    await runStatus(new KubeClient(api.connection()), target(), screen);
    const text = screen.text();
    expect(text).toContain(
      'benchmark: failed, BenchmarkFailed: pod pets/workspace-phi-4-mini-instruct-0: no KAITO_BENCHMARK_RESULT line found in pod logs',
    );
    expect(text).toContain(`fix: skip the benchmark: kubectl annotate workspace ${WS}`);
    expect(text).toContain('model answers: yes: an inference pod is Ready and the Service routes to it');
  });

  test('status: a running benchmark, the model not answering yet; a passed one with its figure', async () => {
    api = await startFakeApi(bench('running'));
    const running = memoryScreen();
    await runStatus(new KubeClient(api.connection()), target(), running);
    expect(running.text()).toContain('benchmark: running: the startup probe loads the model');
    expect(running.text()).toContain('model answers: not yet: no inference pod is Ready');
    api.state.objects = bench('passed');
    const passed = memoryScreen();
    await runStatus(new KubeClient(api.connection()), target(), passed);
    expect(passed.text()).toContain('benchmark: passed: peak 48213.7 tokens/min');
    expect(passed.text()).not.toContain('model answers');
  });
});

describe('an old BenchmarkFailed does not hide what matters more', () => {
  test('a Workspace being deleted is not reported as a failed benchmark', async () => {
    const deleting = bench('failed').map((o) =>
      o.kind === 'Workspace' ? { ...o, metadata: { ...o.metadata, deletionTimestamp: '2026-12-01T11:00:00Z' } } : o,
    );
    const api = await startFakeApi(deleting);
    try {
      const screen = memoryScreen();
      await runWait(
        new KubeClient(api.connection()),
        target(),
        { timeoutMs: 60_000, intervalMs: 5000, maxRestarts: 5 },
        { screen, ...fakeClock() },
      );
      expect(screen.text()).not.toContain('start-up benchmark failed');
    } finally {
      await api.stop();
    }
  });
});
