/**
 * `kaito-aks nodeclaims-gone` as kaito-stack's destroy runs it: the bin in a child process, no
 * terminal, the kubeconfig of kubeconfig mode (AKS_KUBECONFIG), a loopback API server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type FakeApi, TOKEN } from './fake-api';
import { readyCluster, startFakeApi } from './helpers';

const REPO = join(__dirname, '..', '..');
// each test starts the bin (ts-node) once or twice
jest.setTimeout(60_000);
let api: FakeApi;
let home: string;

beforeAll(async () => {
  api = await startFakeApi(
    readyCluster().filter((o) => o.kind !== 'NodeClaim'),
    {},
  );
  home = mkdtempSync(join(tmpdir(), 'kaito-aks-nodeclaims-'));
  writeFileSync(
    join(home, 'kubeconfig'),
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'aks-kaito',
      clusters: [
        { name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } },
        { name: 'closed', cluster: { server: 'http://127.0.0.1:9', 'insecure-skip-tls-verify': true } },
      ],
      users: [{ name: 'tester', user: { token: TOKEN } }],
      contexts: [
        { name: 'aks-kaito', context: { cluster: 'fake', user: 'tester' } },
        { name: 'closed', context: { cluster: 'closed', user: 'tester' } },
      ],
    }),
  );
});
afterAll(async () => {
  await api.stop();
  rmSync(home, { recursive: true, force: true });
});

/** kubeconfig mode's environment (Helm install: the provisioner's infra values). */
const env = (extra: Record<string, string> = {}) => ({
  AKS_KUBECONFIG: join(home, 'kubeconfig'),
  AZURE_SUBSCRIPTION_ID: '11111111-1111-1111-1111-111111111111',
  AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
  KAITO_IDENTITY_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
  ...extra,
});

function run(args: string[], vars: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'cli', 'kaito-aks.js'), ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: home, ...vars },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe('kaito-aks nodeclaims-gone, non-interactive', () => {
  test('no NodeClaim left: exit 0; the token is used, never printed', async () => {
    const { code, out, err } = await run(['nodeclaims-gone', '--interval', '10ms'], env());
    expect(err).toBe('');
    expect(out).toContain('✔ no NodeClaim of Workspace workspace-falcon-7b-instruct in pets is left');
    expect(code).toBe(0);
    expect(out + err).not.toContain(TOKEN);
    expect(api.seen.some((s) => s.path === '/apis/karpenter.sh/v1/nodeclaims')).toBe(true);
  });

  test('a cluster it cannot reach: exit 1, bounded; KAITO_AKS_NODECLAIMS_UNREACHABLE=continue goes on (exit 0)', async () => {
    const failed = await run(['nodeclaims-gone', '--context', 'closed', '--interval', '10ms'], env());
    expect(failed.out).toContain('✖ cannot tell whether the NodeClaims of Workspace workspace-falcon-7b-instruct are gone');
    expect(failed.code).toBe(1);
    const goOn = await run(
      ['nodeclaims-gone', '--context', 'closed', '--interval', '10ms'],
      env({ KAITO_AKS_NODECLAIMS_UNREACHABLE: 'continue' }),
    );
    expect(goOn.out).toContain('! cannot read the NodeClaims');
    expect(goOn.code).toBe(0);
  });

  test('a kubeconfig it cannot use: exit 1 with the fix, or on with continue', async () => {
    const vars = env();
    const failed = await run(['nodeclaims-gone', '--context', 'nope'], vars);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain('context "nope" is not in the kubeconfig');
    const goOn = await run(['nodeclaims-gone', '--context', 'nope', '--on-unreachable', 'continue'], vars);
    expect(goOn.code).toBe(0);
    expect(goOn.out).toContain('nodeclaims-gone could not use the kubeconfig; going on as asked');
  });

  test('a bad KAITO_AKS_NODECLAIMS_UNREACHABLE: exit 3 naming the variable, the value and the choices', async () => {
    const { code, err } = await run(['nodeclaims-gone'], env({ KAITO_AKS_NODECLAIMS_UNREACHABLE: 'yes' }));
    expect(code).toBe(3);
    expect(err).toContain('KAITO_AKS_NODECLAIMS_UNREACHABLE="yes" is not a choice');
    expect(err).toContain('use fail (the default) or continue');
  });
});
