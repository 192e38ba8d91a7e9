/**
 * `kaito-aks wait`: polls the Workspace, its NodeClaim and its inference pod until the model serves,
 * with a live progress line per step; stops early with the real cause when provisioning fails for a
 * reason waiting cannot fix.
 */
import { KUBERNETES_NAMES } from '../config/names';
import type { Cause, CauseContext } from './causes';
import { benchmarkFix, readBenchmark } from './benchmark';
import { assess, Assessment, staleGeneration } from './conditions';
import { formatDuration } from './duration';
import { EXIT, ExitCode } from './exit-codes';
import { KAITO_LABELS, WORKSPACE_CONDITIONS } from './kube-types';
import { KubeApiError, KubeClient } from './kube';
import { ApiFailure, explainApiFailure, formatApiFailure } from './network';
import { DEFAULT_PROPAGATION_WINDOW_MS, propagationProgress, recognizePropagation } from './propagation';
import { ProgressView, Screen } from './progress';
import { LogMemo, takeSnapshot } from './snapshot';
import type { Snapshot } from './conditions';
import { credentialsCommands, gpuNeed, provisionerIdentity, Target } from './target';

/** Options of `wait`. */
export interface WaitOptions {
  /** Give up after this long, milliseconds (exit 2). */
  readonly timeoutMs: number;
  /** Time between two reads of the cluster, milliseconds. */
  readonly intervalMs: number;
  /** A pod that restarted this often is failing, not starting. */
  readonly maxRestarts: number;
  /**
   * How long a cause that a new role assignment or federated credential explains (gpu-provisioner's
   * AuthorizationFailed or AADSTS70021, an API server 403 for the deployer) is retried before it is a
   * failure, counted from the first time it is seen, milliseconds.
   * @default DEFAULT_PROPAGATION_WINDOW_MS (10 minutes)
   */
  readonly propagationWindowMs?: number;
  /**
   * The longest one read of the cluster may take, milliseconds (`--request-timeout`); less when the
   * wait's own timeout is nearer.
   * @default DEFAULT_WAIT_REQUEST_TIMEOUT_MS (10 s)
   */
  readonly requestTimeoutMs?: number;
}

/** What `wait` needs from its surroundings; the tests pass a fake clock. */
export interface Runtime {
  /** Where output goes. */
  readonly screen: Screen;
  /** Wall clock, milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** API errors in a row after which `wait` stops: about half a minute of an unreachable API server at 5 s. */
export const MAX_API_ERRORS_IN_A_ROW = 6;

const TICK_MS = 1000;

/** The longest one read of `wait` takes by default, milliseconds: a read of three small objects. */
export const DEFAULT_WAIT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * API errors in a row after which `wait` stops when the API server has not answered once since it
 * started: a server that accepts connections and never answers is reported after two reads, not six.
 */
export const MAX_API_ERRORS_BEFORE_ANY_ANSWER = 2;

/** Runs `wait` and returns its exit code. */
export async function runWait(kube: KubeClient, target: Target, options: WaitOptions, rt: Runtime): Promise<ExitCode> {
  const start = rt.now();
  const elapsed = () => rt.now() - start;
  const view = new ProgressView(rt.screen, `Waiting for Workspace ${target.workspace} in ${target.namespace}`, options.timeoutMs);
  const context = causeContext(target);
  const memo: LogMemo = new Map();
  let last: (Assessment & { benchmark?: string }) | undefined;
  let errorsInARow = 0;
  let answered = false;
  let apiProblem: ApiFailure | undefined;
  const windowMs = options.propagationWindowMs ?? DEFAULT_PROPAGATION_WINDOW_MS;
  let propagatingSince: number | undefined;
  let forbiddenSince: number | undefined;

  for (;;) {
    try {
      // no request may outlast the wait's own timeout
      const requestTimeoutMs = Math.max(
        1000,
        Math.min(options.requestTimeoutMs ?? DEFAULT_WAIT_REQUEST_TIMEOUT_MS, options.timeoutMs - elapsed()),
      );
      const snapshot = await takeSnapshot(kube, target, memo, requestTimeoutMs);
      answered = true;
      errorsInARow = 0;
      apiProblem = undefined;
      last = withBenchmark(assess(snapshot, { maxRestarts: options.maxRestarts, context, now: rt.now() }), snapshot, target);
      const propagation =
        last.verdict === 'failed' && last.cause ? recognizePropagation(`${last.cause.detail}\n${last.cause.source}`) : undefined;
      if (last.cause && propagation && last.cause.kind !== 'deleting') {
        propagatingSince ??= rt.now();
        const waited = rt.now() - propagatingSince;
        if (waited < windowMs) {
          // not a failure yet: the role or credential may still be on its way
          last = {
            ...last,
            verdict: 'progressing',
            steps: last.steps.map((st) => (st.state === 'failed' ? { ...st, state: 'active' } : st)),
          };
          view.update(last, rt.now(), elapsed());
          view.warn(propagationProgress(propagation, waited, windowMs, last.cause?.source ?? 'Azure'), rt.now(), elapsed());
        } else {
          last = {
            ...last,
            cause: { ...last.cause, title: `${last.cause.title} (still after the ${formatDuration(windowMs)} propagation window)` },
          };
          view.update(last, rt.now(), elapsed());
        }
      } else {
        view.update(last, rt.now(), elapsed());
      }
    } catch (err) {
      if (!(err instanceof KubeApiError)) throw err;
      errorsInARow += 1;
      const failure = explainApiFailure(err, kube.connection.server, credentialsCommands(target.config), '--request-timeout');
      apiProblem = failure;
      // the deployer's new AKS RBAC role may not be effective yet: a 403 is retried within the window
      if (failure.kind === 'forbidden') {
        forbiddenSince ??= rt.now();
        if (rt.now() - forbiddenSince < windowMs) {
          const p = { what: 'role assignment', marker: '403 Forbidden' } as const;
          view.warn(propagationProgress(p, rt.now() - forbiddenSince, windowMs, 'the API server'), rt.now(), elapsed());
          errorsInARow = 0;
        }
      }
      // a name that does not resolve, a certificate not trusted, credentials refused: trying again cannot help
      // a server that has not answered once since wait started is not waited for long
      const limit = failure.kind === 'timeout' && !answered ? MAX_API_ERRORS_BEFORE_ANY_ANSWER : MAX_API_ERRORS_IN_A_ROW;
      if ((!failure.transient && errorsInARow > 0) || (errorsInARow >= limit && elapsed() < options.timeoutMs)) {
        view.tick(rt.now(), elapsed());
        rt.screen.write(formatApiFailure(failure));
        return EXIT.FAILURE;
      }
      view.warn(`cannot read the cluster (${errorsInARow} of ${limit}): ${failure.title}`, rt.now(), elapsed());
    }
    if (last?.verdict === 'ready') {
      rt.screen.write(readyReport(target, elapsed(), last.benchmark));
      return EXIT.OK;
    }
    if (last?.verdict === 'failed' && last.cause) {
      rt.screen.write(failureReport(target, last.cause, elapsed()));
      return EXIT.FAILURE;
    }
    if (elapsed() >= options.timeoutMs) {
      rt.screen.write(
        timeoutReport(target, last, elapsed()) +
          (apiProblem ? `  the cluster did not answer at the end:\n${formatApiFailure(apiProblem)}` : ''),
      );
      return EXIT.TIMEOUT;
    }
    const until = Math.min(rt.now() + options.intervalMs, start + options.timeoutMs);
    while (rt.now() < until) {
      await rt.sleep(Math.min(TICK_MS, until - rt.now()));
      view.tick(rt.now(), elapsed());
    }
  }
}

/**
 * Kaito 0.12.0's start-up benchmark (`./benchmark`): while it runs, the pod row says so; when it
 * failed, the Workspace stays NotReady for good, a cause waiting cannot fix; when it passed, its figure
 * goes into the ready report.
 */
function withBenchmark(a: Assessment, snapshot: Snapshot, target: Target): Assessment & { benchmark?: string } {
  const { state, modelAnswers } = readBenchmark(snapshot);
  if (state.kind === 'passed') return { ...a, benchmark: state.figure ?? 'passed (no figure reported)' };
  if (state.kind === 'running' && a.verdict === 'progressing') {
    return {
      ...a,
      steps: a.steps.map((s) => (s.key === 'pod' ? { ...s, detail: `${s.detail}; start-up benchmark: ${state.detail}` } : s)),
    };
  }
  // a deletion, another fatal cause, or conditions older than the spec say more than an old BenchmarkFailed
  const stale = !!snapshot.workspace?.metadata.deletionTimestamp || staleGeneration(snapshot.workspace) !== undefined;
  if (state.kind !== 'failed' || a.verdict !== 'progressing' || stale) return a;
  const cause: Cause = {
    kind: 'benchmark',
    title: `Kaito's start-up benchmark failed (${state.reason}): the Workspace stays NotReady${
      modelAnswers ? ', though the model already answers (npm run smoke)' : ''
    }`,
    source: `Workspace ${target.workspace} condition ${WORKSPACE_CONDITIONS.succeeded}`,
    detail: state.message,
    fix: benchmarkFix(target.workspace, target.namespace),
    fatal: true,
  };
  return {
    ...a,
    verdict: 'failed',
    cause,
    steps: a.steps.map((s) => (s.key === 'succeeded' ? { ...s, state: 'failed', detail: `${state.reason}: ${state.message}` } : s)),
  };
}

/** What the cause messages need, from the Config. */
export function causeContext(target: Target): CauseContext {
  const { config } = target;
  const need = gpuNeed(config);
  return {
    location: config.location,
    instanceType: need.sku.name,
    quotaFamily: need.sku.quotaFamily,
    vCpusNeeded: need.vCpus,
    resourceGroup: config.names.resourceGroup,
    cluster: config.names.cluster,
    provisioner: provisionerIdentity(config),
  };
}

function readyReport(target: Target, ms: number, benchmark?: string): string {
  return [
    `✔ ${target.workspace} is ready after ${formatDuration(ms)}`,
    `  endpoint  ${target.endpoint} (model ${target.config.kaito.preset.servedModelName ?? 'as /v1/models lists it'})`,
    ...(benchmark ? [`  benchmark ${benchmark} (Kaito's start-up benchmark)`] : []),
    '  next      npm run smoke',
    '',
  ].join('\n');
}

/** The report of a fatal cause: what, where, the message, the fix. */
function failureReport(target: Target, cause: Cause, ms: number): string {
  return [
    `✖ ${target.workspace} failed after ${formatDuration(ms)}: ${cause.title}`,
    `  seen in   ${cause.source}`,
    `  message   ${cause.detail}`,
    ...cause.fix.map((f, i) => `  ${i === 0 ? 'fix' : '   '}       ${f}`),
    '',
  ].join('\n');
}

function timeoutReport(target: Target, last: Assessment | undefined, ms: number): string {
  const stuck = last?.steps.find((s) => s.state !== 'done');
  const ns = target.namespace;
  return [
    `✖ timed out after ${formatDuration(ms)}: ${target.workspace} is not ready${stuck ? ` (${stuck.label}: ${stuck.detail})` : ''}`,
    ...(last?.cause
      ? [
          `  last problem seen: ${last.cause.title}`,
          `    in ${last.cause.source}: ${last.cause.detail}`,
          ...last.cause.fix.map((f) => `    ${f}`),
        ]
      : []),
    '  look closer:',
    `    kubectl describe workspace ${target.workspace} --namespace ${ns}`,
    `    kubectl get nodeclaims --selector ${KAITO_LABELS.workspace}=${target.workspace} --output yaml`,
    ...(target.provisionerNamespace
      ? [
          `    kubectl logs --namespace ${target.provisionerNamespace} deployment/gpu-provisioner --tail 50`,
          `    kubectl logs --namespace ${KUBERNETES_NAMES.kaitoNamespace} --selector app.kubernetes.io/instance=workspace --tail 50`,
        ]
      : ['    kubectl get pods --namespace kube-system (the AKS add-on runs Kaito there)']),
    '  a GPU node and the model image often take 10 to 15 minutes; wait longer with --timeout 45m',
    '',
  ].join('\n');
}

/** The report of an API server that cannot be read: what kind of failure, naming the server, and what to do next. */
export function apiFailure(err: KubeApiError, target: Target, server: string, timeoutOption?: string): string {
  return formatApiFailure(explainApiFailure(err, server, credentialsCommands(target.config), timeoutOption));
}
