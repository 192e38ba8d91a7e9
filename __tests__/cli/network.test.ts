/**
 * API server failures, each with its own message naming the server and the next step, within the
 * command's stated timeout, over real sockets on 127.0.0.1: a closed port, a listener that never
 * answers, a TLS server with a self-signed certificate, a name that does not resolve
 * (`nonexistent.invalid`, a reserved TLD), and refused credentials (the fake API server).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../cli/exit-codes';
import { KubeApiError, KubeClient } from '../../cli/kube';
import { main } from '../../cli/main';
import { explainApiFailure } from '../../cli/network';
import { runSmoke } from '../../cli/smoke';
import { runStatus } from '../../cli/status';
import { runWait } from '../../cli/wait';
import { fakeClock, memoryScreen, readyCluster, startFakeApi, testTarget } from './helpers';

const client = (server: string) => new KubeClient({ server, context: 'test', applyAuth: async () => undefined });
const target = testTarget();

async function listen(server: Server | HttpsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was free a moment ago and now has nothing listening. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function status(server: string, requestTimeoutMs = 2000) {
  const screen = memoryScreen();
  const started = Date.now();
  const code = await runStatus(client(server), target, screen, { requestTimeoutMs });
  return { code, text: screen.text(), ms: Date.now() - started };
}

describe('connection refused', () => {
  test('status: exit 1, names the server, says nothing listens and what to check', async () => {
    const port = await closedPort();
    const { code, text } = await status(`http://127.0.0.1:${port}`);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(`✖ cannot read the cluster: nothing accepts connections at 127.0.0.1:${port} (connection refused)`);
    expect(text).toContain('the cluster may be stopped (az aks start)');
    expect(text).toContain('az aks get-credentials --resource-group rg-kaito --name aks-kaito --overwrite-existing');
  });
});

describe('a listener that never answers', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createNetServer((s) => void sockets.push(s));
    port = await listen(server);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('status gives up after its --request-timeout, naming the server and the likely cause', async () => {
    const { code, text, ms } = await status(`http://127.0.0.1:${port}`, 300);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(`✖ cannot read the cluster: no answer from the API server 127.0.0.1:${port}: no answer within 300 ms`);
    expect(text).toContain('authorized IP ranges may leave your address out');
    expect(ms).toBeLessThan(3000);
  });

  test('wait never lets a request outlast its own --timeout, and says the cluster did not answer', async () => {
    const screen = memoryScreen();
    const started = Date.now();
    const code = await runWait(
      client(`http://127.0.0.1:${port}`),
      target,
      { timeoutMs: 1500, intervalMs: 5000, maxRestarts: 5 },
      {
        screen,
        ...fakeClock(),
      },
    );
    expect(code).toBe(EXIT.TIMEOUT);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(screen.text()).toContain(
      `the cluster did not answer at the end:\n✖ cannot read the cluster: no answer from the API server 127.0.0.1:${port}`,
    );
  });
});

describe('deadlines the user can see and set (issue 28, kind 8)', () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = createNetServer((s) => void sockets.push(s));
    port = await listen(server);
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The options `kaito-aks <command> --help` lists. */
  async function optionsOf(command: string): Promise<string> {
    const out = memoryScreen();
    await main([command, '--help'], { stdout: out, stderr: memoryScreen(), env: {} });
    return out.text();
  }

  test('wait: an API server that accepts connections and never answers is named after two reads of --request-timeout, not minutes', async () => {
    // GIVEN a listener that never answers and a 30 minute wait
    const screen = memoryScreen();
    const started = Date.now();
    const code = await runWait(
      client(`http://127.0.0.1:${port}`),
      target,
      { timeoutMs: 30 * 60_000, intervalMs: 5000, maxRestarts: 5, requestTimeoutMs: 1000 },
      { screen, ...fakeClock() },
    );
    // THEN it stops with the cause, well within a few deadlines, and every option it suggests exists
    expect(code).toBe(EXIT.FAILURE);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(screen.text()).toContain(`✖ cannot read the cluster: no answer from the API server 127.0.0.1:${port}: no answer within 1s`);
    expect(screen.text()).toContain('cannot read the cluster (1 of 2)');
    const suggested = [...screen.text().matchAll(/\((--[a-z-]+)\)/g)].map((m) => m[1]);
    expect(suggested).toContain('--request-timeout');
    const help = await optionsOf('wait');
    for (const option of suggested) expect(help).toContain(option);
  });

  test('wait, as a user runs it: the process ends once it has said why, no read of the cluster outliving --request-timeout', () => {
    // GIVEN a kubeconfig of that listener WHEN kaito-aks wait runs with a 1 s deadline per read
    const dir = mkdtempSync(join(tmpdir(), 'kaito-aks-deadline-'));
    try {
      const file = join(dir, 'kubeconfig');
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'u', user: { token: 'test-token' } }],
          contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'c',
        }),
      );
      const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'cli', 'kaito-aks.js'), 'wait', '--request-timeout', '1s'], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: file },
        encoding: 'utf8',
        // the extras of a read (events, logs) used the client's 30 s default and kept the process alive
        timeout: 25_000,
      });
      // THEN it exits on its own with the cause, not killed at the bound
      expect(run.signal).toBeNull();
      expect(run.status).toBe(EXIT.FAILURE);
      expect(run.stdout).toContain('no answer within 1s');
      expect(run.stdout).toContain('(--request-timeout)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('wait: --request-timeout is an option of wait, 10s by default', async () => {
    expect(await optionsOf('wait')).toMatch(
      /--request-timeout <duration>\s+give up on one read of the cluster after this long\s+\(default: 10s\)/,
    );
  });

  test('smoke: the Service lookup has its own short deadline (--api-timeout), not the 2 minutes of a model call', async () => {
    const screen = memoryScreen();
    const started = Date.now();
    const code = await runSmoke(
      client(`http://127.0.0.1:${port}`),
      target,
      { prompt: 'hi', requestTimeoutMs: 120_000, apiTimeoutMs: 300 },
      { screen, clock: () => performance.now() },
    );
    expect(code).toBe(EXIT.FAILURE);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(screen.text()).toContain(`no answer from the API server 127.0.0.1:${port}: no answer within 300 ms`);
    const suggested = [...screen.text().matchAll(/\((--[a-z-]+)\)/g)].map((m) => m[1]);
    expect(suggested).toContain('--api-timeout');
    const help = await optionsOf('smoke');
    for (const option of suggested) expect(help).toContain(option);
  });
});

describe('a missing exec plugin and a broken kubeconfig are named at once (issue 28, kind 9)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kaito-aks-kubeconfig-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `kaito-aks wait` as a user would (client-node loads only outside jest), with KUBECONFIG=`file` and an empty PATH. */
  function waitWith(file: string) {
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'cli', 'kaito-aks.js'), 'wait', '--timeout', '30m'], {
      env: { PATH: join(dir, 'empty-bin'), HOME: dir, KUBECONFIG: file },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { ...run, text: `${run.stdout}${run.stderr}`, ms: Date.now() - started };
  }

  test('kubelogin not installed: wait stops at once naming the program and how to install it, no "sign in again", no retry', () => {
    // GIVEN an AKS-style kubeconfig whose user runs kubelogin, and a PATH without it
    const file = join(dir, 'aks');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'aks', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [
          { name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args: ['get-token'] } } },
        ],
        contexts: [{ name: 'aks', context: { cluster: 'aks', user: 'u' } }],
        'current-context': 'aks',
      }),
    );
    const run = waitWith(file);
    expect(run.status).toBe(EXIT.FAILURE);
    expect(run.text).toContain('context "aks" gets its token by running "kubelogin", which is not installed (not found on PATH)');
    expect(run.text).toContain('az aks install-cli');
    expect(run.text).not.toContain('sign in again');
    expect(run.text).not.toContain('(1 of');
  });

  test.each([
    ['empty', Buffer.from(''), 'is empty'],
    ['only blanks', Buffer.from('  \n\n'), 'is empty'],
    [
      'binary',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x41, 0x42, 0x43, 0x00, 0x10]),
      'is not a text file (binary data, 12 bytes)',
    ],
    ['cut short', Buffer.from('apiVersion: v1\nclusters: [\n  {name: a'), 'is not valid YAML'],
    ['a scalar', Buffer.from('hello'), 'has no contexts'],
    ['a list', Buffer.from('- a\n- b\n'), 'not a kubeconfig'],
  ])(
    'a kubeconfig that is %s: named with what is wrong and how to get a good one, never its bytes nor JavaScript internals',
    (kind, bytes, said) => {
      const file = join(dir, `bad-${kind.replace(/\s/g, '-')}`);
      writeFileSync(file, bytes);
      const run = waitWith(file);
      expect(run.status).toBe(EXIT.FAILURE);
      expect(run.text).toContain(file);
      expect(run.text).toContain(said);
      expect(run.text).toContain('az aks get-credentials');
      expect(run.text).not.toMatch(/Cannot read properties|undefined|TypeError|\^|\uFFFD|\u0000|    at /);
    },
  );
});

describe('a TLS server with a self-signed certificate', () => {
  let server: HttpsServer;
  let port: number;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kaito-aks-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) =>
      res.end('{}'),
    );
    port = await listen(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('status: a certificate the kubeconfig does not trust, with the fix', async () => {
    const { code, text } = await status(`https://127.0.0.1:${port}`);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(
      `✖ cannot read the cluster: the API server 127.0.0.1:${port} presents a certificate the kubeconfig does not trust (DEPTH_ZERO_SELF_SIGNED_CERT)`,
    );
    expect(text).toContain('fetch the CA again');
  });

  test('wait stops at the first try: trying again cannot fix a certificate', async () => {
    const screen = memoryScreen();
    const clock = fakeClock();
    const code = await runWait(
      client(`https://127.0.0.1:${port}`),
      target,
      { timeoutMs: 60_000, intervalMs: 5000, maxRestarts: 5 },
      { screen, ...clock },
    );
    expect(code).toBe(EXIT.FAILURE);
    expect(clock.slept).toEqual([]);
    expect(screen.text()).toContain('presents a certificate the kubeconfig does not trust');
  });
});

describe('a name that does not resolve', () => {
  test('status and wait: the name, the DNS failure, and what it usually means; no retries', async () => {
    const { code, text } = await status('https://nonexistent.invalid:443');
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain("✖ cannot read the cluster: the API server's name nonexistent.invalid does not resolve (ENOTFOUND)");
    expect(text).toContain('the cluster was deleted or recreated under another address');
    const screen = memoryScreen();
    const clock = fakeClock();
    expect(
      await runWait(
        client('https://nonexistent.invalid:443'),
        target,
        { timeoutMs: 60_000, intervalMs: 5000, maxRestarts: 5 },
        { screen, ...clock },
      ),
    ).toBe(EXIT.FAILURE);
    expect(clock.slept).toEqual([]);
  });

  test('smoke: the same cause, not a timeout or a re-apply', async () => {
    const screen = memoryScreen();
    const code = await runSmoke(
      client('https://nonexistent.invalid:443'),
      target,
      { prompt: 'x', requestTimeoutMs: 2000 },
      { screen, clock: () => 0 },
    );
    expect(code).toBe(EXIT.FAILURE);
    expect(screen.text()).toContain('does not resolve (ENOTFOUND)');
    expect(screen.text()).not.toMatch(/request-timeout|re-apply kaito-stack/);
  });
});

describe('expired or refused credentials', () => {
  test('status and smoke: 401 names the server and the sign-in to redo', async () => {
    const api = await startFakeApi(readyCluster());
    try {
      const host = new URL(api.url).host;
      const screen = memoryScreen();
      expect(await runStatus(new KubeClient(api.connection('expired')), target, screen)).toBe(EXIT.FAILURE);
      expect(screen.text()).toContain(
        `✖ cannot read the cluster: the API server ${host} refused the credentials (401): the token is expired or not for this cluster`,
      );
      expect(screen.text()).toContain('sign in again (az login, or azd auth login)');
      const smoke = memoryScreen();
      expect(
        await runSmoke(
          new KubeClient(api.connection('expired')),
          target,
          { prompt: 'x', requestTimeoutMs: 2000 },
          { screen: smoke, clock: () => 0 },
        ),
      ).toBe(EXIT.FAILURE);
      expect(smoke.text()).toContain('refused the credentials (401)');
    } finally {
      await api.stop();
    }
  });
});

describe('explainApiFailure', () => {
  const explain = (status: number | undefined, code?: string, message = 'x') =>
    explainApiFailure(new KubeApiError('GET', '/version', status, message, code), 'https://aks-kaito.hcp.eastus.azmk8s.io:443', [
      'az aks get-credentials',
    ]);

  test.each([
    [undefined, 'ECONNREFUSED', 'refused', true],
    [undefined, 'ENOTFOUND', 'dns', false],
    [undefined, 'EAI_AGAIN', 'dns', true],
    [undefined, 'CERT_HAS_EXPIRED', 'tls', false],
    [undefined, 'ERR_TLS_CERT_ALTNAME_INVALID', 'tls', false],
    [undefined, 'TIMEOUT', 'timeout', true],
    [undefined, 'EHOSTUNREACH', 'unreachable', true],
    [undefined, 'CREDENTIALS', 'credentials', true],
    [401, undefined, 'credentials', false],
    [403, undefined, 'forbidden', false],
  ])('status %s, code %s: %s (transient %s)', (status, code, kind, transient) => {
    expect(explain(status, code)).toMatchObject({ kind, transient });
    expect(explain(status, code).title).toContain('aks-kaito.hcp.eastus.azmk8s.io');
  });
});
