import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EXIT } from '../../cli/exit-codes';
import { main } from '../../cli/main';
import { type FakeApi, TOKEN } from './fake-api';
import { memoryScreen, readyCluster, startFakeApi } from './helpers';

const REPO = join(__dirname, '..', '..');
// the end-to-end tests start node processes: give them room on a busy 2-core machine
jest.setTimeout(30_000);

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout = memoryScreen();
  const stderr = memoryScreen();
  const code = await main(argv, { stdout, stderr, env });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('main, in process', () => {
  test('--help: exit 0, the four commands and the exit codes', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(EXIT.OK);
    for (const command of ['preflight', 'wait [options]', 'smoke [options]', 'status']) expect(out).toContain(`  ${command}`);
    expect(out).toContain('  2  timeout (wait ran out of --timeout)');
  });

  test('wait --help documents the options and their defaults', async () => {
    const { code, out } = await cli(['wait', '--help']);
    expect(code).toBe(EXIT.OK);
    expect(out).toContain('--timeout <duration>');
    expect(out).toContain('(default: 30m)');
    expect(out).toContain('--max-restarts <count>');
  });

  test('a bad duration: exit 3, naming the value and the accepted form', async () => {
    const { code, err } = await cli(['wait', '--timeout', '30x']);
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain(
      "error: option '--timeout <duration>' argument '30x' is invalid. \"30x\" is not a duration; use a number and a unit",
    );
  });

  test('a bad restart count: exit 3', async () => {
    const { code, err } = await cli(['wait', '--max-restarts', '0']);
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain('"0" is not a whole number of 1 or more');
  });

  test('an unknown command: exit 3', async () => {
    expect((await cli(['bogus'])).code).toBe(EXIT.USAGE);
  });

  test('bad configuration: exit 3 with the same message synth gives', async () => {
    const { code, err } = await cli(['preflight'], { KAITO_VERSION: '0.12.0' });
    expect(code).toBe(EXIT.USAGE);
    expect(err).toContain('KAITO_MODEL=falcon-7b-instruct (default): not served by Kaito 0.12.0');
    expect(err).toContain('Nothing was checked.');
  });

  test('preflight without a subscription: skipped, exit 0, without touching Azure', async () => {
    const { code, out } = await cli(['preflight'], {});
    expect(code).toBe(EXIT.OK);
    expect(out).toContain('skipped: AZURE_SUBSCRIPTION_ID is not set');
  });
});

/**
 * The CLI as users run it (node cli/kaito-aks.js), in a child process: it loads @kubernetes/client-node
 * (ES modules, which jest cannot load) and reads a kubeconfig that points at the fake API server.
 */
describe('kaito-aks, end to end against a loopback API server', () => {
  let api: FakeApi;
  let home: string;

  beforeAll(async () => {
    api = await startFakeApi(readyCluster(), {});
    home = mkdtempSync(join(tmpdir(), 'kaito-aks-cli-'));
    writeFileSync(
      join(home, 'kubeconfig'),
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'stale',
        clusters: [
          { name: 'fake', cluster: { server: api.url, 'insecure-skip-tls-verify': true } },
          { name: 'closed', cluster: { server: 'http://127.0.0.1:9', 'insecure-skip-tls-verify': true } },
        ],
        users: [
          { name: 'tester', user: { token: TOKEN } },
          { name: 'nobody', user: { token: 'wrong' } },
        ],
        contexts: [
          { name: 'aks-kaito', context: { cluster: 'fake', user: 'tester', namespace: 'pets' } },
          { name: 'stale', context: { cluster: 'closed', user: 'nobody' } },
        ],
      }),
    );
  });
  afterAll(async () => {
    await api.stop();
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs the bin with a clean environment; resolves with its exit code and output. */
  function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
      // on the suite's fixed day, like the tests in this process (__tests__/clock.ts)
      const clock = ['--require', join(REPO, '__tests__', 'fixed-clock.cjs')];
      const child = spawn(process.execPath, [...clock, join(REPO, 'cli', 'kaito-aks.js'), ...args], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
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

  test('--help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: kaito-aks [options] [command]');
  });

  test('wait --context picks the context; the kubeconfig token reaches the API server', async () => {
    const { code, out, err } = await run(['wait', '--context', 'aks-kaito', '--interval', '50ms', '--timeout', '10s'], {
      KUBECONFIG: join(home, 'kubeconfig'),
    });
    expect(err).toBe('');
    expect(out).toContain('✔ workspace-falcon-7b-instruct is ready after');
    expect(code).toBe(0);
  });

  test('the current context (here a closed port) is used without --context', async () => {
    const { code, out } = await run(['wait', '--interval', '10ms', '--timeout', '5s'], { KUBECONFIG: join(home, 'kubeconfig') });
    expect(out).toContain('✖ cannot read the cluster: nothing accepts connections at 127.0.0.1:9 (connection refused)');
    expect(code).toBe(1);
  });

  test('smoke and status through the kubeconfig', async () => {
    const env = { KUBECONFIG: join(home, 'kubeconfig') };
    const smoke = await run(['smoke', '--context', 'aks-kaito'], env);
    expect(smoke.out).toContain('✔ smoke passed: 4 calls');
    expect(smoke.code).toBe(0);
    const status = await run(['status', '--context', 'aks-kaito'], env);
    expect(status.out).toContain('Store admin   http://20.121.84.17');
    expect(status.code).toBe(0);
  });

  test('an unknown context: exit 1, lists the contexts and how to get credentials', async () => {
    const { code, err } = await run(['status', '--context', 'nope'], { KUBECONFIG: join(home, 'kubeconfig') });
    expect(err).toContain('✖ context "nope" is not in the kubeconfig; it has: aks-kaito, stale');
    expect(err).toContain('az aks get-credentials --resource-group rg-kaito --name aks-kaito --overwrite-existing');
    expect(code).toBe(1);
  });

  describe('kubeconfig mode: AKS_KUBECONFIG and AKS_KUBECONFIG_CONTEXT, as synth reads them', () => {
    /** kubeconfig mode's environment (Helm install: the provisioner's infra values), `~/` as azd's .env keeps it. */
    const kubeconfigMode = (extra: Record<string, string> = {}) => ({
      AKS_KUBECONFIG: '~/kubeconfig',
      AZURE_SUBSCRIPTION_ID: '11111111-1111-1111-1111-111111111111',
      AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
      KAITO_IDENTITY_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
      ...extra,
    });

    test('wait, smoke and status read that file and that context, with no KUBECONFIG', async () => {
      const env = kubeconfigMode({ AKS_KUBECONFIG_CONTEXT: 'aks-kaito' });
      const wait = await run(['wait', '--interval', '50ms', '--timeout', '10s'], env);
      expect(wait.err).toBe('');
      expect(wait.out).toContain('✔ workspace-falcon-7b-instruct is ready after');
      expect(wait.code).toBe(0);
      const smoke = await run(['smoke'], env);
      expect(smoke.out).toContain('(context aks-kaito)');
      expect(smoke.code).toBe(0);
      const status = await run(['status'], env);
      expect(status.out).toContain('Store admin   http://20.121.84.17');
      expect(status.code).toBe(0);
    });

    test('--context wins over AKS_KUBECONFIG_CONTEXT', async () => {
      const { code, out } = await run(
        ['wait', '--context', 'aks-kaito', '--interval', '50ms', '--timeout', '10s'],
        kubeconfigMode({ AKS_KUBECONFIG_CONTEXT: 'stale' }),
      );
      expect(out).toContain('✔ workspace-falcon-7b-instruct is ready after');
      expect(code).toBe(0);
    });

    test('a context that does not answer: the fix is the file, never az aks get-credentials', async () => {
      const { code, out } = await run(['wait', '--interval', '10ms', '--timeout', '5s'], kubeconfigMode());
      expect(out).toContain('✖ cannot read the cluster: nothing accepts connections at 127.0.0.1:9 (connection refused)');
      expect(out).toContain(`kubeconfig mode: refresh ${join(home, 'kubeconfig')} (AKS_KUBECONFIG)`);
      expect(out).not.toContain('get-credentials');
      expect(out).not.toContain('kubelogin convert-kubeconfig');
      expect(code).toBe(1);
    });

    test('fails when AKS_KUBECONFIG names no file: the variable, the value and the fix, not az aks get-credentials', async () => {
      const { code, out, err } = await run(['status'], kubeconfigMode({ AKS_KUBECONFIG: '~/missing' }));
      expect(err).toContain(`AKS_KUBECONFIG=~/missing: ${join(home, 'missing')} does not exist`);
      expect(err + out).not.toContain('get-credentials');
      expect(code).not.toBe(0);
    });
  });

  test('no kubeconfig at all: exit 1 with the commands to get one', async () => {
    const { code, err } = await run(['wait']);
    expect(err).toContain('✖ no kubeconfig found: KUBECONFIG is not set and ~/.kube/config does not exist');
    expect(err).toContain('kubelogin convert-kubeconfig -l azurecli');
    expect(code).toBe(1);
  });
});
