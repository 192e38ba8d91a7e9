/**
 * What ai-service 2.2.0 (the store app's AI backend) needs from its Deployment: the upstream chart's
 * resources and probes, how long one model call may block its only worker, how long its callers
 * wait, and what it was measured to need. Every number is in `data/ai-service.json`, with its source.
 */
import data from './data/ai-service.json';

/** An HTTP probe of the upstream chart. */
export interface ChartProbe {
  readonly path: string;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** The shape of `data/ai-service.json`. */
export interface AiServiceFacts {
  readonly retrieved: string;
  /** aks-store-demo-chart 1.6.0's settings for ai-service. */
  readonly upstreamChart: {
    readonly source: string;
    readonly resources: {
      readonly requests: { readonly cpu: string; readonly memory: string };
      readonly limits: { readonly cpu: string; readonly memory: string };
    };
    readonly startupProbe: ChartProbe;
    readonly readinessProbe: ChartProbe;
    readonly livenessProbe: ChartProbe;
  };
  /** The model call ai-service makes with openai's defaults: it blocks /health for its whole length. */
  readonly modelCall: {
    readonly source: string;
    readonly client: string;
    readonly timeoutSeconds: number;
    readonly maxRetries: number;
    readonly maxRetryDelaySeconds: number;
  };
  /** How long ai-service's callers wait for a description. */
  readonly callers: {
    readonly source: string;
    readonly storeAdminDescriptionTimeoutSeconds: number;
    readonly productServiceTimeoutSeconds: number;
  };
  /** Measured on ai-service 2.2.0. */
  readonly measured: {
    readonly source: string;
    readonly healthAnsweredDuringCompletion: boolean;
    readonly peakMemoryMiB: number;
    readonly coldStartCpuSeconds: number;
  };
}

/** The ai-service facts. */
export const AI_SERVICE_FACTS: AiServiceFacts = data as AiServiceFacts;

/**
 * The longest one description can keep ai-service's worker busy, seconds: every attempt of the
 * model call running into openai's read timeout, plus the backoff between attempts.
 */
export function longestModelCallSeconds(facts: AiServiceFacts = AI_SERVICE_FACTS): number {
  const { timeoutSeconds, maxRetries, maxRetryDelaySeconds } = facts.modelCall;
  return (maxRetries + 1) * timeoutSeconds + maxRetries * maxRetryDelaySeconds;
}
