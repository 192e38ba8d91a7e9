/**
 * Applies a synthesized stack (`cdk.tf.json`) to a Kubernetes cluster as Terraform would, with the
 * engines the package registries serve: the Helm CLI for each `helm_release`, kubectl (server-side
 * apply) for each `kubernetes_*` resource. Terraform and its providers cannot be had here (the Go
 * module proxy refuses them at the versions we pin), so this harness takes their place for the
 * Kubernetes side, and is strict about it: a top-level block, provider setting, resource type,
 * attribute or expression it does not map fails the run with its name; nothing is skipped.
 *
 * Mapped, as the pinned providers (helm 3.1.1, kubernetes 2.38.0) define them:
 * - `helm_release`: `helm upgrade --install` with `name`, `namespace` (default `default`), `chart`
 *   (a local path relative to the stack folder, or a chart name with `repository`: `--repo`, or
 *   `<repository>/<chart>` for `oci://`), `version`, `values` (one `--values` file each, in order),
 *   `set` (`--set`, or `--set-string` for `type = "string"`), `wait` (default true), `atomic`,
 *   `timeout` (seconds, default 300), `create_namespace`, `cleanup_on_fail`; destroy is
 *   `helm uninstall` with `--wait` when `wait` and the same timeout.
 * - `kubernetes_namespace_v1`: a Namespace with `metadata.name`, `labels`, `annotations`, applied
 *   server-side; destroy deletes it and waits until it is gone.
 * - `terraform_data` (Terraform's built-in): `input` kept in the state; a `local-exec` provisioner with
 *   `when = destroy` runs its `command` (`self.*` evaluated from the state) with `/bin/sh -c` in the
 *   stack folder, with `environment` added, when the resource is destroyed; a failure stops the destroy.
 * - `depends_on` and every reference inside a string order the resources; destroy runs in reverse.
 *
 * State (what was applied, with every expression evaluated) is a JSON file the caller names; plan
 * compares it with the synthesized stack as Terraform's plan does: create, update, delete, no-op.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { evaluateTemplate, Resolver, UnsupportedExpression, Value } from './hcl';

/** Something in the stack the harness does not map. */
export class Unmapped extends Error {}

/** One resource of the stack, its configuration as synthesized. */
export interface StackResource {
  /** `type.name`, Terraform's address. */
  readonly address: string;
  readonly type: string;
  /** The configuration, `//` metadata and `depends_on` removed. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Addresses it depends on: `depends_on` and references. */
  readonly dependsOn: readonly string[];
}

/** A synthesized stack as the harness reads it. */
export interface Stack {
  /** The folder of `cdk.tf.json` (local chart paths are relative to it). */
  readonly dir: string;
  /** In dependency order. */
  readonly resources: readonly StackResource[];
  /** The kubeconfig both providers use. */
  readonly kubeconfig: { readonly path: string; readonly context?: string };
  /** The stack's outputs, unevaluated. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** Attributes mapped per resource type; `//` and `depends_on` are read by the harness itself. */
const MAPPED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  helm_release: [
    'name',
    'namespace',
    'chart',
    'repository',
    'version',
    'values',
    'set',
    'wait',
    'atomic',
    'timeout',
    'create_namespace',
    'cleanup_on_fail',
  ],
  kubernetes_namespace_v1: ['metadata'],
  terraform_data: ['input', 'provisioner'],
};

const NAMESPACE_METADATA = ['name', 'labels', 'annotations'];
const TOP_LEVEL = ['//', 'terraform', 'provider', 'resource', 'output'];
const TERRAFORM_BLOCK = ['backend', 'required_providers'];

function fail(message: string): never {
  throw new Unmapped(message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every `type.name` a string of `value` refers to. */
export function references(value: unknown, types: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const text = v.replace(/\$\$\{/g, '');
      for (const expr of text.matchAll(/\$\{([^]*?)\}/g)) {
        for (const m of expr[1].matchAll(/(?<![\w."])([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
          if (types.has(m[1])) found.add(`${m[1]}.${m[2]}`);
        }
      }
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (isObject(v)) {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return [...found].sort();
}

/**
 * Orders `resources` so that each comes after what it depends on (Kahn's algorithm, ties by
 * address, as stable as Terraform's walk needs to be for a test).
 * @throws Unmapped on a dependency that is not in the stack, or a cycle.
 */
export function applyOrder(resources: readonly StackResource[]): StackResource[] {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  for (const r of resources) {
    for (const d of r.dependsOn) if (!byAddress.has(d)) fail(`${r.address} depends on ${d}, which the stack does not have`);
  }
  const done = new Set<string>();
  const ordered: StackResource[] = [];
  const pending = [...resources].sort((a, b) => (a.address < b.address ? -1 : 1));
  while (pending.length > 0) {
    const ready = pending.findIndex((r) => r.dependsOn.every((d) => done.has(d)));
    if (ready < 0) fail(`dependency cycle among ${pending.map((r) => r.address).join(', ')}`);
    const [next] = pending.splice(ready, 1);
    done.add(next.address);
    ordered.push(next);
  }
  return ordered;
}

/**
 * Reads `dir/cdk.tf.json`.
 * @throws Unmapped naming the first block, provider setting, type or attribute the harness does not map.
 */
export function readStack(dir: string): Stack {
  const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(json)) if (!TOP_LEVEL.includes(key)) fail(`top-level block "${key}" is not mapped`);
  const terraform = (json.terraform ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(terraform)) if (!TERRAFORM_BLOCK.includes(key)) fail(`terraform.${key} is not mapped`);

  const kubeconfig = providerKubeconfig((json.provider ?? {}) as Record<string, unknown>);
  const raw = (json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  const types = new Set(Object.keys(raw));
  const resources: StackResource[] = [];
  for (const [type, byName] of Object.entries(raw)) {
    const mapped = MAPPED_ATTRIBUTES[type];
    if (!mapped) fail(`resource type ${type} is not mapped (${Object.keys(byName).join(', ')})`);
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const { '//': _meta, depends_on: dependsOn, ...config } = body;
      for (const key of Object.keys(config)) if (!mapped.includes(key)) fail(`${address}: attribute ${key} is not mapped`);
      if (type === 'kubernetes_namespace_v1') {
        const metadata = config.metadata;
        if (!isObject(metadata)) fail(`${address}: metadata is not one block`);
        for (const key of Object.keys(metadata)) if (!NAMESPACE_METADATA.includes(key)) fail(`${address}: metadata.${key} is not mapped`);
      }
      if (type === 'helm_release') checkHelmRelease(address, config);
      if (type === 'terraform_data') checkProvisioners(address, config.provisioner);
      const explicit = ((dependsOn as string[] | undefined) ?? []).map((d) => d.replace(/^\$\{(.*)\}$/, '$1'));
      resources.push({ address, type, config, dependsOn: [...new Set([...explicit, ...references(config, types)])].sort() });
    }
  }
  return { dir, resources: applyOrder(resources), kubeconfig, outputs: (json.output ?? {}) as Record<string, unknown> };
}

function checkHelmRelease(address: string, config: Record<string, unknown>): void {
  if (typeof config.name !== 'string' || typeof config.chart !== 'string') fail(`${address}: name and chart are required`);
  if (config.values !== undefined && !(Array.isArray(config.values) && config.values.every((v) => typeof v === 'string'))) {
    fail(`${address}: values must be a list of strings`);
  }
  for (const s of (config.set as unknown[] | undefined) ?? []) {
    if (!isObject(s)) fail(`${address}: set must be a list of blocks`);
    for (const key of Object.keys(s)) if (!['name', 'value', 'type'].includes(key)) fail(`${address}: set.${key} is not mapped`);
    if (s.type !== undefined && s.type !== 'string' && s.type !== 'auto') fail(`${address}: set.type ${String(s.type)} is not mapped`);
  }
}

/** Only destroy-time `local-exec` provisioners with `command` and `environment` are mapped. */
function checkProvisioners(address: string, provisioners: unknown): void {
  if (provisioners === undefined) return;
  if (!Array.isArray(provisioners)) fail(`${address}: provisioner must be a list`);
  for (const p of provisioners) {
    if (!isObject(p) || Object.keys(p).join() !== 'local-exec') fail(`${address}: only local-exec provisioners are mapped`);
    const body = p['local-exec'];
    if (!isObject(body)) fail(`${address}: local-exec must be a block`);
    for (const key of Object.keys(body))
      if (!['command', 'when', 'environment'].includes(key)) fail(`${address}: local-exec ${key} is not mapped`);
    if (body.when !== 'destroy') fail(`${address}: only local-exec with when = destroy is mapped`);
    if (typeof body.command !== 'string') fail(`${address}: local-exec command must be a string`);
  }
}

/** The kubeconfig of the helm and kubernetes providers, which must agree. */
function providerKubeconfig(providers: Record<string, unknown>): { path: string; context?: string } {
  for (const name of Object.keys(providers)) if (name !== 'helm' && name !== 'kubernetes') fail(`provider ${name} is not mapped`);
  const settings: { path: string; context?: string }[] = [];
  const read = (where: string, block: unknown) => {
    if (!isObject(block)) fail(`${where}: not a block`);
    for (const key of Object.keys(block)) if (key !== 'config_path' && key !== 'config_context') fail(`${where}.${key} is not mapped`);
    if (typeof block.config_path !== 'string') fail(`${where}.config_path is required`);
    settings.push({ path: block.config_path, ...(typeof block.config_context === 'string' ? { context: block.config_context } : {}) });
  };
  for (const block of (providers.kubernetes as unknown[] | undefined) ?? []) read('provider.kubernetes', block);
  for (const block of (providers.helm as unknown[] | undefined) ?? []) {
    if (!isObject(block)) fail('provider.helm: not a block');
    for (const key of Object.keys(block)) if (key !== 'kubernetes') fail(`provider.helm.${key} is not mapped`);
    read('provider.helm.kubernetes', block.kubernetes);
  }
  if (settings.length === 0) fail('no kubernetes or helm provider configuration');
  const [first] = settings;
  if (settings.some((s) => s.path !== first.path || s.context !== first.context)) {
    fail('the helm and kubernetes providers name different kubeconfigs');
  }
  return first;
}

/** Evaluates every string of `value` as a Terraform template. */
export function evaluate(value: unknown, resolve: Resolver): Value {
  if (typeof value === 'string') return evaluateTemplate(value, resolve);
  if (Array.isArray(value)) return value.map((v) => evaluate(v, resolve));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, resolve)]));
  return value as Value;
}

/** A resource as applied: its evaluated configuration. */
export interface AppliedResource {
  readonly type: string;
  readonly config: Record<string, Value>;
  readonly dependsOn: readonly string[];
  /** Position in the apply order, so destroy can reverse it. */
  readonly order: number;
}

/** What was applied, by address. */
export type State = Record<string, AppliedResource>;

/** A planned action per address; no-ops left out. */
export type Plan = Record<string, 'create' | 'update' | 'delete'>;

/**
 * Runs one engine command (`sh` for a local-exec provisioner: `args` = `['-c', command]`, run in
 * `cwd` with `env` added); resolves stdout or rejects with what it printed.
 */
export type Runner = (
  command: 'helm' | 'kubectl' | 'sh',
  args: string[],
  input?: string,
  options?: { cwd?: string; env?: Record<string, string> },
) => Promise<string>;

/** The arguments of `helm upgrade --install` for an evaluated `helm_release`, and the values files to write. */
export function helmInstallArgs(
  config: Record<string, Value>,
  stackDir: string,
  valuesDir: string,
): { args: string[]; files: { path: string; text: string }[] } {
  const name = config.name as string;
  const namespace = (config.namespace as string | undefined) ?? 'default';
  const repository = config.repository as string | undefined;
  const chart = config.chart as string;
  let ref: string;
  const repo: string[] = [];
  if (repository && repository.startsWith('oci://')) ref = `${repository.replace(/\/$/, '')}/${chart}`;
  else if (repository) {
    ref = chart;
    repo.push('--repo', repository);
  } else ref = isAbsolute(chart) ? chart : join(stackDir, chart);
  const files = ((config.values as string[] | undefined) ?? []).map((text, i) => ({ path: join(valuesDir, `${name}-${i}.yaml`), text }));
  const args = ['upgrade', '--install', name, ref, '--namespace', namespace, ...repo];
  if (config.version !== undefined) args.push('--version', String(config.version));
  for (const f of files) args.push('--values', f.path);
  for (const s of (config.set as { name: string; value: Value; type?: string }[] | undefined) ?? []) {
    args.push(s.type === 'string' ? '--set-string' : '--set', `${s.name}=${String(s.value)}`);
  }
  if (config.wait ?? true) args.push('--wait');
  if (config.atomic === true) args.push('--atomic');
  if (config.create_namespace === true) args.push('--create-namespace');
  if (config.cleanup_on_fail === true) args.push('--cleanup-on-fail');
  args.push('--timeout', `${Number(config.timeout ?? 300)}s`);
  return { args, files };
}

/** The Namespace object of an evaluated `kubernetes_namespace_v1`. */
function namespaceObject(config: Record<string, Value>): Record<string, Value> {
  const metadata = config.metadata as Record<string, Value>;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: Object.fromEntries(NAMESPACE_METADATA.filter((k) => metadata[k] !== undefined).map((k) => [k, metadata[k]])),
  };
}

/** A stack applied to one cluster, with its state file. */
export class StackApplier {
  constructor(
    private readonly run: Runner,
    private readonly stateFile: string,
    private readonly workDir: string,
  ) {
    mkdirSync(workDir, { recursive: true });
  }

  state(): State {
    return existsSync(this.stateFile) ? (JSON.parse(readFileSync(this.stateFile, 'utf8')) as State) : {};
  }

  private save(state: State): void {
    writeFileSync(this.stateFile, JSON.stringify(state, null, 2));
  }

  /** References resolve to the attributes of resources evaluated before (the configuration, as Terraform knows it before apply). */
  private resolver(evaluated: Map<string, Record<string, Value>>): Resolver {
    return (parts) => {
      const address = `${parts[0]}.${parts[1]}`;
      let value: Value | undefined = evaluated.get(address);
      if (value === undefined) throw new UnsupportedExpression(`reference to ${address}, which is not evaluated yet`);
      for (const part of parts.slice(2)) {
        // blocks are lists of one in Terraform's model, objects in cdk.tf.json
        if (typeof part === 'number' && !Array.isArray(value) && part === 0) continue;
        const next: Value | undefined =
          typeof part === 'number' ? (value as Value[])[part] : (value as Record<string, Value> | null)?.[part as string];
        if (next === undefined)
          throw new UnsupportedExpression(`${parts.join('.')}: not a configured attribute (computed values are not mapped)`);
        value = next;
      }
      return value;
    };
  }

  /** Every resource's configuration with its expressions evaluated, in apply order. */
  desired(stack: Stack): { address: string; type: string; config: Record<string, Value>; dependsOn: readonly string[] }[] {
    const evaluated = new Map<string, Record<string, Value>>();
    const resolve = this.resolver(evaluated);
    return stack.resources.map((r) => {
      // a destroy-time provisioner is evaluated when it runs, with `self` from the state
      const { provisioner, ...rest } = r.config;
      const config = evaluate(rest, resolve) as Record<string, Value>;
      if (provisioner !== undefined) config.provisioner = provisioner as Value;
      evaluated.set(r.address, config);
      return { address: r.address, type: r.type, config, dependsOn: r.dependsOn };
    });
  }

  /** The outputs of `stack`, evaluated. */
  outputs(stack: Stack): Record<string, Value> {
    const evaluated = new Map(this.desired(stack).map((d) => [d.address, d.config]));
    const resolve = this.resolver(evaluated);
    return Object.fromEntries(
      Object.entries(stack.outputs).map(([name, o]) => {
        const { value, sensitive: _s, description: _d, ...rest } = o as Record<string, unknown>;
        if (Object.keys(rest).length > 0) fail(`output ${name}: ${Object.keys(rest).join(', ')} not mapped`);
        return [name, evaluate(value, resolve)];
      }),
    );
  }

  /** What `apply` would do. */
  plan(stack: Stack): Plan {
    const state = this.state();
    const plan: Plan = {};
    const desired = this.desired(stack);
    for (const d of desired) {
      const now = state[d.address];
      if (!now) plan[d.address] = 'create';
      else if (hash(now.config) !== hash(d.config)) plan[d.address] = 'update';
    }
    for (const address of Object.keys(state)) if (!desired.some((d) => d.address === address)) plan[address] = 'delete';
    return plan;
  }

  /** Applies `stack`: deletes what it no longer has (reverse order), then creates and updates in order. Returns the plan it carried out. */
  async apply(stack: Stack, options: { force?: boolean } = {}): Promise<Plan> {
    const plan = this.plan(stack);
    const state = this.state();
    for (const address of this.reverseOrder(state)) {
      if (plan[address] !== 'delete') continue;
      await this.destroyOne(stack, address, state[address]);
      delete state[address];
      this.save(state);
    }
    let order = 0;
    for (const d of this.desired(stack)) {
      order += 1;
      if (plan[d.address] || options.force) {
        await this.applyOne(stack, d.type, d.config);
      }
      state[d.address] = { type: d.type, config: d.config, dependsOn: d.dependsOn, order };
      this.save(state);
    }
    return plan;
  }

  /** Destroys everything in the state, in reverse apply order, through the providers of `stack`. */
  async destroy(stack: Stack): Promise<string[]> {
    const state = this.state();
    const done: string[] = [];
    for (const address of this.reverseOrder(state)) {
      await this.destroyOne(stack, address, state[address]);
      delete state[address];
      this.save(state);
      done.push(address);
    }
    return done;
  }

  private reverseOrder(state: State): string[] {
    return Object.keys(state).sort((a, b) => state[b].order - state[a].order);
  }

  private kubeArgs(stack: { kubeconfig: { path: string; context?: string } }, command: 'helm' | 'kubectl'): string[] {
    const { path, context } = stack.kubeconfig;
    const flag = command === 'helm' ? '--kube-context' : '--context';
    return [`--kubeconfig=${path}`, ...(context ? [flag, context] : [])];
  }

  private async applyOne(stack: Stack, type: string, config: Record<string, Value>): Promise<void> {
    if (type === 'helm_release') {
      const { args, files } = helmInstallArgs(config, stack.dir, this.workDir);
      for (const f of files) writeFileSync(f.path, f.text);
      await this.run('helm', [...args, ...this.kubeArgs(stack, 'helm')]);
    } else if (type === 'kubernetes_namespace_v1') {
      await this.run(
        'kubectl',
        ['apply', '--server-side', '--field-manager=kaito-aks-engines', '-f', '-', ...this.kubeArgs(stack, 'kubectl')],
        JSON.stringify(namespaceObject(config)),
      );
    } else if (type !== 'terraform_data') {
      fail(`resource type ${type} is not mapped`);
    }
  }

  private async destroyOne(kube: Stack, address: string, applied: AppliedResource): Promise<void> {
    const { config } = applied;
    if (applied.type === 'helm_release') {
      const wait = (config.wait ?? true) ? ['--wait'] : [];
      await this.run('helm', [
        'uninstall',
        config.name as string,
        '--namespace',
        (config.namespace as string | undefined) ?? 'default',
        ...wait,
        '--timeout',
        `${Number(config.timeout ?? 300)}s`,
        ...this.kubeArgs(kube, 'helm'),
      ]);
    } else if (applied.type === 'kubernetes_namespace_v1') {
      const name = (config.metadata as Record<string, Value>).name as string;
      await this.run('kubectl', ['delete', 'namespace', name, '--wait=true', '--timeout=300s', ...this.kubeArgs(kube, 'kubectl')]);
    } else if (applied.type === 'terraform_data') {
      const self: Resolver = (parts) => {
        if (parts[0] !== 'self')
          throw new UnsupportedExpression(`a destroy-time provisioner may refer only to self, not ${parts.join('.')}`);
        let value: Value | undefined = config as Value;
        for (const part of parts.slice(1)) value = (value as Record<string, Value> | null)?.[part as string];
        if (value === undefined) throw new UnsupportedExpression(`${parts.join('.')} is not in the state of ${address}`);
        return value;
      };
      for (const p of (config.provisioner as Record<string, Record<string, unknown>>[] | undefined) ?? []) {
        const body = evaluate(p['local-exec'], self) as { command: string; environment?: Record<string, string> };
        await this.run('sh', ['-c', body.command], undefined, { cwd: kube.dir, env: body.environment ?? {} });
      }
    } else {
      fail(`${address}: resource type ${applied.type} is not mapped`);
    }
  }
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
