/**
 * `npm run test:engines`: what we synthesize, through the engines our users run. Terraform with the
 * real providers validates every stack in every supported configuration; then kaito-stack is applied
 * in kubeconfig mode, with the real helm and kubernetes providers and the real upstream charts (served
 * from ../shared/reference/charts on 127.0.0.1 through the chart mirror settings), to a real
 * Kubernetes API server with a kwok node, and changed, planned and destroyed; and the day-2 CLI reads
 * Workspaces from that API server. One line per scenario, then `engines: N passed, N failed`.
 *
 * Run `bash engines/install.sh` first (the npm script does). Nothing listens beyond 127.0.0.1; every
 * process started is stopped by its PID at the end, also on failure.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { Cluster, kubectl, runWithCode, startCluster } from './cluster';
import { Engines, manifestObjects, ObjectSpec, ROOT, synth, TerraformStack } from './terraform';

const CHARTS = join(ROOT, '..', 'shared', 'reference', 'charts');
const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
const TENANT = '00000000-0000-4000-8000-000000000002';
const PROVISIONER = '00000000-0000-4000-8000-000000000003';
const AI_IDENTITY = '00000000-0000-4000-8000-000000000004';
const KAITO_012 = { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' };

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
    readonly engines: Engines,
    readonly work: string,
  ) {}

  get kubeconfig(): string {
    if (!this.cluster) throw new Error('no cluster');
    return this.cluster.kubeconfig;
  }

  kubectl(args: string[], input?: string): Promise<string> {
    return kubectl(this.engines.bin, this.kubeconfig, args, input);
  }

  async kubectlJson<T>(args: string[]): Promise<T> {
    return JSON.parse(await this.kubectl([...args, '-o', 'json'])) as T;
  }

  async start(): Promise<string> {
    this.charts = await serveCharts(CHARTS);
    this.cluster = await startCluster(this.engines.bin, join(this.work, 'cluster'));
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

  /** Synthesizes `env` into `work/<name>` and returns kaito-stack there, initialized. */
  async kaitoStack(name: string, env: Record<string, string>): Promise<TerraformStack> {
    const outdir = join(this.work, name, 'cdktf.out');
    await synth(env, outdir);
    const stack = new TerraformStack(this.engines, outdir, 'kaito-stack', join(this.work, name));
    if (!existsSync(join(stack.dir, '.terraform'))) await stack.init();
    return stack;
  }

  /** Every helm_release in the state is `deployed`, and so is its release in the cluster. Returns the names. */
  async releasesDeployed(stack: TerraformStack): Promise<string[]> {
    const state = await stack.state();
    const releases = Object.entries(state).filter(([address]) => address.startsWith('helm_release.'));
    check(releases.length > 0, 'no helm_release in the state');
    const inCluster = await this.kubectlJson<{ items: { metadata: { labels: Record<string, string> } }[] }>([
      'get',
      'secrets',
      '-A',
      '-l',
      'owner=helm,status=deployed',
    ]);
    const deployed = new Set(inCluster.items.map((s) => s.metadata.labels.name));
    for (const [address, values] of releases) {
      check(values.status === 'deployed', `${address}: Terraform says status ${String(values.status)}, not deployed`);
      check(deployed.has(values.name as string), `${address}: release ${String(values.name)} has no deployed Helm record in the cluster`);
    }
    return releases.map(([, v]) => v.name as string).sort();
  }

  /** Every object a ManifestRelease of `stack` holds exists in the cluster with the synthesized fields. */
  async objectsAsSynthesized(stack: TerraformStack, release?: string): Promise<ObjectSpec[]> {
    const byRelease = manifestObjects(await stack.state());
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
      const d = difference({ ...spec, metadata: { name: metadata.name, namespace: metadata.namespace } }, live);
      check(!d, `${o.kind}/${o.metadata.name} differs from what was synthesized at ${d}`);
    }
    return objects;
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

  /** Installs the Workspace CRD of Kaito `version` from its chart, as the AKS add-on would have. */
  async installWorkspaceCrd(version: string): Promise<void> {
    const crd = execFileSync('tar', ['-xzOf', join(CHARTS, `workspace-${version}.tgz`), 'workspace/templates/kaito.sh_workspaces.yaml']);
    await this.kubectl(['create', '-f', '-'], crd.toString());
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

  /**
   * Plays Kaito's controller for a Workspace being deleted: holds it with Kaito's finalizer until
   * `holdSeconds` after its deletion started, then, if gpu-provisioner and the Kaito controller still
   * run (they would delete the GPU node pool), releases it. Resolves what it saw.
   */
  async holdWorkspaceFinalizer(name: string, namespace: string, holdSeconds: number): Promise<string> {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const ws = await this.kubectlJson<{ metadata: { deletionTimestamp?: string } }>([
        'get',
        'workspaces.kaito.sh',
        name,
        '-n',
        namespace,
      ]).catch(() => undefined);
      if (!ws) return 'the Workspace vanished without its finalizer being released';
      if (ws.metadata.deletionTimestamp) break;
      if (Date.now() > deadline) return 'the Workspace was never deleted';
      await new Promise((r) => setTimeout(r, 300));
    }
    await new Promise((r) => setTimeout(r, holdSeconds * 1000));
    const operators = await this.kubectl(['get', 'deployments', '-n', 'gpu-provisioner', '-o', 'name']).catch(() => '');
    const controller = await this.kubectl(['get', 'deployments', '-n', 'kaito-workspace', '-o', 'name']).catch(() => '');
    await this.kubectl([
      'patch',
      'workspaces.kaito.sh',
      name,
      '-n',
      namespace,
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    const names = (list: string) =>
      list
        .split('\n')
        .filter((l) => l !== '')
        .join(' ') || 'gone';
    return `after ${holdSeconds} s of deletion, gpu-provisioner: ${names(operators)}; kaito-workspace: ${names(controller)}`;
  }
}

/** `terraform validate` of every stack in every supported configuration (identical stacks once). */
async function validateAll(engines: Engines, work: string): Promise<string> {
  // synth checks kubeconfig mode's file: one with context "ci", current (never contacted); it sits beside
  // validate/, whose subdirectories are named after the labels, "kubeconfig" among them
  const kubeconfig = join(work, 'validate-kubeconfig.json');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'ci', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'ci', user: { token: 'validate-only' } }],
      contexts: [{ name: 'ci', context: { cluster: 'ci', user: 'ci' } }],
      'current-context': 'ci',
    }),
  );
  const configurations: Record<string, Record<string, string>> = {
    defaults: {},
    'Azure OpenAI': { DEPLOY_AZURE_OPENAI: 'true' },
    '0.12.0': KAITO_012,
    '0.12.0 + Azure OpenAI': { ...KAITO_012, DEPLOY_AZURE_OPENAI: 'true' },
    'aks-addon': { KAITO_INSTALL: 'aks-addon' },
    'remote state': { RS_RESOURCE_GROUP: 'rg-tfstate', RS_STORAGE_ACCOUNT: 'sttfstate', RS_CONTAINER_NAME: 'tfstate' },
    kubeconfig: {
      AKS_KUBECONFIG: kubeconfig,
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      AZURE_TENANT_ID: TENANT,
      KAITO_IDENTITY_CLIENT_ID: PROVISIONER,
    },
    'kubeconfig + Azure OpenAI + context': {
      AKS_KUBECONFIG: kubeconfig,
      AKS_KUBECONFIG_CONTEXT: 'ci',
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      AZURE_TENANT_ID: TENANT,
      KAITO_IDENTITY_CLIENT_ID: PROVISIONER,
      DEPLOY_AZURE_OPENAI: 'true',
      AZURE_OPENAI_ENDPOINT: 'https://oai-kaito.openai.azure.com/',
      AZURE_IDENTITY_CLIENT_ID: AI_IDENTITY,
    },
    'kubeconfig + aks-addon': { AKS_KUBECONFIG: kubeconfig, KAITO_INSTALL: 'aks-addon' },
    'chart mirrors': {
      KAITO_CHART_REPOSITORY: 'oci://mirror.azurecr.io/helm',
      GPU_PROVISIONER_CHART_REPOSITORY: 'https://charts.example.com/gpu-provisioner',
      STORE_CHART_REPOSITORY: 'https://charts.example.com/store',
    },
  };
  const stacks = new Map<string, { stack: TerraformStack; label: string }>();
  let count = 0;
  for (const [label, env] of Object.entries(configurations)) {
    const outdir = join(work, 'validate', label.replace(/[^a-z0-9]+/gi, '-'));
    await synth(env, outdir);
    for (const name of ['infra', 'kaito-stack']) {
      const stack = new TerraformStack(engines, outdir, name, join(work, 'validate'));
      count++;
      if (!stacks.has(stack.hash())) stacks.set(stack.hash(), { stack, label: `${name} (${label})` });
    }
  }
  const queue = [...stacks.values()];
  const failures: string[] = [];
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          await next.stack.init(false);
          await next.stack.tf(['validate', '-no-color']);
        } catch (err) {
          failures.push(`${next.label}: ${(err as Error).message}`);
        }
      }
    }),
  );
  check(failures.length === 0, `${failures.length} of ${stacks.size} stacks invalid:\n${failures.join('\n')}`);
  return `${Object.keys(configurations).length} configurations, ${count} stacks, ${stacks.size} distinct: all valid`;
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const enginesDir = process.argv[2] ?? join(ROOT, '.tools', 'engines');
  const engines: Engines = { bin: join(enginesDir, 'bin'), terraformrc: join(enginesDir, 'terraformrc') };
  for (const f of ['terraform', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok']) {
    if (!existsSync(join(engines.bin, f))) {
      process.stderr.write(`engines: ${join(engines.bin, f)} is missing; run bash engines/install.sh first\n`);
      return 1;
    }
  }
  const work = mkdtempSync(join(tmpdir(), 'kaito-aks-engines-'));
  mkdirSync(join(work, 'cluster'));
  const e = new EngineRun(engines, work);

  // terraform validate runs while the cluster scenarios wait on Helm
  const validation = scenario('terraform validate, every stack in every configuration', () => validateAll(engines, work));
  try {
    if (await scenario('control plane up (etcd, kube-apiserver, controller-manager, scheduler, kwok)', () => e.start())) {
      await clusterScenarios(e);
    }
  } finally {
    await validation;
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
    await main.apply();
    const releases = await e.releasesDeployed(main);
    const objects = await e.objectsAsSynthesized(main);
    const pods = await e.podsReady();
    return `releases ${releases.join(', ')} deployed; ${objects.length} objects as synthesized (${objects.map((o) => o.kind).join(', ')}); ${pods} pods Ready`;
  });
  const afterApply = [
    'second plan right after apply: no changes',
    'switch DEPLOY_AZURE_OPENAI=true and re-apply: only ai-service changes',
    'destroy: the Workspace goes first, while Kaito and gpu-provisioner still run; nothing of ours left',
  ];
  if (!applied) {
    for (const name of afterApply) await scenario(name, () => Promise.reject(new Error('not run: the apply failed')));
    await main.destroy().catch(() => undefined);
  } else {
    await scenario(afterApply[0], async () => {
      const { code, output } = await main.planExitCode();
      check(code === 0, `terraform plan -detailed-exitcode exited ${code}:\n${output.split('\n').slice(-30).join('\n')}`);
      return 'plan -detailed-exitcode = 0';
    });
    await scenario(afterApply[1], async () => {
      const toggled = await e.kaitoStack(
        'main',
        e.env({
          DEPLOY_AZURE_OPENAI: 'true',
          AZURE_OPENAI_ENDPOINT: 'https://oai-kaito.openai.azure.com/',
          AZURE_IDENTITY_CLIENT_ID: AI_IDENTITY,
        }),
      );
      const changes = await toggled.plannedChanges();
      const addresses = Object.keys(changes);
      check(addresses.length > 0, 'the plan changes nothing');
      const others = addresses.filter((a) => !/^helm_release\.AiService_/.test(a));
      check(others.length === 0, `the plan changes more than ai-service: ${others.map((a) => `${a} ${changes[a].join('+')}`).join(', ')}`);
      await toggled.tf(['apply', '-auto-approve', '-no-color', 'engines.tfplan']);
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
      return `${addresses.map((a) => `${a} ${changes[a].join('+')}`).join(', ')}; ${objects.length} ai-service objects as synthesized`;
    });
    await scenario(afterApply[2], () => destroyInOrder(e, main));
  }

  await scenario('apply and destroy the 0.12.0 train (workspace 0.12.0, gpu-provisioner 0.4.3)', async () => {
    const s = await e.kaitoStack('train-0.12.0', e.env(KAITO_012));
    return destroyingOnFailure(s, async () => {
      await s.apply();
      const releases = await e.releasesDeployed(s);
      const objects = await e.objectsAsSynthesized(s);
      const pods = await e.podsReady();
      const versions = Object.values(await s.state())
        .filter((v) => typeof v.repository === 'string' && v.repository !== '')
        .map((v) => `${String(v.chart)} ${String(v.version)}`);
      await s.destroy();
      const left = await e.helmObjectsLeft();
      check(left.length === 0, `left after destroy: ${left.join(', ')}`);
      return `${releases.join(', ')} deployed (${versions.join(', ')}); ${objects.length} objects as synthesized; ${pods} pods Ready; destroyed clean`;
    });
  });

  await scenario('apply and destroy add-on mode (no Kaito releases; CRD as AKS installs it)', async () => {
    await e.installWorkspaceCrd('0.10.0');
    try {
      // the add-on brings Kaito's charts itself: synth refuses their mirrors in this mode
      const { KAITO_CHART_REPOSITORY: _kaito, GPU_PROVISIONER_CHART_REPOSITORY: _gpu, ...env } = e.env({ KAITO_INSTALL: 'aks-addon' });
      const s = await e.kaitoStack('aks-addon', env);
      return await destroyingOnFailure(s, async () => {
        await s.apply();
        const releases = await e.releasesDeployed(s);
        check(
          !releases.includes('workspace') && !releases.includes('gpu-provisioner'),
          `Kaito releases installed in add-on mode: ${releases.join(', ')}`,
        );
        const objects = await e.objectsAsSynthesized(s);
        await e.podsReady();
        await s.destroy();
        const left = await e.helmObjectsLeft();
        check(left.length === 0, `left after destroy: ${left.join(', ')}`);
        return `releases ${releases.join(', ')} (no Kaito release); ${objects.length} objects as synthesized; destroyed clean`;
      });
    } finally {
      await e.kubectl(['delete', 'crd', 'workspaces.kaito.sh', '--ignore-not-found']);
    }
  });

  await cliScenarios(e);
}

/** Runs `body`; when it fails, destroys `stack` (best effort) so the next scenario starts clean, and rethrows. */
async function destroyingOnFailure(stack: TerraformStack, body: () => Promise<string>): Promise<string> {
  try {
    return await body();
  } catch (err) {
    await stack.destroy().catch(() => undefined);
    throw err;
  }
}

/**
 * Destroys `stack` while playing Kaito's controller (a finalizer on the Workspace), and proves with
 * the audit log that the Workspace went first and the operators only after it was released.
 */
async function destroyInOrder(e: EngineRun, stack: TerraformStack): Promise<string> {
  const ws = Object.values(manifestObjects(await stack.state()))
    .flat()
    .find((o) => o.kind === 'Workspace');
  check(ws !== undefined, 'no Workspace in the state');
  const ns = ws.metadata.namespace ?? 'pets';
  // Kaito's controller puts this finalizer on every Workspace and removes it once the GPU nodes are gone
  await e.kubectl([
    'patch',
    'workspaces.kaito.sh',
    ws.metadata.name,
    '-n',
    ns,
    '--type=merge',
    '-p',
    '{"metadata":{"finalizers":["workspace.finalizer.kaito.sh"]}}',
  ]);
  const held = e.holdWorkspaceFinalizer(ws.metadata.name, ns, 5);
  await stack.destroy();
  const seen = await held;
  check(
    /gpu-provisioner: deployment/.test(seen) && /kaito-workspace: deployment/.test(seen),
    `operators gone while the Workspace was held: ${seen}`,
  );
  const events = e.auditEvents().filter((ev) => ev.verb === 'delete' && ev.code !== undefined && ev.code < 300);
  const wsDeleted = events.find((ev) => ev.resource === 'workspaces' && ev.name === ws.metadata.name);
  const operatorsDeleted = events.filter(
    (ev) => ev.resource === 'deployments' && (ev.namespace === 'kaito-workspace' || ev.namespace === 'gpu-provisioner'),
  );
  check(wsDeleted !== undefined, 'the audit log has no delete of the Workspace');
  check(operatorsDeleted.length >= 2, `the audit log has ${operatorsDeleted.length} deletes of the operators' Deployments, expected both`);
  const released = e
    .auditEvents()
    .find((ev) => ev.verb === 'patch' && ev.resource === 'workspaces' && ev.name === ws.metadata.name && ev.time > wsDeleted.time);
  check(released !== undefined, 'the audit log has no release of the Workspace finalizer');
  const early = operatorsDeleted.filter((ev) => ev.time <= released.time);
  check(
    early.length === 0,
    `deleted before the Workspace was gone (deleted ${wsDeleted.time}, finalizer released ${released.time}): ${early.map((ev) => `${ev.namespace}/${ev.name} at ${ev.time}`).join(', ')}`,
  );
  const left = await e.helmObjectsLeft();
  check(left.length === 0, `left in the cluster: ${left.join(', ')}`);
  const pets = await e.kubectl(['get', 'namespace', 'pets', '-o', 'name', '--ignore-not-found']);
  check(pets === '', 'namespace pets is still there');
  const workspaces = await e.kubectl(['get', 'workspaces.kaito.sh', '-A', '-o', 'name']).catch(() => '');
  check(workspaces === '', `Workspaces left: ${workspaces}`);
  return `audit: Workspace deleted ${wsDeleted.time}, finalizer released ${released.time} (${seen}), operators' ${operatorsDeleted.length} Deployments deleted from ${operatorsDeleted[0].time}; no Helm object, release or Workspace left`;
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
    await e.kubectl([
      'patch',
      'workspaces.kaito.sh',
      'workspace-falcon-7b-instruct',
      '-n',
      'pets',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":["workspace.finalizer.kaito.sh"]}}',
    ]);
    await e.kubectl(['delete', 'workspaces.kaito.sh', 'workspace-falcon-7b-instruct', '-n', 'pets', '--wait=false']);
    const status = await cli(e, ['status']);
    const line = status.stdout.split('\n').find((l) => l.includes(' in pets: ')) ?? status.stdout;
    check(!/: Ready/.test(line), `status says Ready for a Workspace being deleted: "${line}"`);
    check(/terminat|being deleted/i.test(line), `status does not say the Workspace is terminating: "${line}"`);
    const wait = await cli(e, ['wait', '--timeout', '5s', '--interval', '1s']);
    check(wait.code !== 0, `wait exited 0 (ready) for a Workspace being deleted:\n${wait.stdout}`);
    await e.kubectl([
      'patch',
      'workspaces.kaito.sh',
      'workspace-falcon-7b-instruct',
      '-n',
      'pets',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
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
