/**
 * Kaito 0.12.0's start-up benchmark, as `wait` and `status` read it. Pure: the tests feed objects.
 *
 * Facts from kaito-project/kaito v0.12.0 (read 2026-12-07; no code copied):
 * - The benchmark runs as the inference container's startup probe, `python3
 *   /workspace/vllm/benchmark_entrypoint.py` (`pkg/workspace/inference/preset_inferences.go` lines
 *   455-481): it fails while vLLM loads, then benchmarks the served model (60 s) and exits 0, and only
 *   then does the pod turn Ready. It is set for vLLM presets unless the Workspace carries the annotation
 *   `kaito.sh/disable-benchmark: "true"` (`api/v1beta1/labels.go` lines 72 and 142-156).
 * - Once the pod is Ready, the controller reads the result from the pod's log and sets condition
 *   `BenchmarkCompleted` True, reason `BenchmarkCompleted`, message "benchmark result has been
 *   recorded", and `status.performance.metrics.peakTokensPerMinute` (value, unit `tokens/min`,
 *   description `stress/high-concurrency`, config durationSec, inputTokens, outputTokens,
 *   maxConcurrency, engine...) (`pkg/workspace/controllers/workspace_controller.go` lines 1307-1336,
 *   `pkg/workspace/controllers/benchmark.go` lines 48-59 and 114-175).
 * - Without a result it sets `BenchmarkCompleted` False and `WorkspaceSucceeded` False, both with
 *   reason `BenchmarkFailed` and the error as message (e.g. "pod pets/<ws>-0: no KAITO_BENCHMARK_RESULT
 *   line found in pod logs"), and state `NotReady` (`workspace_controller.go` lines 1274-1279 and
 *   1322-1328): the model serves, yet the Workspace never reaches `WorkspaceSucceeded`.
 */
import type { Snapshot } from './conditions';
import { findCondition, Pod, Workspace, WORKSPACE_CONDITIONS } from './kube-types';

/** Names Kaito 0.12.0 uses for its start-up benchmark (see the file comment for where). */
export const BENCHMARK = {
  condition: 'BenchmarkCompleted',
  failedReason: 'BenchmarkFailed',
  annotation: 'kaito.sh/disable-benchmark',
  metric: 'peakTokensPerMinute',
  probeScript: 'benchmark_entrypoint.py',
} as const;

/** Where the start-up benchmark stands. */
export type BenchmarkState =
  /** No benchmark: Kaito before 0.12, a runtime other than vLLM, or nothing deployed yet. */
  | { readonly kind: 'none' }
  /** Skipped with the annotation. */
  | { readonly kind: 'disabled' }
  /** The startup probe loads and benchmarks the model, or Kaito has yet to read the result. */
  | { readonly kind: 'running'; readonly detail: string }
  /** Recorded, with the figure when Kaito reported one. */
  | { readonly kind: 'passed'; readonly figure?: string }
  /** No result: the Workspace stays NotReady. */
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string };

/** The benchmark and whether the model already answers. */
export interface BenchmarkReading {
  readonly state: BenchmarkState;
  /** An inference pod is Ready, so the Workspace's Service routes requests to it. */
  readonly modelAnswers: boolean;
}

/** Reads the benchmark from one snapshot. */
export function readBenchmark(snapshot: Snapshot): BenchmarkReading {
  const pods = snapshot.pods.filter((p) => !p.metadata?.deletionTimestamp);
  const modelAnswers = pods.some(isReady);
  return { state: stateOf(snapshot.workspace, pods), modelAnswers };
}

function stateOf(ws: Workspace | undefined, pods: readonly Pod[]): BenchmarkState {
  if (!ws) return { kind: 'none' };
  if (ws.metadata.annotations?.[BENCHMARK.annotation] === 'true') return { kind: 'disabled' };
  const conditions = ws.status?.conditions;
  const completed = findCondition(conditions, BENCHMARK.condition);
  if (completed?.status === 'True') return { kind: 'passed', figure: figureOf(ws) };
  const succeeded = findCondition(conditions, WORKSPACE_CONDITIONS.succeeded);
  const failed = [completed, succeeded].find((c) => c?.status === 'False' && c.reason === BENCHMARK.failedReason);
  if (failed) return { kind: 'failed', reason: BENCHMARK.failedReason, message: failed.message ?? '' };
  const probed = pods.filter(hasBenchmarkProbe);
  if (probed.length === 0) return { kind: 'none' };
  if (probed.some(isReady)) return { kind: 'running', detail: 'benchmark done; Kaito is reading its result from the pod log' };
  return {
    kind: 'running',
    detail: 'the startup probe loads the model, then benchmarks it (60 s); the pod turns Ready after that',
  };
}

/** `peak 41234.5 tokens/min (stress/high-concurrency, 60 s, concurrency 32)`, from `status.performance`. */
function figureOf(ws: Workspace): string | undefined {
  const m = ws.status?.performance?.metrics?.[BENCHMARK.metric];
  if (!m?.value) return undefined;
  const details = [
    m.description,
    m.config?.durationSec ? `${m.config.durationSec} s` : undefined,
    m.config?.maxConcurrency ? `concurrency ${m.config.maxConcurrency}` : undefined,
  ].filter((d): d is string => !!d);
  return `peak ${m.value} ${m.unit ?? ''}`.trimEnd() + (details.length > 0 ? ` (${details.join(', ')})` : '');
}

/** Whether a container of the pod runs Kaito's benchmark as its startup probe. */
function hasBenchmarkProbe(pod: Pod): boolean {
  return (pod.spec?.containers ?? []).some((c) => (c.startupProbe?.exec?.command ?? []).join(' ').includes(BENCHMARK.probeScript));
}

function isReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** One line on the benchmark for `status`; undefined when there is none. */
export function describeBenchmark(state: BenchmarkState): string | undefined {
  switch (state.kind) {
    case 'none':
      return undefined;
    case 'disabled':
      return `skipped (${BENCHMARK.annotation}: "true")`;
    case 'running':
      return `running: ${state.detail}`;
    case 'passed':
      return `passed${state.figure ? `: ${state.figure}` : ' (no figure reported)'}`;
    case 'failed':
      return `failed, ${state.reason}: ${state.message}`;
  }
}

/** Whether the model answers, in words. */
export function describeAnswers(reading: BenchmarkReading): string {
  return reading.modelAnswers
    ? 'yes: an inference pod is Ready and the Service routes to it (npm run smoke)'
    : 'not yet: no inference pod is Ready';
}

/** The fix for a failed benchmark: skip it, and what that costs. */
export function benchmarkFix(workspace: string, namespace: string): string[] {
  return [
    `skip the benchmark: kubectl annotate workspace ${workspace} --namespace ${namespace} ${BENCHMARK.annotation}=true`,
    "skipping costs only Kaito's throughput figure (status.performance peakTokensPerMinute); the model serves the same",
    `or see why it failed: kubectl logs --namespace ${namespace} ${workspace}-0 | grep KAITO_BENCHMARK`,
  ];
}
