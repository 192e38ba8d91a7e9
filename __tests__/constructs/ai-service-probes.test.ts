/**
 * Issue 27 item 3: ai-service 2.2.0 answers /health on the worker that runs the model call, so a
 * probe on /health fails for as long as a completion runs. Its probes must outlast the longest
 * completion we allow, and its start and memory must fit the budget and limits.
 */
import { AI_SERVICE_FACTS, longestModelCallSeconds } from '../../catalog';
import { AI_SERVICE_PROBES } from '../../constructs/ai-service';

interface Probe {
  readonly httpGet?: { readonly path: string };
  readonly tcpSocket?: { readonly port: number };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/**
 * The shortest time ai-service's worker must be busy for the probe to give up: a probe that needs
 * the worker (HTTP /health) fails from the first check after the completion starts, and gives up on
 * the failureThreshold-th failure, which times out after timeoutSeconds. A TCP probe is answered by
 * the kernel's listen backlog, not by the worker: a busy worker never trips it.
 */
function busySecondsToTrip(probe: Probe): number {
  if (!probe.httpGet) return Infinity;
  return (probe.failureThreshold - 1) * probe.periodSeconds + probe.timeoutSeconds;
}

const { measured, callers, upstreamChart } = AI_SERVICE_FACTS;

test('the longest model call: openai 2.43.0 defaults, 3 attempts of 600 s plus backoff', () => {
  expect(longestModelCallSeconds()).toBe(1816);
});

test('GIVEN /health is silent during a completion WHEN the longest model call runs THEN liveness does not restart the pod', () => {
  expect(measured.healthAnsweredDuringCompletion).toBe(false);
  expect(busySecondsToTrip(AI_SERVICE_PROBES.livenessProbe)).toBeGreaterThan(longestModelCallSeconds());
  // upstream's /health liveness would restart ai-service after about 93 s of one completion
  expect(busySecondsToTrip({ ...upstreamChart.livenessProbe, httpGet: { path: upstreamChart.livenessProbe.path } })).toBeLessThan(
    longestModelCallSeconds(),
  );
});

test('readiness outlasts every completion store-admin still waits for', () => {
  expect(busySecondsToTrip(AI_SERVICE_PROBES.readinessProbe)).toBeGreaterThan(callers.storeAdminDescriptionTimeoutSeconds);
  expect(busySecondsToTrip(AI_SERVICE_PROBES.readinessProbe)).toBe(93);
});

test('the start fits the startup budget twice over at the CPU limit', () => {
  const cpuLimitCores = Number(upstreamChart.resources.limits.cpu.replace(/m$/, '')) / 1000;
  const coldStartSeconds = measured.coldStartCpuSeconds / cpuLimitCores; // 48 s at 50m
  const { periodSeconds, failureThreshold } = AI_SERVICE_PROBES.startupProbe;
  expect(periodSeconds * failureThreshold).toBeGreaterThanOrEqual(2 * coldStartSeconds);
});

test('the memory limit leaves a quarter above the measured peak', () => {
  const limitMiB = Number(upstreamChart.resources.limits.memory.replace(/Mi$/, ''));
  expect(limitMiB).toBeGreaterThanOrEqual(1.25 * measured.peakMemoryMiB);
});
