/**
 * The third-party tools `npm run verify` runs, as `verify/install-tools.sh` installs them under
 * `.tools/` (or `$KAITO_AKS_TOOLS_DIR`), and how to run them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(__dirname, '..');

/** Where the tools are installed. */
export const TOOLS_DIR = resolve(process.env.KAITO_AKS_TOOLS_DIR ?? join(ROOT, '.tools'));

const INSTALL_HINT = 'run `bash verify/install-tools.sh` first (it installs the pinned tools into .tools/)';

/** Thrown when a tool is missing; `npm run verify` prints it and fails. */
export class MissingToolError extends Error {
  constructor(what: string) {
    super(`${what} not found: ${INSTALL_HINT}`);
    this.name = 'MissingToolError';
  }
}

/** The path of an installed tool binary. */
export function toolPath(name: 'checkov' | 'helm' | 'kubeconform' | 'trivy'): string {
  const path = join(TOOLS_DIR, 'bin', name);
  if (!existsSync(path)) throw new MissingToolError(`${name} (${path})`);
  return path;
}

/** The result of running a tool. */
export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool and waits for it; never throws on a non-zero exit. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`Could not run ${command}: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The version of a Go binary, read from the build information the Go toolchain embeds in it
 * (`go version -m`): the module version it was built from, e.g. `v3.19.0`.
 */
export function goModuleVersion(binary: string, modulePath: string): string {
  const out = run('go', ['version', '-m', binary]);
  const line = out.stdout.split('\n').find((l) => l.trim().split(/\s+/)[0] === 'mod' && l.trim().split(/\s+/)[1] === modulePath);
  if (out.status !== 0 || line === undefined) {
    throw new Error(
      `Could not read the ${modulePath} version of ${binary} with \`go version -m\`: ${out.stderr.trim() || 'no such module line'}`,
    );
  }
  return line.trim().split(/\s+/)[2];
}

/** The Kubernetes OpenAPI document installed by `install-tools.sh`, and its version (`v1.36.3`). */
export function kubernetesOpenApi(): { version: string; path: string } {
  const dir = join(TOOLS_DIR, 'kubernetes-openapi');
  const versions = existsSync(dir) ? readdirSync(dir).filter((v) => existsSync(join(dir, v, 'swagger.json'))) : [];
  if (versions.length !== 1) {
    throw new MissingToolError(`exactly one Kubernetes OpenAPI document under ${dir} (found ${versions.length})`);
  }
  return { version: versions[0], path: join(dir, versions[0], 'swagger.json') };
}
