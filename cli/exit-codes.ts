/** Exit codes of every `kaito-aks` command; azd hooks and CI scripts test them. */
export const EXIT = {
  /** Done: ready, answered, enough quota, or a preflight skipped with a notice. */
  OK: 0,
  /** A check failed: provisioning failed, a smoke call failed, quota is short, the cluster is unreachable. */
  FAILURE: 1,
  /** `wait` ran out of time (`--timeout`) before the Workspace was ready. */
  TIMEOUT: 2,
  /** Bad command line or bad configuration: nothing was checked. */
  USAGE: 3,
} as const;

/** One of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as the help text lists them. */
export const EXIT_CODES_HELP = [
  'Exit codes:',
  '  0  ok (ready, answered, enough quota, or preflight skipped with a notice)',
  '  1  failure (provisioning or a smoke call failed, quota short, cluster unreachable)',
  '  2  timeout (wait ran out of --timeout)',
  '  3  usage (bad option or bad configuration)',
].join('\n');
