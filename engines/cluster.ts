/**
 * A real Kubernetes control plane on 127.0.0.1 for the engine tests: etcd, kube-apiserver (audit
 * log on; the default admission plugins, PodSecurity among them, less the two webhook plugins),
 * kube-controller-manager, kube-scheduler and kwok with one
 * simulated node, so that Deployments and DaemonSets get pods that turn Ready. Every process is
 * started here and stopped by its PID, also when a start fails or the test process exits.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A running control plane. */
export interface Cluster {
  /** kubeconfig file (admin, token auth). */
  readonly kubeconfig: string;
  /** API server audit log, one JSON event a line. */
  readonly auditLog: string;
  /** Name of the simulated node. */
  readonly nodeName: string;
  /** Stops every process, last started first. */
  stop(): Promise<void>;
}

/** Labels the charts' node affinities look for (gpu-provisioner needs an AKS node, Linux). */
export const NODE_LABELS: Readonly<Record<string, string>> = {
  'kubernetes.io/os': 'linux',
  'kubernetes.io/arch': 'amd64',
  'kubernetes.azure.com/cluster': 'MC_rg-kaito_aks-kaito_eastus',
  'kubernetes.azure.com/mode': 'system',
  agentpool: 'system',
  'topology.kubernetes.io/zone': 'eastus-1',
  type: 'kwok',
};

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
// an interrupted run still stops what it started (Node skips 'exit' handlers on a signal otherwise)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `bin/name args`, its output to `dir/name.log`; fails fast when it exits early. */
function start(bin: string, dir: string, name: string, args: string[]): ChildProcess {
  const log = createWriteStream(join(dir, `${name}.log`));
  const child = spawn(join(bin, name), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

/** Stops `child` by its PID: SIGTERM, then SIGKILL after 5 s. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Polls `check` every 200 ms until it is true; fails after `seconds` or when `child` exits. */
async function until(what: string, seconds: number, check: () => Promise<boolean>, child?: ChildProcess, log?: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`${what}: the process exited with ${child.exitCode}; last log lines:\n${tail(log)}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${seconds} s; last log lines:\n${tail(log)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function tail(file: string | undefined): string {
  if (!file) return '';
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}

/** GET `path` on the API server with the admin token; resolves the status code. */
function get(port: number, token: string, path: string): Promise<number> {
  return new Promise((resolveCode, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${token}` }, rejectUnauthorized: false, timeout: 2000 },
      (res) => {
        res.resume();
        resolveCode(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** The audit policy: metadata of every change; reads are not logged. */
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
`;

/**
 * Starts the control plane with binaries from `bin` and state in `dir` (fresh, empty).
 * @throws Error naming the component that did not come up, with its last log lines.
 */
export async function startCluster(bin: string, dir: string): Promise<Cluster> {
  const started: ChildProcess[] = [];
  const stop = async () => {
    for (const child of started.reverse()) await stopProcess(child);
  };
  try {
    const [etcdClient, etcdPeer, apiPort, kcmPort, schedulerPort, kwokPort] = await Promise.all(Array.from({ length: 6 }, freePort));
    started.push(
      start(bin, dir, 'etcd', [
        `--data-dir=${join(dir, 'etcd')}`,
        '--name=default',
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ]),
    );

    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saKey = join(dir, 'sa.key');
    const saPub = join(dir, 'sa.pub');
    writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
    const token = randomBytes(20).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
    const auditLog = join(dir, 'audit.log');

    const apiserver = start(bin, dir, 'kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'pki')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc',
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--allow-privileged=true',
      // Kaito's webhooks have no server here (its controller never runs), so the webhook plugins would
      // refuse every Workspace; the catalog tests judge the webhook's rules against Kaito's own output
      '--disable-admission-plugins=ValidatingAdmissionWebhook,MutatingAdmissionWebhook',
      `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
      `--audit-log-path=${auditLog}`,
      '--audit-log-format=json',
      '--audit-log-mode=blocking',
      '--enable-priority-and-fairness=false',
    ]);
    started.push(apiserver);
    await until(
      'kube-apiserver',
      60,
      async () => (await get(apiPort, token, '/readyz')) === 200,
      apiserver,
      join(dir, 'kube-apiserver.log'),
    );

    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'engines',
            cluster: { server: `https://127.0.0.1:${apiPort}`, 'certificate-authority': join(dir, 'pki', 'apiserver.crt') },
          },
        ],
        users: [{ name: 'admin', user: { token } }],
        contexts: [{ name: 'engines', context: { cluster: 'engines', user: 'admin' } }],
        'current-context': 'engines',
      }),
      { mode: 0o600 },
    );

    started.push(
      start(bin, dir, 'kube-controller-manager', [
        `--kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${kcmPort}`,
        '--leader-elect=false',
        `--service-account-private-key-file=${saKey}`,
        `--root-ca-file=${join(dir, 'pki', 'apiserver.crt')}`,
        // kwok's default stages send no heartbeat it would accept: it would mark the node and its pods not Ready
        '--controllers=*,-node-lifecycle-controller',
      ]),
    );
    started.push(
      start(bin, dir, 'kube-scheduler', [
        `--kubeconfig=${kubeconfig}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${schedulerPort}`,
        '--leader-elect=false',
      ]),
    );
    const kwok = start(bin, dir, 'kwok', [
      `--kubeconfig=${kubeconfig}`,
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--cidr=10.244.0.1/24',
      '--node-ip=127.0.0.1',
      `--server-address=127.0.0.1:${kwokPort}`,
    ]);
    started.push(kwok);

    const nodeName = 'kwok-node-0';
    writeFileSync(
      join(dir, 'node.json'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name: nodeName,
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
          labels: { ...NODE_LABELS, 'kubernetes.io/hostname': nodeName },
        },
        status: {
          allocatable: { cpu: '64', memory: '256Gi', pods: '250' },
          capacity: { cpu: '64', memory: '256Gi', pods: '250' },
        },
      }),
    );
    await kubectl(bin, kubeconfig, ['create', '-f', join(dir, 'node.json')]);
    await until(
      'kwok node Ready',
      60,
      async () =>
        (await kubectl(bin, kubeconfig, ['get', 'node', nodeName, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) ===
        'True',
      kwok,
      join(dir, 'kwok.log'),
    );
    // the taint the API server puts on a new node; the node lifecycle controller (off) would lift it
    await kubectl(bin, kubeconfig, ['taint', 'node', nodeName, 'node.kubernetes.io/not-ready:NoSchedule-']);
    await until(
      'default ServiceAccount',
      60,
      async () => (await kubectl(bin, kubeconfig, ['get', 'serviceaccount', 'default', '-o', 'name'])) !== '',
    );
    return { kubeconfig, auditLog, nodeName, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs kubectl against `kubeconfig`; resolves its stdout, trimmed. */
export function kubectl(bin: string, kubeconfig: string, args: string[], input?: string): Promise<string> {
  return run(join(bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, ...args], { input });
}

/** Runs a command; resolves stdout (trimmed) on exit 0, rejects with stderr otherwise. */
export function run(
  command: string,
  args: string[],
  options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv; allowExit?: number[] } = {},
): Promise<string> {
  return runWithCode(command, args, options).then(({ code, stdout, stderr }) => {
    if (code === 0 || options.allowExit?.includes(code)) return stdout.trim();
    throw new Error(`${command.split('/').pop()} ${args.join(' ')} exited ${code}:\n${stderr.trim() || stdout.trim()}`);
  });
}

/** Runs a command; resolves its exit code and output. */
export function runWithCode(
  command: string,
  args: string[],
  options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      resolveRun({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
