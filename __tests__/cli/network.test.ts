/**
 * API server failures, each with its own message naming the server and the next step, within the
 * command's stated timeout, over real sockets on 127.0.0.1: a closed port, a listener that never
 * answers, a TLS server with a self-signed certificate, a name that does not resolve
 * (`nonexistent.invalid`, a reserved TLD), and refused credentials (the fake API server).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../cli/exit-codes';
import { KubeApiError, KubeClient } from '../../cli/kube';
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
