/**
 * `npm run test:engines`: what we synthesize, through the engines our users' Terraform drives, all
 * from the package registries: kaito-stack is applied in kubeconfig mode as Terraform would
 * (`engines/tfjson.ts`: the Helm CLI for each helm_release, kubectl server-side apply for each
 * kubernetes_* resource, in dependency order), with the real upstream charts (served from
 * ../shared/reference/charts on 127.0.0.1 through the chart mirror settings), to a real Kubernetes API
 * server (default admission plugins, PodSecurity included) with a kwok node; then applied again,
 * toggled, destroyed in reverse order; every Workspace of the settings matrix is created against its
 * release's real CRD; and the day-2 CLI reads Workspaces from that API server. One line per
 * scenario, then `engines: N passed, N failed`.
 *
 * Run `bash engines/install.sh` first (the npm script does). Nothing listens beyond 127.0.0.1; every
 * process started is stopped by its PID at the end, also on failure.
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { RELEASE_VERSIONS } from '../catalog';
import { AKS_ADDON_TRAIN } from '../catalog/install-modes';
import { Cluster, kubectl, run, runWithCode, startCluster } from './cluster';
import { Plan, readStack, Runner, Stack, StackApplier } from './tfjson';
import { addonMatrixCases, matrixCases, MatrixCase } from './workspace-matrix';

/** The project root. */
const ROOT = join(__dirname, '..');
const REFERENCE = join(ROOT, '..', 'shared', 'reference');
const CHARTS = join(REFERENCE, 'charts');
const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const TENANT = '00000000-0000-4000-8000-000000000002';
const PROVISIONER = '00000000-0000-4000-8000-000000000003';
const AI_IDENTITY = '00000000-0000-4000-8000-000000000004';
const KAITO_012 = { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' };
/** The labels Kaito puts on the NodeClaims of a Workspace. */
const NODECLAIM_LABELS = { workspace: 'kaito.sh/workspace', namespace: 'kaito.sh/workspacenamespace' };

/** One scenario's verdict. */
interface Result {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
}

const results: Result[] = [];

/** Runs a scenario: `body` returns a one-line detail or throws what went wrong. */
async function scenario(name: string, body: () => Promise<string>): Promise<boolean> {
  const t0 = Date.now();
  let ok = true;
  let detail: string;
  try {
    detail = await body();
  } catch (err) {
    ok = false;
    detail = (err as Error).message;
  }
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  results.push({ name, ok, seconds, detail });
  const [first, ...rest] = detail.split('\n');
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'}  ${name} (${seconds} s): ${first}\n`);
  if (!ok && rest.length > 0) process.stdout.write(`${rest.map((l) => `      ${l}`).join('\n')}\n`);
  return ok;
}

/** Throws `message` unless `condition`. */
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Serves `dir` read-only on 127.0.0.1 as a Helm repository (index.yaml and the packages). */
function serveCharts(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolveServer) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolveServer({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server });
    }),
  );
}

/** Is `actual` a superset of `expected` (objects by key, arrays element by element)? Returns the first difference. */
function difference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = difference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const d = difference(v, (actual as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  // Kubernetes normalizes quantities and ports it echoes back; compare as text
  return String(expected) === String(actual) ? undefined : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** The fields of a Kubernetes audit event (audit.k8s.io/v1 Event) the tests read. */
interface AuditEvent {
  readonly stage: string;
  readonly verb: string;
  readonly stageTimestamp: string;
  readonly objectRef?: { readonly resource?: string; readonly namespace?: string; readonly name?: string };
  readonly responseStatus?: { readonly code?: number };
}

const RESOURCE_OF: Record<string, string> = {
  Workspace: 'workspaces.kaito.sh',
  Deployment: 'deployments.apps',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  NetworkPolicy: 'networkpolicies.networking.k8s.io',
};

/** The test run: engines, a work folder, the chart mirror and the cluster. */
class EngineRun {
  private cluster?: Cluster;
  private charts?: { url: string; server: Server };
  private fakeLoadBalancer?: NodeJS.Timeout;

  constructor(
    /** Folder of etcd, kube-*, kubectl, kwok and helm. */
    readonly bin: string,
    readonly work: string,
  ) {}

  get kubeconfig(): string {
    if (!this.cluster) throw new Error('no cluster');
    return this.cluster.kubeconfig;
  }

  kubectl(args: string[], input?: string): Promise<string> {
    return kubectl(this.bin, this.kubeconfig, args, input);
  }

  async kubectlJson<T>(args: string[]): Promise<T> {
    return JSON.parse(await this.kubectl([...args, '-o', 'json'])) as T;
  }

  async start(): Promise<string> {
    this.charts = await serveCharts(CHARTS);
    this.cluster = await startCluster(this.bin, join(this.work, 'cluster'));
    this.startFakeLoadBalancer();
    const version = await this.kubectl(['version', '-o', 'json']);
    return `Kubernetes ${JSON.parse(version).serverVersion.gitVersion} on 127.0.0.1, node ${this.cluster.nodeName} (kwok), charts at ${this.charts.url}`;
  }

  async stop(): Promise<void> {
    if (this.fakeLoadBalancer) clearInterval(this.fakeLoadBalancer);
    await this.cluster?.stop();
    await new Promise((r) => (this.charts ? this.charts.server.close(r) : r(undefined)));
  }

  /**
   * No cloud here gives LoadBalancer Services an address, and Helm waits for one (store-front is
   * public): stand in for the cloud's load balancer controller, as kwok stands in for the kubelet.
   */
  private startFakeLoadBalancer(): void {
    let busy = false;
    this.fakeLoadBalancer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.kubectlJson<{
        items: {
          metadata: { name: string; namespace: string };
          spec: { type: string };
          status?: { loadBalancer?: { ingress?: unknown[] } };
        }[];
      }>(['get', 'services', '-A'])
        .then((list) =>
          Promise.all(
            list.items
              .filter((s) => s.spec.type === 'LoadBalancer' && !s.status?.loadBalancer?.ingress?.length)
              .map((s) =>
                this.kubectl([
                  'patch',
                  'service',
                  s.metadata.name,
                  '-n',
                  s.metadata.namespace,
                  '--subresource=status',
                  '--type=merge',
                  '-p',
                  '{"status":{"loadBalancer":{"ingress":[{"ip":"127.0.0.2"}]}}}',
                ]),
              ),
          ),
        )
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, 1000);
  }

  /** The environment of kaito-stack in kubeconfig mode against this cluster, charts from the mirror. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    if (!this.charts) throw new Error('no chart mirror');
    return {
      AKS_KUBECONFIG: this.kubeconfig,
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      AZURE_TENANT_ID: TENANT,
      KAITO_IDENTITY_CLIENT_ID: PROVISIONER,
      KAITO_CHART_REPOSITORY: this.charts.url,
      GPU_PROVISIONER_CHART_REPOSITORY: this.charts.url,
      STORE_CHART_REPOSITORY: this.charts.url,
      ...extra,
    };
  }

  /** Synthesizes `env` into `work/<name>/cdktf.out` and returns kaito-stack there, with its state in `work/<name>`. */
  async kaitoStack(name: string, env: Record<string, string>): Promise<Deployment> {
    const outdir = join(this.work, name, 'cdktf.out');
    await synth(env, outdir);
    const helmHome = join(this.work, 'helm');
    const tools = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // Helm's repository cache and config stay with the test
      HELM_CACHE_HOME: join(helmHome, 'cache'),
      HELM_CONFIG_HOME: join(helmHome, 'config'),
      HELM_DATA_HOME: join(helmHome, 'data'),
    };
    const runner: Runner = (command, args, input, options = {}) =>
      command === 'sh'
        ? // a local-exec provisioner: the shell of the user who synthesized, with the same variables
          run('/bin/sh', args, { input, cwd: options.cwd, env: { ...tools, ...env, ...options.env } })
        : run(join(this.bin, command), args, { input, env: tools });
    const dir = join(outdir, 'stacks', 'kaito-stack');
    return {
      stack: readStack(dir),
      applier: new StackApplier(runner, join(this.work, name, 'state.json'), join(this.work, name, 'values')),
      helm: (args) => runner('helm', [...args, `--kubeconfig=${this.kubeconfig}`]),
    };
  }

  /** Every helm_release in the state is `deployed` by Helm's own record. Returns the names. */
  async releasesDeployed(d: Deployment): Promise<string[]> {
    const releases = Object.values(d.applier.state()).filter((r) => r.type === 'helm_release');
    check(releases.length > 0, 'no helm_release in the state');
    for (const { config } of releases) {
      const status = JSON.parse(await d.helm(['status', String(config.name), '-n', String(config.namespace), '-o', 'json'])) as {
        info: { status: string };
      };
      check(status.info.status === 'deployed', `release ${String(config.name)} is ${status.info.status}, not deployed`);
    }
    return releases.map((r) => String(r.config.name)).sort();
  }

  /** Every object a ManifestRelease of `d` holds, and its namespace, exist in the cluster with the synthesized fields. */
  async objectsAsSynthesized(d: Deployment, release?: string): Promise<ObjectSpec[]> {
    const byRelease = manifestObjects(d);
    const objects = release ? (byRelease[release] ?? []) : Object.values(byRelease).flat();
    check(objects.length > 0, `no synthesized objects${release ? ` in release ${release}` : ''}`);
    for (const o of objects) {
      const resource = RESOURCE_OF[o.kind];
      check(resource !== undefined, `no resource name known for kind ${o.kind}`);
      const live = await this.kubectlJson<Record<string, unknown>>([
        'get',
        resource,
        o.metadata.name,
        '-n',
        o.metadata.namespace ?? 'default',
      ]);
      const { metadata, ...spec } = o;
      const diff = difference({ ...spec, metadata: { name: metadata.name, namespace: metadata.namespace } }, live);
      check(!diff, `${o.kind}/${o.metadata.name} differs from what was synthesized at ${diff}`);
    }
    if (!release) {
      for (const ns of Object.values(d.applier.state()).filter((r) => r.type === 'kubernetes_namespace_v1')) {
        const metadata = ns.config.metadata as { name: string; labels?: Record<string, string> };
        const live = await this.kubectlJson<Record<string, unknown>>(['get', 'namespace', metadata.name]);
        const diff = difference({ metadata: { labels: metadata.labels ?? {} } }, live);
        check(!diff, `Namespace/${metadata.name} differs from what was synthesized at ${diff}`);
      }
    }
    return objects;
  }

  /** Each release's rendered manifest and the generation of every object in it. */
  async releaseSnapshot(d: Deployment): Promise<Record<string, { manifest: string; generations: string[] }>> {
    const out: Record<string, { manifest: string; generations: string[] }> = {};
    for (const { config } of Object.values(d.applier.state()).filter((r) => r.type === 'helm_release')) {
      const name = String(config.name);
      const namespace = String(config.namespace);
      const manifest = await d.helm(['get', 'manifest', name, '-n', namespace]);
      const file = join(this.work, `manifest-${name}.yaml`);
      writeFileSync(file, manifest);
      type Item = { kind: string; metadata: { name: string; namespace?: string; generation?: number } };
      // kubectl prints a List for several objects, the object itself for one
      const got = await this.kubectlJson<{ items?: Item[] } & Item>(['get', '-f', file, '-n', namespace]);
      const items = got.items ?? [got];
      out[name] = {
        manifest,
        generations: items.map((i) => `${i.kind}/${i.metadata.namespace ?? ''}/${i.metadata.name}@${i.metadata.generation ?? '-'}`),
      };
    }
    return out;
  }

  /**
   * Puts Kaito's finalizer on a Workspace (`hold`), or removes every finalizer of a Workspace or, with
   * `namespace` undefined, of a cluster-scoped NodeClaim (`release`), as their controllers do.
   */
  finalizers(
    action: 'hold' | 'release',
    resource: 'workspaces.kaito.sh' | 'nodeclaims.karpenter.sh',
    name: string,
    namespace?: string,
  ): Promise<string> {
    const patch =
      action === 'hold'
        ? ['--type=merge', '-p', '{"metadata":{"finalizers":["workspace.finalizer.kaito.sh"]}}']
        : ['--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'];
    return this.kubectl(['patch', resource, name, ...(namespace === undefined ? [] : ['-n', namespace]), ...patch]);
  }

  /** Every pod in the cluster is Running and Ready. Returns how many. */
  async podsReady(): Promise<number> {
    const pods = await this.kubectlJson<{
      items: {
        metadata: { name: string; namespace: string };
        status?: { phase?: string; conditions?: { type: string; status: string }[] };
      }[];
    }>(['get', 'pods', '-A']);
    const notReady = pods.items.filter(
      (p) => p.status?.phase !== 'Running' || !p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    check(pods.items.length > 0, 'no pods at all');
    check(
      notReady.length === 0,
      `pods not Ready: ${notReady.map((p) => `${p.metadata.namespace}/${p.metadata.name} ${p.status?.phase}`).join(', ')}`,
    );
    return pods.items.length;
  }

  /** Objects Helm installed that are still in the cluster, as `kind/namespace/name`. */
  async helmObjectsLeft(): Promise<string[]> {
    const kinds =
      'deployments,daemonsets,statefulsets,services,configmaps,secrets,serviceaccounts,roles,rolebindings,networkpolicies,' +
      'clusterroles,clusterrolebindings,validatingwebhookconfigurations,mutatingwebhookconfigurations,storageclasses,csidrivers';
    const list = await this.kubectlJson<{
      items: { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } }[];
    }>(['get', kinds, '-A']);
    const left = list.items.filter((o) => o.metadata.annotations?.['meta.helm.sh/release-name'] !== undefined);
    const secrets = await this.kubectl(['get', 'secrets', '-A', '-l', 'owner=helm', '-o', 'name']);
    return [
      ...left.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`),
      ...secrets.split('\n').filter((l) => l !== ''),
    ];
  }

  /** Installs (or replaces) the Workspace CRD of Kaito `version`, from `../shared/reference/kaito/`, and waits until it is Established. */
  async installWorkspaceCrd(version: string): Promise<void> {
    await this.kubectl([
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      join(REFERENCE, 'kaito', `kaito.sh_workspaces-${version}.yaml`),
    ]);
    // polled: `kubectl wait` fails outright while the new CRD has no conditions yet
    const deadline = Date.now() + 60_000;
    const established = () =>
      this.kubectl(['get', 'crd', 'workspaces.kaito.sh', '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']);
    while ((await established()) !== 'True') {
      check(Date.now() < deadline, 'the Workspace CRD is not Established after 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Audit events: verb, resource, namespace, name and when the response completed. */
  auditEvents(): { verb: string; resource: string; namespace?: string; name?: string; time: string; code?: number }[] {
    if (!this.cluster) throw new Error('no cluster');
    return readFileSync(this.cluster.auditLog, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as AuditEvent)
      .filter((e) => e.stage === 'ResponseComplete')
      .map((e) => ({
        verb: e.verb,
        resource: e.objectRef?.resource ?? '',
        namespace: e.objectRef?.namespace,
        name: e.objectRef?.name,
        time: e.stageTimestamp,
        code: e.responseStatus?.code,
      }));
  }
}

/**
 * Plays Kaito's workspace controller and gpu-provisioner around one Workspace, as they behave on
 * delete (Kaito v0.10.0/v0.12.0 and gpu-provisioner 0.4.x, seen with Kaito's own controller):
 * - Kaito: the Workspace holds Kaito's finalizer and has NodeClaims labelled for it; once the
 *   Workspace is being deleted, Kaito deletes its NodeClaims and drops the finalizer at once,
 *   without waiting for them to go;
 * - gpu-provisioner: each NodeClaim has a Node and Karpenter's termination finalizer; a deleted
 *   NodeClaim is released `poolSeconds` later (the agent pool's deletion), and only while
 *   gpu-provisioner's Deployment still exists: without it, nothing deletes the pool.
 * `stop()` resolves what it saw: NodeClaims released, and any that gpu-provisioner left behind.
 */
class ProvisionerStandIn {
  private timer?: NodeJS.Timeout;
  private busy = false;
  private workspaceReleased = false;
  readonly released: string[] = [];
  readonly orphaned: string[] = [];

  constructor(
    private readonly e: EngineRun,
    private readonly workspace: string,
    private readonly namespace: string,
    readonly nodeClaims: readonly string[],
    private readonly poolSeconds: number,
  ) {}

  /** Puts Kaito's finalizer on the Workspace and creates its NodeClaims and their Nodes, then starts playing. */
  async start(): Promise<void> {
    await this.e.finalizers('hold', 'workspaces.kaito.sh', this.workspace, this.namespace);
    for (const name of this.nodeClaims) {
      const labels = { [NODECLAIM_LABELS.workspace]: this.workspace, [NODECLAIM_LABELS.namespace]: this.namespace };
      await this.e.kubectl(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'karpenter.sh/v1',
          kind: 'NodeClaim',
          metadata: { name, labels, finalizers: ['karpenter.sh/termination'] },
          spec: {
            nodeClassRef: { group: 'karpenter.azure.com', kind: 'AKSNodeClass', name: 'default' },
            requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['Standard_NV36ads_A10_v5'] }],
          },
        }),
      );
      await this.e.kubectl(
        ['create', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: `aks-${name}-0`, labels } }),
      );
    }
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.tick()
        .catch(() => undefined)
        .finally(() => (this.busy = false));
    }, 500);
  }

  private async tick(): Promise<void> {
    const ws = await this.e
      .kubectlJson<{ metadata: { deletionTimestamp?: string } }>(['get', 'workspaces.kaito.sh', this.workspace, '-n', this.namespace])
      .catch(() => undefined);
    if (ws?.metadata.deletionTimestamp && !this.workspaceReleased) {
      await this.e.kubectl(['delete', 'nodeclaims.karpenter.sh', ...this.nodeClaims, '--wait=false', '--ignore-not-found']);
      await this.e.finalizers('release', 'workspaces.kaito.sh', this.workspace, this.namespace);
      this.workspaceReleased = true;
    }
    const claims = await this.e.kubectlJson<{ items: { metadata: { name: string; deletionTimestamp?: string } }[] }>([
      'get',
      'nodeclaims.karpenter.sh',
    ]);
    for (const claim of claims.items) {
      const since = claim.metadata.deletionTimestamp;
      if (!since || this.orphaned.includes(claim.metadata.name)) continue;
      if (Date.now() - Date.parse(since) < this.poolSeconds * 1000) continue;
      const provisioner = await this.e.kubectl(['get', 'deployments', '-n', 'gpu-provisioner', '-o', 'name']).catch(() => '');
      if (provisioner === '') {
        this.orphaned.push(claim.metadata.name);
        continue;
      }
      await this.e.kubectl(['delete', 'node', `aks-${claim.metadata.name}-0`, '--ignore-not-found']);
      await this.e.finalizers('release', 'nodeclaims.karpenter.sh', claim.metadata.name);
      this.released.push(claim.metadata.name);
    }
  }

  /** Stops playing. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** kaito-stack synthesized for one environment, its applier (with state) and Helm on the test cluster. */
interface Deployment {
  readonly stack: Stack;
  readonly applier: StackApplier;
  helm(args: string[]): Promise<string>;
}

/** A Kubernetes object as synthesized. */
interface ObjectSpec {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

/** The objects each ManifestRelease (a helm_release of the generated local chart) holds, by release name, from the applied state. */
function manifestObjects(d: Deployment): Record<string, ObjectSpec[]> {
  const out: Record<string, ObjectSpec[]> = {};
  for (const r of Object.values(d.applier.state())) {
    if (r.type !== 'helm_release' || r.config.repository) continue;
    const [text] = (r.config.values as string[] | undefined) ?? [];
    const values = JSON.parse(text ?? '{}') as { objects?: ObjectSpec[] };
    if (values.objects) out[String(r.config.name)] = values.objects;
  }
  return out;
}

/** Only what synth needs from the caller's environment, so a user's settings do not leak in. */
function baseEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'];
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
}

/**
 * Runs `npm run synth`'s program with `env` into `outdir`.
 * @throws Error with synth's message when the configuration is rejected.
 */
async function synth(env: Record<string, string>, outdir: string): Promise<void> {
  mkdirSync(join(outdir, '..'), { recursive: true });
  await run(process.execPath, ['--require', './register-ts.cjs', 'main.ts'], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env, CDKTF_OUTDIR: outdir },
  });
}

/** The plan as one line: `address action, ...`. */
function describePlan(plan: Plan): string {
  return (
    Object.entries(plan)
      .map(([address, action]) => `${address} ${action}`)
      .join(', ') || 'no changes'
  );
}

const ENGINES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok', 'helm'];

async function main(): Promise<number> {
  const t0 = Date.now();
  const bin = join(process.argv[2] ?? join(ROOT, '.tools', 'engines'), 'bin');
  for (const f of ENGINES) {
    if (!existsSync(join(bin, f))) {
      process.stderr.write(`engines: ${join(bin, f)} is missing; run bash engines/install.sh first\n`);
      return 1;
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'kaito-aks-engines-'));
  mkdirSync(join(work, 'cluster'));
  const e = new EngineRun(bin, work);
  try {
    if (await scenario('control plane up (etcd, kube-apiserver, controller-manager, scheduler, kwok)', () => e.start())) {
      await clusterScenarios(e);
    }
  } finally {
    await e.stop();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (failed === 0) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`engines: logs and state kept in ${work}\n`);
  process.stdout.write(`engines: ${passed} passed, ${failed} failed (${Math.round((Date.now() - t0) / 1000)} s)\n`);
  return failed === 0 ? 0 : 1;
}

async function clusterScenarios(e: EngineRun): Promise<void> {
  const main = await e.kaitoStack('main', e.env());
  const applied = await scenario('apply kaito-stack, kubeconfig mode, 0.10.0, local LLM', async () => {
    const plan = await main.applier.apply(main.stack);
    const outputs = main.applier.outputs(main.stack);
    const releases = await e.releasesDeployed(main);
    const objects = await e.objectsAsSynthesized(main);
    const pods = await e.podsReady();
    return `${Object.keys(plan).length} resources created; releases ${releases.join(', ')} deployed; ${objects.length} objects as synthesized (${objects.map((o) => o.kind).join(', ')}); ${pods} pods Ready; ${Object.keys(outputs).length} outputs`;
  });
  const afterApply = [
    'Pod Security admission enforces the labels kaito-stack puts on its namespace',
    'second apply right after the first: plan empty; forced, the same manifests and generations',
    'switch DEPLOY_AZURE_OPENAI=true and re-apply: only ai-service changes',
    'destroy: the Workspace goes first, the operators only after its NodeClaims; nothing of ours left',
  ];
  if (!applied) {
    for (const name of afterApply) await scenario(name, () => Promise.reject(new Error('not run: the apply failed')));
    await main.applier.destroy(main.stack).catch(() => undefined);
  } else {
    await scenario(afterApply[0], () => podSecurityEnforced(e, main));
    await scenario(afterApply[1], async () => {
      const again = await e.kaitoStack('main', e.env());
      const plan = again.applier.plan(again.stack);
      check(Object.keys(plan).length === 0, `a second synth of the same settings plans changes: ${describePlan(plan)}`);
      const before = await e.releaseSnapshot(again);
      await again.applier.apply(again.stack, { force: true });
      const after = await e.releaseSnapshot(again);
      for (const [release, { manifest, generations }] of Object.entries(before)) {
        check(after[release].manifest === manifest, `helm upgrade of ${release} rendered a different manifest`);
        const moved = after[release].generations.filter((g) => !generations.includes(g));
        check(moved.length === 0, `helm upgrade of ${release} changed ${moved.join(', ')}`);
      }
      const objects = Object.values(after).reduce((n, r) => n + r.generations.length, 0);
      return `plan: no changes; every release upgraded again: ${Object.keys(after).length} manifests identical, ${objects} objects at the same generation`;
    });
    await scenario(afterApply[2], async () => {
      const toggled = await e.kaitoStack(
        'main',
        e.env({
          DEPLOY_AZURE_OPENAI: 'true',
          AZURE_OPENAI_ENDPOINT: 'https://oai-kaito.openai.azure.com/',
          AZURE_IDENTITY_CLIENT_ID: AI_IDENTITY,
        }),
      );
      const plan = toggled.applier.plan(toggled.stack);
      const addresses = Object.keys(plan);
      check(addresses.length > 0, 'the plan changes nothing');
      const others = addresses.filter((a) => !/^helm_release\.AiService_/.test(a) || plan[a] !== 'update');
      check(others.length === 0, `the plan does more than update ai-service: ${describePlan(plan)}`);
      await toggled.applier.apply(toggled.stack);
      const objects = await e.objectsAsSynthesized(toggled, 'ai-service');
      await e.podsReady();
      const config = await e.kubectl([
        'get',
        'configmap',
        'ai-service-configs',
        '-n',
        'pets',
        '-o',
        'jsonpath={.data.AZURE_OPENAI_ENDPOINT}',
      ]);
      check(config === 'https://oai-kaito.openai.azure.com/', `ai-service's configuration does not name Azure OpenAI: "${config}"`);
      return `${describePlan(plan)}; ${objects.length} ai-service objects as synthesized`;
    });
    await scenario(afterApply[3], () => destroyInOrder(e, main));
  }

  await scenario('apply and destroy the 0.12.0 train (workspace 0.12.0, gpu-provisioner 0.4.3)', async () => {
    const s = await e.kaitoStack('train-0.12.0', e.env(KAITO_012));
    return destroyingOnFailure(s, async () => {
      await s.applier.apply(s.stack);
      const releases = await e.releasesDeployed(s);
      const objects = await e.objectsAsSynthesized(s);
      const pods = await e.podsReady();
      const versions = Object.values(s.applier.state())
        .filter((r) => r.type === 'helm_release' && typeof r.config.repository === 'string')
        .map((r) => `${String(r.config.chart)} ${String(r.config.version)}`);
      await s.applier.destroy(s.stack);
      const left = await e.helmObjectsLeft();
      check(left.length === 0, `left after destroy: ${left.join(', ')}`);
      return `${releases.join(', ')} deployed (${versions.join(', ')}); ${objects.length} objects as synthesized; ${pods} pods Ready; destroyed clean`;
    });
  });

  await scenario('apply and destroy add-on mode (no Kaito releases; CRD as AKS installs it)', async () => {
    await e.installWorkspaceCrd(AKS_ADDON_TRAIN.assumedKaitoVersion);
    try {
      // the add-on brings Kaito's charts itself: synth refuses their mirrors in this mode
      const { KAITO_CHART_REPOSITORY: _kaito, GPU_PROVISIONER_CHART_REPOSITORY: _gpu, ...env } = e.env({ KAITO_INSTALL: 'aks-addon' });
      const s = await e.kaitoStack('aks-addon', env);
      return await destroyingOnFailure(s, async () => {
        await s.applier.apply(s.stack);
        const releases = await e.releasesDeployed(s);
        check(
          !releases.includes('workspace') && !releases.includes('gpu-provisioner'),
          `Kaito releases installed in add-on mode: ${releases.join(', ')}`,
        );
        const objects = await e.objectsAsSynthesized(s);
        await e.podsReady();
        await s.applier.destroy(s.stack);
        const left = await e.helmObjectsLeft();
        check(left.length === 0, `left after destroy: ${left.join(', ')}`);
        return `releases ${releases.join(', ')} (no Kaito release); ${objects.length} objects as synthesized; destroyed clean`;
      });
    } finally {
      await e.kubectl(['delete', 'crd', 'workspaces.kaito.sh', '--ignore-not-found']);
    }
  });

  for (const release of RELEASE_VERSIONS) {
    await scenario(`every Workspace of the settings matrix, Kaito ${release}, created against its real CRD`, async () => {
      const refused: string[] = [];
      const line = await workspaceMatrix(e, release, matrixCases(release, refused));
      return `${line}${refused.length > 0 ? `; ${refused.length} settings synth refuses emit none (${refused.join(', ')})` : ''}`;
    });
  }
  const addon = AKS_ADDON_TRAIN.assumedKaitoVersion;
  await scenario(`every Workspace of add-on mode, Kaito ${addon}, created against its real CRD`, () =>
    workspaceMatrix(e, addon, addonMatrixCases()),
  );

  await cliScenarios(e);
}

/**
 * The API server's PodSecurity admission refuses, in the namespace kaito-stack labelled, a pod its
 * level forbids, and admits one it allows (server-side dry run): the labels are live, not decoration.
 */
async function podSecurityEnforced(e: EngineRun, d: Deployment): Promise<string> {
  const ns = Object.values(d.applier.state()).find((r) => r.type === 'kubernetes_namespace_v1');
  check(ns !== undefined, 'no namespace in the state');
  const { name, labels = {} } = ns.config.metadata as { name: string; labels?: Record<string, string> };
  const level = labels['pod-security.kubernetes.io/enforce'];
  check(level === 'baseline' || level === 'restricted', `namespace ${name} enforces "${level}", expected baseline or restricted`);
  const pod = (spec: Record<string, unknown>) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pod-security-probe', namespace: name },
      spec: { containers: [{ name: 'c', image: 'mcr.microsoft.com/aks/kaito/kaito-base:0.0.8' }], ...spec },
    });
  const hostPath = await runWithCode(join(e.bin, 'kubectl'), [`--kubeconfig=${e.kubeconfig}`, 'create', '--dry-run=server', '-f', '-'], {
    input: pod({ volumes: [{ name: 'cuda', hostPath: { path: '/opt/kaito/cuda/129', type: 'DirectoryOrCreate' } }] }),
  });
  check(
    hostPath.code !== 0 && /violates PodSecurity/.test(hostPath.stderr),
    `a hostPath pod was not refused in ${name}: ${hostPath.stdout}${hostPath.stderr}`,
  );
  await e.kubectl(['create', '--dry-run=server', '-f', '-'], pod({}));
  return `${name} enforces ${level}: a hostPath pod is refused ("${hostPath.stderr.trim().split('\n')[0].slice(0, 120)}"), a plain one admitted`;
}

/**
 * Creates every Workspace of the settings matrix for `release` against that release's CRD, in a
 * namespace of its own, and a deliberately malformed one (a count of the wrong type) that must be
 * refused, so the check is known to be live.
 */
async function workspaceMatrix(e: EngineRun, release: string, cases: readonly MatrixCase[]): Promise<string> {
  check(cases.length > 0, `no Workspace in the matrix of ${release}`);
  const ns = `matrix-${release.replace(/\./g, '-')}`;
  await e.installWorkspaceCrd(release);
  await e.kubectl(['create', 'namespace', ns]);
  try {
    const items: Record<string, unknown>[] = cases.map((c, i) => ({
      ...c.workspace,
      metadata: { ...(c.workspace.metadata as object), name: `m${String(i).padStart(4, '0')}`, namespace: ns },
    }));
    const file = join(e.work, `matrix-${release}.json`);
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const created = await runWithCode(join(e.bin, 'kubectl'), [`--kubeconfig=${e.kubeconfig}`, 'create', '-f', file, '-o', 'name']);
    const rejected = created.stderr
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const m = /"(m\d{4})"/.exec(l);
        return m ? `${cases[Number(m[1].slice(1))].id}: ${l}` : l;
      });
    check(
      rejected.length === 0 && created.code === 0,
      `${rejected.length} of ${cases.length} rejected:\n${rejected.slice(0, 20).join('\n')}`,
    );
    const count = created.stdout.split('\n').filter((l) => l.startsWith('workspace.kaito.sh/')).length;
    check(count === cases.length, `${count} of ${cases.length} Workspaces created`);
    const broken = {
      ...items[0],
      metadata: { name: 'broken', namespace: ns },
      resource: { ...(items[0].resource as object), count: 'one' },
    };
    const refused = await runWithCode(join(e.bin, 'kubectl'), [`--kubeconfig=${e.kubeconfig}`, 'create', '-f', '-'], {
      input: JSON.stringify(broken),
    });
    check(refused.code !== 0, 'a Workspace with resource.count "one" was admitted: the CRD schema is not being applied');
    const secrets = cases.filter((c) => 'KAITO_MODEL_ACCESS_SECRET' in c.env).length;
    return `${cases.length} Workspaces (${secrets} with the token Secret) created, 0 rejected; resource.count "one" refused`;
  } finally {
    await e.kubectl(['delete', 'namespace', ns, '--wait=true']);
    await e.kubectl(['delete', 'crd', 'workspaces.kaito.sh', '--ignore-not-found']);
  }
}

/** Runs `body`; when it fails, destroys `d` (best effort) so the next scenario starts clean, and rethrows. */
async function destroyingOnFailure(d: Deployment, body: () => Promise<string>): Promise<string> {
  try {
    return await body();
  } catch (err) {
    await d.applier.destroy(d.stack).catch(() => undefined);
    throw err;
  }
}

/**
 * Destroys `d` while a stand-in plays Kaito's controller and gpu-provisioner (two NodeClaims, each
 * held until 20 s after its deletion: an agent pool takes minutes to delete on Azure, and the rest of the destroy must not outrun it by chance), and proves that no NodeClaim was left behind: gpu-provisioner
 * still ran when each was released, and the audit log shows the operators' Deployments deleted only
 * after the last NodeClaim went.
 */
async function destroyInOrder(e: EngineRun, d: Deployment): Promise<string> {
  const ws = Object.values(manifestObjects(d))
    .flat()
    .find((o) => o.kind === 'Workspace');
  check(ws !== undefined, 'no Workspace in the state');
  const ns = ws.metadata.namespace ?? 'pets';
  const standIn = new ProvisionerStandIn(e, ws.metadata.name, ns, ['ws1a2b3c4d5', 'ws6e7f8a9b0'], 20);
  await standIn.start();
  try {
    await d.applier.destroy(d.stack);
  } finally {
    standIn.stop();
  }
  const left = await e.kubectl(['get', 'nodeclaims.karpenter.sh', '-o', 'name']).catch(() => '');
  check(
    standIn.orphaned.length === 0,
    `gpu-provisioner was gone while NodeClaims were terminating: ${standIn.orphaned.join(', ')} (their GPU node pools would keep billing)`,
  );
  check(left === '', `NodeClaims left after destroy: ${left.split('\n').join(', ')}`);
  const ok = (ev: { code?: number }) => ev.code !== undefined && ev.code < 300;
  const events = e.auditEvents().filter(ok);
  const wsDeleted = events.find((ev) => ev.verb === 'delete' && ev.resource === 'workspaces' && ev.name === ws.metadata.name);
  const operatorsDeleted = events.filter(
    (ev) =>
      ev.verb === 'delete' && ev.resource === 'deployments' && (ev.namespace === 'kaito-workspace' || ev.namespace === 'gpu-provisioner'),
  );
  const claimsReleased = events.filter((ev) => ev.verb === 'patch' && ev.resource === 'nodeclaims');
  check(wsDeleted !== undefined, 'the audit log has no delete of the Workspace');
  check(operatorsDeleted.length >= 2, `the audit log has ${operatorsDeleted.length} deletes of the operators' Deployments, expected both`);
  check(
    claimsReleased.length >= standIn.nodeClaims.length,
    `the audit log has ${claimsReleased.length} NodeClaim releases, expected ${standIn.nodeClaims.length}`,
  );
  const lastClaim = claimsReleased
    .map((ev) => ev.time)
    .sort()
    .slice(-1)[0];
  const early = operatorsDeleted.filter((ev) => ev.time <= lastClaim || ev.time <= wsDeleted.time);
  check(
    early.length === 0,
    `deleted before the last NodeClaim went (Workspace deleted ${wsDeleted.time}, last NodeClaim released ${lastClaim}): ${early.map((ev) => `${ev.namespace}/${ev.name} at ${ev.time}`).join(', ')}`,
  );
  const helmLeft = await e.helmObjectsLeft();
  check(helmLeft.length === 0, `left in the cluster: ${helmLeft.join(', ')}`);
  const pets = await e.kubectl(['get', 'namespace', 'pets', '-o', 'name', '--ignore-not-found']);
  check(pets === '', 'namespace pets is still there');
  const workspaces = await e.kubectl(['get', 'workspaces.kaito.sh', '-A', '-o', 'name']).catch(() => '');
  check(workspaces === '', `Workspaces left: ${workspaces}`);
  return `audit: Workspace deleted ${wsDeleted.time}; ${standIn.released.length} NodeClaims released by gpu-provisioner, the last ${lastClaim}; operators' ${operatorsDeleted.length} Deployments deleted from ${operatorsDeleted[0].time}; no NodeClaim, Helm object, release or Workspace left`;
}

/** `status` and `wait` of the day-2 CLI against Workspaces the test puts in the API server. */
async function cliScenarios(e: EngineRun): Promise<void> {
  const ready = await scenario('status and wait: a Workspace whose conditions are Ready reads Ready', async () => {
    await e.installWorkspaceCrd('0.10.0');
    await e.kubectl(['create', 'namespace', 'pets']);
    await putWorkspace(e, 'workspace-falcon-7b-instruct');
    const status = await cli(e, ['status']);
    check(/workspace-falcon-7b-instruct in pets: Ready/.test(status.stdout), `status says:\n${status.stdout}${status.stderr}`);
    const wait = await cli(e, ['wait', '--timeout', '30s', '--interval', '1s']);
    check(wait.code === 0, `wait exited ${wait.code}:\n${wait.stdout}${wait.stderr}`);
    return `status: "${status.stdout.split('\n').find((l) => l.includes(' in pets: '))}"; wait exit 0`;
  });
  if (!ready) return;
  await scenario('status and wait: a Workspace being deleted (finalizer held) reads terminating, not Ready', async () => {
    await e.finalizers('hold', 'workspaces.kaito.sh', 'workspace-falcon-7b-instruct', 'pets');
    await e.kubectl(['delete', 'workspaces.kaito.sh', 'workspace-falcon-7b-instruct', '-n', 'pets', '--wait=false']);
    const status = await cli(e, ['status']);
    const line = status.stdout.split('\n').find((l) => l.includes(' in pets: ')) ?? status.stdout;
    check(!/: Ready/.test(line), `status says Ready for a Workspace being deleted: "${line}"`);
    check(/terminat|being deleted/i.test(line), `status does not say the Workspace is terminating: "${line}"`);
    const wait = await cli(e, ['wait', '--timeout', '5s', '--interval', '1s']);
    check(wait.code !== 0, `wait exited 0 (ready) for a Workspace being deleted:\n${wait.stdout}`);
    await e.finalizers('release', 'workspaces.kaito.sh', 'workspace-falcon-7b-instruct', 'pets');
    return `status: "${line}"; wait exit ${wait.code}`;
  });
}

/** A Workspace with Kaito's Ready conditions and a Ready inference pod (kwok runs it). */
async function putWorkspace(e: EngineRun, name: string): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const workspace = {
    apiVersion: 'kaito.sh/v1beta1',
    kind: 'Workspace',
    metadata: { name, namespace: 'pets' },
    resource: { instanceType: 'Standard_NV36ads_A10_v5', labelSelector: { matchLabels: { apps: name } } },
    inference: { preset: { name: 'falcon-7b-instruct' } },
  };
  writeFileSync(join(e.work, 'workspace.json'), JSON.stringify(workspace));
  await e.kubectl(['create', '-f', join(e.work, 'workspace.json')]);
  const condition = (type: string) => ({
    type,
    status: 'True',
    reason: 'engines',
    message: 'set by the engine test',
    lastTransitionTime: now,
  });
  const status = {
    status: { conditions: ['ResourceReady', 'InferenceReady', 'WorkspaceSucceeded'].map(condition), workerNodes: ['kwok-node-0'] },
  };
  await e.kubectl([
    'patch',
    'workspaces.kaito.sh',
    name,
    '-n',
    'pets',
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify(status),
  ]);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'pets' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'kaito.sh/workspace': name } },
      template: {
        metadata: { labels: { 'kaito.sh/workspace': name } },
        spec: { containers: [{ name: 'inference', image: 'mcr.microsoft.com/aks/kaito/kaito-base:0.0.8' }] },
      },
    },
  };
  await e.kubectl(['create', '-f', '-'], JSON.stringify(deployment));
  await e.kubectl(['rollout', 'status', `deployment/${name}`, '-n', 'pets', '--timeout=60s']);
}

/** Runs the day-2 CLI with the cluster's kubeconfig and the default configuration. */
function cli(e: EngineRun, args: string[]) {
  return runWithCode(process.execPath, [join(ROOT, 'cli', 'kaito-aks.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: e.kubeconfig },
  });
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`engines: ${(err as Error).stack}\n`);
    process.exitCode = 1;
  },
);
