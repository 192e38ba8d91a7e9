import { EXIT } from '../../cli/exit-codes';
import { decodeHelmRelease } from '../../cli/helm';
import type { Secret } from '../../cli/kube-types';
import { KubeClient } from '../../cli/kube';
import { runStatus } from '../../cli/status';
import type { FakeApi } from './fake-api';
import { memoryScreen, readDocs, readyCluster, scenario, startFakeApi, testTarget } from './helpers';

let api: FakeApi;
beforeEach(async () => {
  api = await startFakeApi(readyCluster());
});
afterEach(() => api.stop());

async function status() {
  const screen = memoryScreen();
  const code = await runStatus(new KubeClient(api.connection()), testTarget(), screen);
  return { code, text: screen.text() };
}

describe('status', () => {
  test('one screen: cluster, releases, Workspace, endpoint, ai-service backend, store-admin URL', async () => {
    const { code, text } = await status();
    expect(code).toBe(EXIT.OK);
    const lines = text.split('\n');
    expect(lines[0]).toBe('kaito-aks status: environment kaito in eastus, cluster aks-kaito, Kaito 0.10.0');
    expect(text).toContain(`Cluster       context test-context, ${api.url}, Kubernetes v1.33.3`);
    expect(text).toContain('Nodes         2 of 2 ready; GPU: aks-ws3f2a9c1d7-28174635-vmss000000 (Standard_NV36ads_A10_v5)');
    expect(text).toMatch(
      /Operators {5}gpu-provisioner +gpu-provisioner 0\.4\.1 \(app 0\.4\.1\), deployed, revision 1, namespace gpu-provisioner\n/,
    );
    expect(text).toMatch(/ {14}workspace +workspace 0\.10\.0 \(app 0\.10\.0\), deployed, revision 1, namespace kaito-workspace\n/);
    expect(text).toMatch(
      /App releases +aks-store-demo +aks-store-demo-chart 1\.6\.0 \(app 2\.2\.0\), deployed, revision 2, namespace pets\n/,
    );
    expect(text).toContain('Workspace     workspace-falcon-7b-instruct in pets: Ready');
    expect(text).toContain(
      'Standard_NV36ads_A10_v5, preset falcon-7b-instruct; NodeClaimReady=True, ResourceReady=True, InferenceReady=True, WorkspaceSucceeded=True',
    );
    expect(text).toContain(
      'Endpoint      http://workspace-falcon-7b-instruct.pets.svc/v1 (Service 10.0.112.47:80); smoke test: npm run smoke',
    );
    expect(text).toContain('ai-service    local LLM http://workspace-falcon-7b-instruct.pets.svc/v1 (model falcon-7b-instruct); 1/1 ready');
    expect(text).toContain('Store admin   http://20.121.84.17');
  });

  test('with the AKS add-on, the operator row says AKS runs Kaito', async () => {
    const screen = memoryScreen();
    await runStatus(new KubeClient(api.connection()), testTarget({ KAITO_INSTALL: 'aks-addon' }), screen);
    expect(screen.text()).toContain('Operators     the AKS managed add-on (AKS installs and upgrades it; assumed Kaito 0.6.0)');
  });

  test('never prints Helm values', async () => {
    const { text } = await status();
    expect(text).not.toContain('7d2e9b41-5c3a-4f18-b6e0-2a9c8d7f1e34'); // the provisioner client ID in gpu-provisioner's values
  });

  test('a failing Workspace shows its cause', async () => {
    api.state.objects = [...scenario('03-quota-exceeded'), ...readDocs('app', 'objects.yaml')];
    const { text } = await status();
    expect(text).toContain(
      'Workspace     workspace-falcon-7b-instruct in pets: failed: not enough vCPU quota for standardNVADSA10v5Family in eastus',
    );
  });

  test('what is missing is said row by row; the other rows still show', async () => {
    api.state.objects = scenario('02-provisioning');
    const { code, text } = await status();
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('Operators     none in gpu-provisioner, kaito-workspace');
    expect(text).toContain('not ready: NodeClaim (ws3f2a9c1d7: node launched, waiting for it to join the cluster)');
    expect(text).toContain('Endpoint      http://workspace-falcon-7b-instruct.pets.svc/v1 (its Service does not exist yet)');
    expect(text).toContain('ai-service    not deployed in pets');
    expect(text).toContain('Store admin   not deployed in pets');
  });

  test('a store-admin without a public IP yet', async () => {
    for (const o of api.state.objects)
      if (o.kind === 'Service' && o.metadata.name === 'store-admin') (o as { status?: object }).status = { loadBalancer: {} };
    expect((await status()).text).toContain('Store admin   waiting for a public IP (Service type LoadBalancer)');
  });

  test('an unreachable cluster: exit 1 with the fix', async () => {
    const screen = memoryScreen();
    const code = await runStatus(new KubeClient(api.connection('wrong')), testTarget(), screen);
    expect(code).toBe(EXIT.FAILURE);
    expect(screen.text()).toContain(`✖ cannot read the cluster: the API server ${new URL(api.url).host} refused the credentials (401)`);
  });
});

describe('decodeHelmRelease', () => {
  const secrets = readDocs('helm', 'releases.yaml') as unknown as Secret[];

  test('reads chart, versions, status and revision from the stored release', () => {
    expect(decodeHelmRelease(secrets[0])).toEqual({
      name: 'gpu-provisioner',
      namespace: 'gpu-provisioner',
      revision: 1,
      status: 'deployed',
      chart: 'gpu-provisioner',
      chartVersion: '0.4.1',
      appVersion: '0.4.1',
      lastDeployed: '2026-11-26T09:08:55Z',
    });
  });

  test('ignores Secrets that are not Helm releases', () => {
    expect(decodeHelmRelease({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { release: 'eA==' } } as Secret)).toBeUndefined();
  });
});
