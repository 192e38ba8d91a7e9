/**
 * Answers that mean "a role assignment or federated credential made in this apply is not effective
 * yet". Microsoft Entra ID and Azure RBAC replicate new assignments and credentials for minutes
 * (Azure RBAC troubleshooting: "can take up to 10 minutes"; a new federated credential "a few
 * minutes"), so the Day-2 commands, run right after `azd up`, retry such answers within a bounded,
 * stated window before they call them failures. A new Azure OpenAI deployment is the same shape: its
 * data plane answers `DeploymentNotFound` for the first minutes.
 */

/** The default window: how long after the first such answer the commands keep retrying, milliseconds. */
export const DEFAULT_PROPAGATION_WINDOW_MS = 10 * 60_000;

/** Time between two tries inside the window, milliseconds. */
export const PROPAGATION_RETRY_MS = 15_000;

/** What is not effective yet. */
export interface Propagation {
  /** `role assignment`, `federated credential`, or a new `Azure OpenAI deployment` not served yet. */
  readonly what: 'role assignment' | 'federated credential' | 'Azure OpenAI deployment';
  /** The words of the answer that tell it, e.g. `PermissionDenied`. */
  readonly marker: string;
}

const MARKERS: readonly [RegExp, Propagation['what']][] = [
  // Azure OpenAI's 404 right after a deployment is made: "If you created the deployment within the
  // last 5 minutes, please wait a moment and try again" (Azure-Samples/azure-search-openai-demo#391)
  [/DeploymentNotFound/, 'Azure OpenAI deployment'],
  [/AADSTS700213|AADSTS70021|No matching federated identity record/i, 'federated credential'],
  [
    /PermissionDenied|AuthorizationFailed|LinkedAuthorizationFailed|does not have authorization to perform action|lacks the required data action|Principal does not have access to API\/Operation|is forbidden: User/i,
    'role assignment',
  ],
];

/** Recognizes an answer that a role or credential still propagating explains; undefined otherwise. */
export function recognizePropagation(text: string): Propagation | undefined {
  for (const [pattern, what] of MARKERS) {
    const m = pattern.exec(text);
    if (m) return { what, marker: m[0] };
  }
  return undefined;
}

/** The progress line of a retry: what was seen, since when, and how much of the window is left. */
export function propagationProgress(p: Propagation, waitedMs: number, windowMs: number, source: string): string {
  const minutes = (ms: number) => `${Math.round(ms / 6000) / 10} min`;
  const late =
    p.what === 'Azure OpenAI deployment'
      ? 'a new Azure OpenAI deployment can take minutes to be served'
      : `a new ${p.what} can take minutes to apply`;
  return `${source} says "${p.marker}": ${late}; retrying (${minutes(waitedMs)} of ${minutes(windowMs)})`;
}
