/**
 * Synthesizes the stacks for an environment and drives Terraform on the synthesized JSON, with the
 * providers from the filesystem mirror `engines/install.sh` laid out (no registry, no network).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run, runWithCode } from './cluster';

/** Where the engines are: `ENGINES` printed by `engines/install.sh`. */
export interface Engines {
  /** Folder of terraform, etcd, kube-*, kubectl, kwok. */
  readonly bin: string;
  /** Terraform CLI config pointing at the provider mirror. */
  readonly terraformrc: string;
}

/** The project root. */
export const ROOT = join(__dirname, '..');

/** Only what synth and Terraform need from the caller's environment, so a user's settings do not leak in. */
function baseEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

/**
 * Runs `npm run synth`'s program with `env` into `outdir`.
 * @throws Error with synth's message when the configuration is rejected.
 */
export async function synth(env: Record<string, string>, outdir: string): Promise<void> {
  mkdirSync(dirname(outdir), { recursive: true });
  await run(process.execPath, ['--require', './register-ts.cjs', 'main.ts'], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env, CDKTF_OUTDIR: outdir },
  });
}

/** One synthesized stack, as Terraform runs it. */
export class TerraformStack {
  /** The folder holding `cdk.tf.json`. */
  public readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly engines: Engines,
    outdir: string,
    stack: string,
    dataDir: string,
  ) {
    this.dir = join(outdir, 'stacks', stack);
    this.env = {
      ...baseEnv(),
      TF_CLI_CONFIG_FILE: engines.terraformrc,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      // the helm provider's repository cache and config stay with the test
      HELM_CACHE_HOME: join(dataDir, 'helm-cache'),
      HELM_CONFIG_HOME: join(dataDir, 'helm-config'),
      HELM_DATA_HOME: join(dataDir, 'helm-data'),
    };
  }

  /** sha256 of the synthesized JSON: equal stacks are validated once. */
  public hash(): string {
    return createHash('sha256')
      .update(readFileSync(join(this.dir, 'cdk.tf.json')))
      .digest('hex');
  }

  /** `terraform <args>` in the stack folder; resolves stdout. */
  public tf(args: string[], allowExit: number[] = []): Promise<string> {
    return run(join(this.engines.bin, 'terraform'), args, { cwd: this.dir, env: this.env, allowExit });
  }

  /** `terraform init` from the mirror (`-backend=false` to validate without the state backend). */
  public init(backend = true): Promise<string> {
    return this.tf(['init', '-no-color', ...(backend ? [] : ['-backend=false'])]);
  }

  /** `terraform apply`. */
  public apply(): Promise<string> {
    return this.tf(['apply', '-auto-approve', '-no-color']);
  }

  /** `terraform destroy`. */
  public destroy(): Promise<string> {
    return this.tf(['destroy', '-auto-approve', '-no-color']);
  }

  /** The planned changes: resource address -> actions, no-ops left out. */
  public async plannedChanges(): Promise<Record<string, string[]>> {
    await this.tf(['plan', '-no-color', '-out=engines.tfplan']);
    const plan = JSON.parse(await this.tf(['show', '-json', 'engines.tfplan'])) as {
      resource_changes?: { address: string; change: { actions: string[] } }[];
    };
    return Object.fromEntries(
      (plan.resource_changes ?? []).filter((r) => r.change.actions.join() !== 'no-op').map((r) => [r.address, r.change.actions]),
    );
  }

  /** `terraform plan -detailed-exitcode`: 0 no changes, 2 changes. */
  public async planExitCode(): Promise<{ code: number; output: string }> {
    const { code, stdout, stderr } = await runWithCode(join(this.engines.bin, 'terraform'), ['plan', '-no-color', '-detailed-exitcode'], {
      cwd: this.dir,
      env: this.env,
    });
    return { code, output: stdout + stderr };
  }

  /** Resources in the state: address -> attribute values. */
  public async state(): Promise<Record<string, Record<string, unknown>>> {
    const shown = JSON.parse(await this.tf(['show', '-json'])) as {
      values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
    };
    return Object.fromEntries((shown.values?.root_module?.resources ?? []).map((r) => [r.address, r.values]));
  }
}

/** A Kubernetes object as synthesized. */
export interface ObjectSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

/**
 * The objects each ManifestRelease installed, from the state of its `helm_release` (the values as
 * synthesized, with Terraform's expressions evaluated), keyed by release name.
 */
export function manifestObjects(state: Record<string, Record<string, unknown>>): Record<string, ObjectSpec[]> {
  const out: Record<string, ObjectSpec[]> = {};
  for (const [address, release] of Object.entries(state)) {
    if (!address.startsWith('helm_release.') || release.repository) continue;
    const [text] = (release.values as string[] | undefined) ?? [];
    const values = JSON.parse(text ?? '{}') as { objects?: ObjectSpec[] };
    if (values.objects) out[release.name as string] = values.objects;
  }
  return out;
}
