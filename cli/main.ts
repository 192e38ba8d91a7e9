/**
 * `kaito-aks`, the Day-2 CLI: `preflight`, `wait`, `smoke`, `status`, `destroy-check`, `nodeclaims-gone` and `models`.
 *
 * Only commander and this file load at start; each command loads what it needs (the configuration,
 * the Kubernetes client, the Azure SDK) when it runs, so `kaito-aks --help` stays fast. The CLI's own
 * modules are loaded with `require`, not `import()`: an `import()` of a TypeScript file would go
 * through the ES module loader and load a second copy of modules the first already holds (two
 * `KubeApiError` classes, and `instanceof` fails).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RELEASE_VERSIONS, ReleaseVersion } from '../catalog/release-trains';
import { redactCredentials } from '../config/redact';
import { parseDuration } from './duration';
import { EXIT, EXIT_CODES_HELP, ExitCode } from './exit-codes';
import type { KubeClient } from './kube';
import type { Screen } from './progress';
import type { Target, TargetOptions } from './target';

/** Where the CLI reads and writes; the tests pass their own. */
export interface CliIo {
  /** Standard output. */
  readonly stdout: Screen;
  /** Standard error. */
  readonly stderr: Screen;
  /** The environment, read like synth reads it (azd's variables). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Thrown inside a command to stop with a message and an exit code. */
class Stop extends Error {
  constructor(
    message: string,
    readonly code: ExitCode,
  ) {
    super(message);
  }
}

/** Runs the CLI with `argv` (the arguments after the program name) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (err instanceof Stop) {
      io.stderr.write(`${err.message}\n`);
      return err.code;
    }
    if (err instanceof Error && err.name === 'ConfigError') {
      io.stderr.write(`${err.message}\n\nNothing was checked. Fix the variables above (azd env set NAME VALUE) and run again.\n`);
      return EXIT.USAGE;
    }
    throw err;
  }
}

function buildProgram(io: CliIo, exit: (code: ExitCode) => void): Command {
  const program = new Command('kaito-aks')
    .description('Day-2 commands for kaito-aks: check GPU quota, wait for the model, smoke-test it, show the status')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('-n, --namespace <name>', 'namespace of the Workspace, ai-service and the store app (default: pets)')
    .option('-w, --workspace <name>', 'Workspace name (default: derived from KAITO_MODEL, as synth does)')
    .addHelpText(
      'after',
      `\n${EXIT_CODES_HELP}\n\nSettings come from the environment synth reads (azd env values): AZURE_LOCATION, AZURE_SUBSCRIPTION_ID,\nKAITO_VERSION, KAITO_MODEL, KAITO_INSTANCE_TYPE, KAITO_NODE_COUNT, DEPLOY_AZURE_OPENAI, ...\nThe cluster is reached with your kubeconfig (KUBECONFIG or ~/.kube/config).\n`,
    )
    .showHelpAfterError('(run kaito-aks --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // the width of the screen written to, so option descriptions wrap where it does (100 off a terminal)
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    });

  program
    .command('preflight')
    .description("check that the GPU size is offered in the region and that the subscription's vCPU quota holds the Workspace's nodes")
    .action(async () => {
      const { loadConfig } = load<typeof import('../config')>('../config');
      const { azureAccess } = load<typeof import('./azure')>('./azure');
      const { runPreflight } = load<typeof import('./preflight')>('./preflight');
      exit(await runPreflight(loadConfig(io.env), (subscriptionId) => azureAccess({ subscriptionId }), io.stdout));
    });

  program
    .command('wait')
    .description('wait until the Workspace serves: NodeClaim, ResourceReady, InferenceReady, inference pod Ready, WorkspaceSucceeded')
    .addOption(new Option('--timeout <duration>', 'give up after this long (exit 2)').default(30 * 60_000, '30m').argParser(durationArg))
    .addOption(new Option('--interval <duration>', 'time between two reads of the cluster').default(5_000, '5s').argParser(durationArg))
    .addOption(new Option('--max-restarts <count>', 'a pod restarted this often is failing, not starting').default(5).argParser(countArg))
    .addOption(
      new Option('--request-timeout <duration>', 'give up on one read of the cluster after this long')
        .default(10_000, '10s')
        .argParser(durationArg),
    )
    .addOption(propagationWindowOption())
    .action(
      async (
        options: { timeout: number; interval: number; maxRestarts: number; propagationWindow: number; requestTimeout: number },
        command: Command,
      ) => {
        const { runWait } = load<typeof import('./wait')>('./wait');
        const target = loadTarget(io, command.optsWithGlobals<TargetOptions>());
        const kube = await connect(target);
        const runtime = { screen: io.stdout, now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
        exit(
          await runWait(
            kube,
            target,
            {
              timeoutMs: options.timeout,
              intervalMs: options.interval,
              maxRestarts: options.maxRestarts,
              propagationWindowMs: options.propagationWindow,
              requestTimeoutMs: options.requestTimeout,
            },
            runtime,
          ),
        );
      },
    );

  program
    .command('smoke')
    .description(
      "call the model (GET /v1/models, a chat completion) and ai-service (POST /generate/description) through the API server's service proxy",
    )
    .option('--prompt <text>', 'the question for the chat completion')
    .addOption(
      new Option('--request-timeout <duration>', 'give up on one call of the model or ai-service after this long')
        .default(120_000, '2m')
        .argParser(durationArg),
    )
    .addOption(
      new Option('--api-timeout <duration>', 'give up on a read of the API server itself after this long')
        .default(10_000, '10s')
        .argParser(durationArg),
    )
    .addOption(propagationWindowOption())
    .action(
      async (options: { prompt?: string; requestTimeout: number; apiTimeout: number; propagationWindow: number }, command: Command) => {
        const { runSmoke, DEFAULT_PROMPT } = load<typeof import('./smoke')>('./smoke');
        const target = loadTarget(io, command.optsWithGlobals<TargetOptions>());
        const kube = await connect(target);
        const runtime = { screen: io.stdout, clock: () => performance.now() };
        exit(
          await runSmoke(
            kube,
            target,
            {
              prompt: options.prompt ?? DEFAULT_PROMPT,
              requestTimeoutMs: options.requestTimeout,
              apiTimeoutMs: options.apiTimeout,
              propagationWindowMs: options.propagationWindow,
            },
            runtime,
          ),
        );
      },
    );

  program
    .command('status')
    .description('one screen: cluster, Kaito releases, Workspace state and endpoint, ai-service backend, store-admin URL')
    .addOption(
      new Option('--request-timeout <duration>', 'give up when the API server has not answered after this long')
        .default(10_000, '10s')
        .argParser(durationArg),
    )
    .action(async (options: { requestTimeout: number }, command: Command) => {
      const { runStatus } = load<typeof import('./status')>('./status');
      const target = loadTarget(io, command.optsWithGlobals<TargetOptions>());
      exit(await runStatus(await connect(target), target, io.stdout, { requestTimeoutMs: options.requestTimeout }));
    });

  program
    .command('destroy-check')
    .description(
      "before destroying kaito-stack: stop at once, with the recovery, when Kaito's finalizer could not delete the Workspace (exit 1)",
    )
    .action(async (_options: unknown, command: Command) => {
      const { runDestroyCheck } = load<typeof import('./destroy-check')>('./destroy-check');
      const target = loadTarget(io, command.optsWithGlobals<TargetOptions>());
      let kube: KubeClient;
      try {
        kube = await connect(target);
      } catch (err) {
        if (!(err instanceof Stop)) throw err;
        // a check that cannot look blocks nothing: the destroy reaches the cluster its own way
        io.stdout.write(`! destroy-check could not use the kubeconfig; the destroy goes on without it\n${err.message}\n`);
        return;
      }
      exit(await runDestroyCheck(kube, target, io.stdout));
    });

  program
    .command('nodeclaims-gone')
    .description(
      "wait until no NodeClaim of the Workspace is left (gpu-provisioner deletes each one's GPU node pool); kaito-stack's destroy runs it before removing the operators",
    )
    .addOption(
      new Option('--timeout <duration>', 'give up after this long (exit 2), naming the node pools to delete by hand')
        .default(20 * 60_000, '20m')
        .argParser(durationArg),
    )
    .addOption(new Option('--interval <duration>', 'time between two reads of the cluster').default(10_000, '10s').argParser(durationArg))
    .addOption(
      new Option('--on-unreachable <what>', 'when the cluster cannot be read: fail (exit 1) or continue (a cluster already deleted)')
        .choices(['fail', 'continue'])
        .default('fail'),
    )
    .action(async (options: { timeout: number; interval: number; onUnreachable: 'fail' | 'continue' }, command: Command) => {
      const { runNodeClaimsGone } = load<typeof import('./nodeclaims')>('./nodeclaims');
      const target = loadTarget(io, command.optsWithGlobals<TargetOptions>());
      // inside terraform destroy the option cannot be typed: the environment can set it
      const fromEnv = io.env.KAITO_AKS_NODECLAIMS_UNREACHABLE;
      if (fromEnv !== undefined && fromEnv !== '' && fromEnv !== 'fail' && fromEnv !== 'continue') {
        throw new Stop(
          `KAITO_AKS_NODECLAIMS_UNREACHABLE="${fromEnv}" is not a choice: it says what to do when the cluster cannot be read; use fail (the default) or continue`,
          EXIT.USAGE,
        );
      }
      const onUnreachable = fromEnv === 'continue' ? 'continue' : options.onUnreachable;
      let kube: KubeClient;
      try {
        kube = await connect(target);
      } catch (err) {
        if (!(err instanceof Stop) || onUnreachable !== 'continue') throw err;
        io.stdout.write(`! nodeclaims-gone could not use the kubeconfig; going on as asked (--on-unreachable continue)\n${err.message}\n`);
        return;
      }
      const runtime = { screen: io.stdout, now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
      exit(await runNodeClaimsGone(kube, target, { timeoutMs: options.timeout, intervalMs: options.interval, onUnreachable }, runtime));
    });

  program
    .command('models')
    .description('list the presets each Kaito release serves (KAITO_MODEL), with weights, the default GPU size and the aliases Kaito takes')
    .addOption(new Option('--release <version>', `only this release (KAITO_VERSION): ${RELEASE_VERSIONS.join(', ')}`).argParser(releaseOf))
    .addOption(
      new Option('--location <region>', 'price the default sizes in this Azure region (default: AZURE_LOCATION, else eastus)').argParser(
        regionOf,
      ),
    )
    .action((options: { release?: ReleaseVersion; location?: string }) => {
      const { formatModels } = load<typeof import('./models')>('./models');
      const location = options.location ?? (io.env.AZURE_LOCATION?.trim() ? locationOfEnv(io.env.AZURE_LOCATION) : 'eastus');
      io.stdout.write(formatModels(options.release ? [options.release] : RELEASE_VERSIONS, location));
    });

  return program;
}

/** A `--release` value: a release train, with did-you-mean for a near miss (`v0.12.0`). */
function releaseOf(value: string): ReleaseVersion {
  const release = RELEASE_VERSIONS.find((r) => r === value.trim());
  if (release) return release;
  const { didYouMean } = load<typeof import('../config/suggest')>('../config/suggest');
  const near = didYouMean(value, RELEASE_VERSIONS);
  throw new InvalidArgumentError(`must be one of ${RELEASE_VERSIONS.join(', ')}${near ? `; ${near}` : ''}`);
}

/** A `--location` value (or AZURE_LOCATION): an Azure region, with did-you-mean for a near miss. */
function regionOf(value: string): string {
  const { AZURE_REGIONS, findRegion, REGIONS_FILE } = load<typeof import('../config/azure')>('../config/azure');
  const region = findRegion(value);
  if (region) return region.name;
  const { didYouMean } = load<typeof import('../config/suggest')>('../config/suggest');
  const near = didYouMean(
    value,
    AZURE_REGIONS.map((r) => r.name),
  );
  throw new InvalidArgumentError(`not an Azure region${near ? `; ${near}` : ''}; the full list is in ${REGIONS_FILE}`);
}

/** AZURE_LOCATION as the region to price in; a value that is not a region stops with the variable named. */
function locationOfEnv(value: string): string {
  try {
    return regionOf(value);
  } catch (err) {
    throw new Stop(`AZURE_LOCATION=${value.trim()}: ${(err as Error).message}; or price another region with --location`, EXIT.USAGE);
  }
}

/** Loads one of the CLI's modules when a command needs it (see the file comment for why `require`). */
function load<T>(path: string): T {
  return require(path) as T;
}

function loadTarget(io: CliIo, options: TargetOptions): Target {
  const { loadConfig } = load<typeof import('../config')>('../config');
  const { resolveTarget } = load<typeof import('./target')>('./target');
  return resolveTarget(loadConfig(io.env), { context: options.context, namespace: options.namespace, workspace: options.workspace });
}

/**
 * Connects with the user's kubeconfig (kubeconfig mode: AKS_KUBECONFIG's); a kubeconfig that cannot be used stops
 * with the commands that fix it.
 */
async function connect(target: Target): Promise<KubeClient> {
  const { connectKube, KubeClient, KubeConfigError } = load<typeof import('./kube')>('./kube');
  const { credentialsCommands } = load<typeof import('./target')>('./target');
  try {
    return new KubeClient(await connectKube({ context: target.context, file: target.kubeconfig }));
  } catch (err) {
    if (!(err instanceof KubeConfigError)) throw err;
    const fix = credentialsCommands(target.config).map((c) => `  ${c}`);
    throw new Stop([`✖ ${err.message}`, "get credentials for this environment's cluster:", ...fix].join('\n'), EXIT.FAILURE);
  }
}

/**
 * `--propagation-window`: how long answers that a new role assignment or federated credential
 * explains are retried. The default is `DEFAULT_PROPAGATION_WINDOW_MS` of `./propagation` (kept in
 * step by `__tests__/cli/propagation.test.ts`; not imported, so `--help` loads nothing more).
 */
function propagationWindowOption(): Option {
  return new Option(
    '--propagation-window <duration>',
    'retry answers a new role assignment or federated credential explains (PermissionDenied, AADSTS70021, 403) this long',
  )
    .default(10 * 60_000, '10m')
    .argParser(durationArg);
}

function durationArg(value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function countArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`"${value}" is not a whole number of 1 or more`);
  return Number(value);
}

/** Runs the CLI on the process: its arguments, streams and environment; sets the exit code. */
export function run(): void {
  // output piped into a command that stopped reading (`| head`): stop quietly, as other CLIs do
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? EXIT.OK);
    });
  }
  // the one way out of the CLI: no credential reaches a terminal, a hook's output or a CI log
  const screen = (stream: NodeJS.WriteStream): Screen => ({
    write: (text) => stream.write(redactCredentials(text)),
    isTTY: stream.isTTY === true,
    columns: stream.columns,
  });
  main(process.argv.slice(2), { stdout: screen(process.stdout), stderr: screen(process.stderr), env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        redactCredentials(`kaito-aks: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
      );
      process.exitCode = EXIT.FAILURE;
    },
  );
}
