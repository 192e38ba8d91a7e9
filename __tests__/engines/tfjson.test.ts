/**
 * The engine harness reads a synthesized stack strictly: whatever it does not map fails the run by
 * name, and it orders, plans, applies and destroys as Terraform would. Engines are faked here
 * (a recording runner); `npm run test:engines` drives the real ones.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyOrder, helmInstallArgs, readStack, StackApplier, Unmapped } from '../../engines/tfjson';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kaito-aks-tfjson-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const provider = { kubernetes: [{ config_path: '/k/config' }], helm: [{ kubernetes: { config_path: '/k/config' } }] };
const namespace = { metadata: { name: 'pets', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } };

function stackDir(json: Record<string, unknown>): string {
  const d = join(dir, 'stacks', 'kaito-stack');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'cdk.tf.json'), JSON.stringify(json));
  return d;
}

describe('readStack: nothing unmapped passes silently', () => {
  const release = { name: 'store', chart: 'store', repository: 'http://127.0.0.1:1', values: ['{}'] };
  it.each([
    ['a resource type', { resource: { kubernetes_secret_v1: { s: {} } } }, /resource type kubernetes_secret_v1 is not mapped/],
    [
      'an attribute',
      { resource: { helm_release: { r: { ...release, replace: true } } } },
      /helm_release\.r: attribute replace is not mapped/,
    ],
    [
      'a set block key',
      { resource: { helm_release: { r: { ...release, set: [{ name: 'a', value: 'b', x: 1 }] } } } },
      /set\.x is not mapped/,
    ],
    [
      'a namespace metadata key',
      { resource: { kubernetes_namespace_v1: { n: { metadata: { name: 'x', generate_name: 'y' } } } } },
      /metadata\.generate_name is not mapped/,
    ],
    ['a data source', { data: { x: {} }, resource: {} }, /top-level block "data" is not mapped/],
    ['a provider', { provider: { ...provider, azurerm: [{}] }, resource: {} }, /provider azurerm is not mapped/],
    [
      'a provider setting',
      { provider: { kubernetes: [{ config_path: '/k', host: 'x' }] }, resource: {} },
      /provider\.kubernetes\.host is not mapped/,
    ],
    [
      'a missing dependency',
      { resource: { helm_release: { r: { ...release, depends_on: ['helm_release.gone'] } } } },
      /depends on helm_release\.gone/,
    ],
  ])('fails on %s', (_what, json, message) => {
    const d = stackDir({ provider, ...json });
    expect(() => readStack(d)).toThrow(Unmapped);
    expect(() => readStack(d)).toThrow(message);
  });

  it('orders by depends_on and by references, and refuses a cycle', () => {
    const d = stackDir({
      provider,
      resource: {
        helm_release: {
          b: { ...release, name: 'b', depends_on: ['kubernetes_namespace_v1.ns'] },
          a: { ...release, name: 'a', namespace: '${helm_release.b.namespace}' },
        },
        kubernetes_namespace_v1: { ns: namespace },
      },
    });
    expect(readStack(d).resources.map((r) => r.address)).toEqual(['kubernetes_namespace_v1.ns', 'helm_release.b', 'helm_release.a']);
    const r = (address: string, dependsOn: string[]) => ({ address, type: 'helm_release', config: {}, dependsOn });
    expect(() => applyOrder([r('helm_release.a', ['helm_release.b']), r('helm_release.b', ['helm_release.a'])])).toThrow(
      /dependency cycle/,
    );
  });
});

describe('helm upgrade --install with the helm provider 3.1.1 defaults', () => {
  it('maps every attribute, and applies the provider defaults when unset', () => {
    expect(helmInstallArgs({ name: 'x', chart: 'assets/c' }, '/s', '/w').args).toEqual([
      'upgrade',
      '--install',
      'x',
      '/s/assets/c',
      '--namespace',
      'default',
      '--wait',
      '--timeout',
      '300s',
    ]);
    const { args, files } = helmInstallArgs(
      {
        name: 'workspace',
        chart: 'workspace',
        repository: 'http://127.0.0.1:8879',
        version: '0.10.0',
        namespace: 'kaito-workspace',
        values: ['{"a":1}', 'b: 2'],
        set: [
          { name: 'image.tag', value: '1.0' },
          { name: 'n', value: '01', type: 'string' },
        ],
        wait: false,
        atomic: true,
        create_namespace: true,
        cleanup_on_fail: true,
        timeout: 600,
      },
      '/s',
      '/w',
    );
    expect(args).toEqual([
      'upgrade',
      '--install',
      'workspace',
      'workspace',
      '--namespace',
      'kaito-workspace',
      '--repo',
      'http://127.0.0.1:8879',
      '--version',
      '0.10.0',
      '--values',
      '/w/workspace-0.yaml',
      '--values',
      '/w/workspace-1.yaml',
      '--set',
      'image.tag=1.0',
      '--set-string',
      'n=01',
      '--atomic',
      '--create-namespace',
      '--cleanup-on-fail',
      '--timeout',
      '600s',
    ]);
    expect(files.map((f) => f.text)).toEqual(['{"a":1}', 'b: 2']);
  });

  it('puts an OCI repository in front of the chart name', () => {
    expect(helmInstallArgs({ name: 'x', chart: 'workspace', repository: 'oci://r.io/helm/' }, '/s', '/w').args.slice(3, 4)).toEqual([
      'oci://r.io/helm/workspace',
    ]);
  });
});

describe('plan, apply and destroy as Terraform orders them', () => {
  const calls: string[] = [];
  const runner = async (command: string, args: string[]) => {
    calls.push(`${command} ${args.slice(0, 3).join(' ')}`);
    return '';
  };
  beforeEach(() => (calls.length = 0));

  it('creates in order, then plans nothing, updates only what changed, and destroys in reverse', async () => {
    const json = (timeout: number) => ({
      provider,
      resource: {
        kubernetes_namespace_v1: { ns: namespace },
        helm_release: {
          app: { name: 'app', chart: 'c', namespace: 'pets', timeout, depends_on: ['kubernetes_namespace_v1.ns'] },
          op: { name: 'op', chart: 'c', namespace: 'op' },
        },
      },
    });
    const applier = new StackApplier(runner, join(dir, 'state.json'), join(dir, 'work'));
    const first = readStack(stackDir(json(300)));
    expect(await applier.apply(first)).toEqual({
      'helm_release.app': 'create',
      'helm_release.op': 'create',
      'kubernetes_namespace_v1.ns': 'create',
    });
    // op depends on nothing (Terraform would run it alongside); app only after its namespace
    expect(calls).toEqual([
      'helm upgrade --install op',
      'kubectl apply --server-side --field-manager=kaito-aks-engines',
      'helm upgrade --install app',
    ]);
    expect(applier.plan(readStack(stackDir(json(300))))).toEqual({});
    calls.length = 0;
    expect(await applier.apply(readStack(stackDir(json(600))))).toEqual({ 'helm_release.app': 'update' });
    expect(calls).toEqual(['helm upgrade --install app']);
    calls.length = 0;
    await applier.destroy(first);
    expect(calls).toEqual(['helm uninstall app --namespace', 'kubectl delete namespace pets', 'helm uninstall op --namespace']);
    expect(applier.state()).toEqual({});
  });

  it('evaluates the outputs, and refuses one it cannot evaluate', () => {
    const applier = new StackApplier(runner, join(dir, 'state.json'), join(dir, 'work'));
    const ok = readStack(
      stackDir({
        provider,
        resource: { kubernetes_namespace_v1: { ns: namespace } },
        output: { NS: { value: '${kubernetes_namespace_v1.ns.metadata[0].name}' } },
      }),
    );
    expect(applier.outputs(ok)).toEqual({ NS: 'pets' });
    const computed = readStack(
      stackDir({
        provider,
        resource: { kubernetes_namespace_v1: { ns: namespace } },
        output: { ID: { value: '${kubernetes_namespace_v1.ns.id}' } },
      }),
    );
    expect(() => applier.outputs(computed)).toThrow(/kubernetes_namespace_v1\.ns\.id: not a configured attribute/);
  });
});
