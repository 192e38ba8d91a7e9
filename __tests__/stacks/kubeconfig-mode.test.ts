import { TerraformStack, Testing } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { buildStacks } from '../../app';
import { ConfigError, loadConfig } from '../../config';
import { KaitoOperator } from '../../constructs/kaito-operator';
import { Namespace } from '../../constructs/namespace';
import { StoreApp } from '../../constructs/store-app';
import { RELEASE_TRAINS } from '../../catalog/release-trains';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeKubeconfig } from '../kubeconfig-fixture';
import { parsed, renderedValues, resources, synthesize } from './helpers';

const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const PROVISIONER = '33333333-3333-3333-3333-333333333333';
const AI_IDENTITY = '44444444-4444-4444-4444-444444444444';

/** A valid kubeconfig file, contexts `aks-kaito` (current) and `ci`. */
const KUBECONFIG = writeKubeconfig();

/** kubeconfig mode with every infra value the Helm install needs. */
const KUBECONFIG_ENV = {
  AKS_KUBECONFIG: KUBECONFIG,
  AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
  AZURE_TENANT_ID: TENANT,
  KAITO_IDENTITY_CLIENT_ID: PROVISIONER,
};

/** The one problem about `variable` in the config `env` is rejected for. */
function problemWith(env: Record<string, string>, variable: string) {
  try {
    loadConfig(env, '/work');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const found = (err as ConfigError).issues.filter((i) => i.variable === variable);
    expect(found).toHaveLength(1);
    return found[0];
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

/** The helm_release resources, by release name. */
function releases(json: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(resources(json, Release.tfResourceType)).map(([, r]) => [r.name as string, r]));
}

describe('kubeconfig mode (AKS_KUBECONFIG)', () => {
  const { kaitoJson } = synthesize(KUBECONFIG_ENV);
  const stack = parsed(kaitoJson);

  test('makes no Azure call: no azurerm provider and no data source', () => {
    expect(Object.keys(stack.terraform.required_providers as object).sort()).toEqual(['helm', 'kubernetes']);
    expect(stack.data).toBeUndefined();
  });

  test('the helm and kubernetes providers read the kubeconfig file, with no exec plugin', () => {
    const providers = (stack as unknown as { provider: Record<string, unknown[]> }).provider;
    expect(providers.helm).toEqual([{ kubernetes: { config_path: KUBECONFIG } }]);
    expect(providers.kubernetes).toEqual([{ config_path: KUBECONFIG }]);
  });

  test('gpu-provisioner gets the infra values from the config: names derived from AZURE_ENV_NAME unless given', () => {
    const values = renderedValues(releases(kaitoJson)['gpu-provisioner']) as {
      settings: unknown;
      workloadIdentity: unknown;
      controller: { env: { name: string; value: string }[] };
    };
    expect(values.settings).toEqual({ azure: { clusterName: 'aks-kaito' } });
    expect(values.workloadIdentity).toEqual({ clientId: PROVISIONER, tenantId: TENANT });
    expect(values.controller.env).toEqual(
      expect.arrayContaining([
        { name: 'ARM_SUBSCRIPTION_ID', value: SUBSCRIPTION },
        { name: 'ARM_RESOURCE_GROUP', value: 'rg-kaito' },
        { name: 'LOCATION', value: 'eastus' },
      ]),
    );
  });

  test('a context, a relative path and other infra names are taken as given', () => {
    const project = mkdtempSync(join(tmpdir(), 'kaito-project-'));
    mkdirSync(join(project, 'kube'));
    writeKubeconfig(join(project, 'kube'));
    const config = loadConfig(
      {
        ...KUBECONFIG_ENV,
        AKS_KUBECONFIG: 'kube/kubeconfig',
        AKS_KUBECONFIG_CONTEXT: 'ci',
        AZURE_AKS_CLUSTER_NAME: 'aks-made-elsewhere',
        AZURE_RESOURCEGROUP_NAME: 'rg-elsewhere',
      },
      project,
    );
    expect(config.cluster).toMatchObject({
      kind: 'kubeconfig',
      path: join(project, 'kube', 'kubeconfig'),
      context: 'ci',
      infra: { clusterName: 'aks-made-elsewhere', resourceGroupName: 'rg-elsewhere' },
    });
  });

  test('template sequences in the path, the context and the chart mirrors reach cdk.tf.json as literal text, never evaluated', () => {
    // GIVEN a folder and a context whose names hold ${...} and %{...}, and mirrors whose URLs do
    const project = mkdtempSync(join(tmpdir(), 'kaito-project-'));
    try {
      const dir = join(project, '${path.cwd}');
      mkdirSync(dir);
      const context = '%{ if true }ci%{ endif }';
      const file = join(dir, 'kubeconfig');
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
          users: [{ name: 'u', user: { token: 'test-token' } }],
          contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
          'current-context': context,
        }),
      );
      // WHEN kaito-stack is synthesized
      const config = loadConfig(
        {
          ...KUBECONFIG_ENV,
          AKS_KUBECONFIG: file,
          AKS_KUBECONFIG_CONTEXT: context,
          KAITO_CHART_REPOSITORY: 'https://charts.example.com/${path.root}',
          GPU_PROVISIONER_CHART_REPOSITORY: 'https://charts.example.com/gpu%{endif}',
          STORE_CHART_REPOSITORY: 'oci://registry.example.com/${var.x}',
        },
        project,
      );
      const json = Testing.synth(buildStacks(Testing.app(), config).kaito);
      // THEN each is escaped ($${ and %%{ are Terraform's literal ${ and %{)
      const providers = (parsed(json) as unknown as { provider: Record<string, Record<string, unknown>[]> }).provider;
      const escapedFile = join(project, '$${path.cwd}', 'kubeconfig');
      expect(providers.kubernetes[0]).toEqual({ config_path: escapedFile, config_context: '%%{ if true }ci%%{ endif }' });
      expect(providers.helm[0]).toEqual({ kubernetes: { config_path: escapedFile, config_context: '%%{ if true }ci%%{ endif }' } });
      const byName = releases(json);
      expect(byName.workspace.repository).toBe('https://charts.example.com/$${path.root}');
      expect(byName['gpu-provisioner'].repository).toBe('https://charts.example.com/gpu%%{endif}');
      expect(byName['aks-store-demo'].repository).toBe('oci://registry.example.com/$${var.x}');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  test.each([
    ['AZURE_AKS_CLUSTER_NAME', 'my cluster!', 'must be an AKS cluster name: 1 to 63 letters, digits, "_" and "-"'],
    ['AZURE_AKS_CLUSTER_NAME', '-aks', 'starting and ending with a letter or digit'],
    ['AZURE_AKS_CLUSTER_NAME', 'a'.repeat(64), '1 to 63'],
    ['AZURE_RESOURCEGROUP_NAME', 'my group!', 'must be a resource group name: 1 to 90 letters'],
    ['AZURE_RESOURCEGROUP_NAME', 'rg-kaito.', 'not ending in "."'],
  ])("fails when %s=%s: kubeconfig mode checks the infra names by Azure's rules (issue 28, kind 5)", (variable, value, said) => {
    const issue = problemWith({ ...KUBECONFIG_ENV, [variable]: value }, variable);
    expect(issue.value).toBe(value);
    expect(issue.message).toContain(said);
  });

  test.each([
    ['AZURE_AKS_CLUSTER_NAME', 'aks_Made-Elsewhere1'],
    ['AZURE_RESOURCEGROUP_NAME', 'rg.(prod)_1'],
  ])('%s=%s, a name Azure allows, passes', (variable, value) => {
    expect(() => loadConfig({ ...KUBECONFIG_ENV, [variable]: value }, '/work')).not.toThrow();
  });

  test('Azure OpenAI: ai-service takes the endpoint and identity from the config', () => {
    const { kaito: openAiStack } = synthesize({
      ...KUBECONFIG_ENV,
      DEPLOY_AZURE_OPENAI: 'true',
      AZURE_OPENAI_ENDPOINT: 'https://oai-kaito.openai.azure.com/',
      AZURE_IDENTITY_CLIENT_ID: AI_IDENTITY,
    });
    const text = JSON.stringify(openAiStack.aiService.objects);
    expect(text).toContain('https://oai-kaito.openai.azure.com/');
    expect(text).toContain(AI_IDENTITY);
  });

  test('the AKS add-on needs no provisioner values', () => {
    expect(loadConfig({ AKS_KUBECONFIG: KUBECONFIG, KAITO_INSTALL: 'aks-addon' }).cluster.kind).toBe('kubeconfig');
  });

  test("a leading ~/ is the home directory, as azd's .env keeps it", () => {
    const fromHome = relative(homedir(), KUBECONFIG);
    // the fixture lives in the temporary directory; reach it from the home directory
    const config = loadConfig({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: `~/${fromHome}` }, '/nowhere');
    expect(config.cluster).toMatchObject({ kind: 'kubeconfig', path: KUBECONFIG });
  });

  test('without AKS_KUBECONFIG the infra outputs azd keeps are ignored: the AKS path', () => {
    expect(loadConfig({ AZURE_AKS_CLUSTER_NAME: 'x', KAITO_IDENTITY_CLIENT_ID: PROVISIONER }).cluster).toEqual({ kind: 'aks' });
  });

  test.each(['AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'KAITO_IDENTITY_CLIENT_ID'])(
    'fails when %s is missing with KAITO_INSTALL=helm, naming the infra output',
    (name) => {
      const env: Record<string, string> = { ...KUBECONFIG_ENV };
      delete env[name];
      const issue = problemWith(env, name);
      expect(issue.value).toBe('(unset)');
      expect(issue.message).toContain('kubeconfig mode (AKS_KUBECONFIG is set) makes no Azure call');
      expect(issue.message).toContain(`azd env get-value ${name}`);
    },
  );

  test.each(['AZURE_OPENAI_ENDPOINT', 'AZURE_IDENTITY_CLIENT_ID'])('fails when %s is missing with DEPLOY_AZURE_OPENAI=true', (name) => {
    const env: Record<string, string> = {
      ...KUBECONFIG_ENV,
      DEPLOY_AZURE_OPENAI: 'true',
      AZURE_OPENAI_ENDPOINT: 'https://oai.example.com/',
      AZURE_IDENTITY_CLIENT_ID: AI_IDENTITY,
    };
    delete env[name];
    expect(problemWith(env, name).message).toContain("ai-service's Azure OpenAI");
  });

  test('fails when AZURE_OPENAI_ENDPOINT is not https', () => {
    const issue = problemWith({ ...KUBECONFIG_ENV, AZURE_OPENAI_ENDPOINT: 'http://oai.example.com' }, 'AZURE_OPENAI_ENDPOINT');
    expect(issue.value).toBe('http://oai.example.com');
    expect(issue.message).toContain('https://');
  });

  test('fails when KAITO_IDENTITY_CLIENT_ID is not a GUID', () => {
    const issue = problemWith({ ...KUBECONFIG_ENV, KAITO_IDENTITY_CLIENT_ID: 'not-a-guid' }, 'KAITO_IDENTITY_CLIENT_ID');
    expect(issue.value).toBe('not-a-guid');
    expect(issue.message).toContain('GUID');
  });

  test('fails when AKS_KUBECONFIG names no file, with the path it looked at and the fix', () => {
    const missing = join(tmpdir(), 'kaito-no-such-dir', 'kubeconfig');
    const issue = problemWith({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: missing }, 'AKS_KUBECONFIG');
    expect(issue.value).toBe(missing);
    expect(issue.message).toContain(`${missing} does not exist`);
    expect(issue.message).toContain('set AKS_KUBECONFIG to the kubeconfig file of the cluster');
  });

  test('fails when ~/ in AKS_KUBECONFIG leads to no file, naming the expanded path', () => {
    const issue = problemWith({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: '~/.kube/kaito-no-such-file' }, 'AKS_KUBECONFIG');
    expect(issue.value).toBe('~/.kube/kaito-no-such-file');
    expect(issue.message).toContain(`${join(homedir(), '.kube', 'kaito-no-such-file')} does not exist`);
  });

  test('fails when AKS_KUBECONFIG is a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaito-dir-'));
    const issue = problemWith({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: dir }, 'AKS_KUBECONFIG');
    expect(issue.value).toBe(dir);
    expect(issue.message).toContain(`${dir} is not a regular file`);
  });

  test.each([
    ['not YAML', '{ clusters: [', 'is not YAML'],
    ['YAML but no kubeconfig', 'name: workspace\nclusters: []\n', 'is not a kubeconfig: it has no "contexts", "users" list'],
    ['empty', '', 'is empty'],
    ['binary', '\u0000\u0001PK\u0003\u0004', 'is not a text file (binary data): a kubeconfig is YAML'],
  ])('fails when AKS_KUBECONFIG is %s', (_what, text, why) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kaito-bad-')), 'config');
    writeFileSync(file, text);
    const issue = problemWith({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: file }, 'AKS_KUBECONFIG');
    expect(issue.value).toBe(file);
    expect(issue.message).toContain(`${file} ${why}`);
  });

  test('fails when AKS_KUBECONFIG_CONTEXT is not a context of the file, listing those it has', () => {
    const issue = problemWith({ ...KUBECONFIG_ENV, AKS_KUBECONFIG_CONTEXT: 'prod' }, 'AKS_KUBECONFIG_CONTEXT');
    expect(issue.value).toBe('prod');
    expect(issue.message).toContain(`${KUBECONFIG} has no context "prod"; it has: aks-kaito, ci`);
    expect(issue.message).toContain('set AKS_KUBECONFIG_CONTEXT to one of them');
  });

  test.each([
    ['no current-context', {}, 'has no current-context'],
    [
      'a current-context that is not a context',
      { 'current-context': 'gone' },
      'has current-context "gone", which is not one of its contexts (ci)',
    ],
  ])('fails when AKS_KUBECONFIG_CONTEXT is unset and the file has %s', (_what, extra, why) => {
    const file = join(mkdtempSync(join(tmpdir(), 'kaito-nocurrent-')), 'config');
    writeFileSync(
      file,
      JSON.stringify({ clusters: [], users: [], contexts: [{ name: 'ci', context: { cluster: 'c', user: 'u' } }], ...extra }),
    );
    const issue = problemWith({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: file }, 'AKS_KUBECONFIG');
    expect(issue.message).toContain(`${file} ${why}`);
    expect(issue.message).toContain('set AKS_KUBECONFIG_CONTEXT');
    // and with a context named, that file is fine
    expect(loadConfig({ ...KUBECONFIG_ENV, AKS_KUBECONFIG: file, AKS_KUBECONFIG_CONTEXT: 'ci' }).cluster.kind).toBe('kubeconfig');
  });

  test('fails when AKS_KUBECONFIG_CONTEXT is set without AKS_KUBECONFIG', () => {
    const issue = problemWith({ AKS_KUBECONFIG_CONTEXT: 'ci' }, 'AKS_KUBECONFIG_CONTEXT');
    expect(issue.value).toBe('ci');
    expect(issue.message).toContain('AKS_KUBECONFIG, which is not set');
  });
});

describe('chart repository mirrors', () => {
  const mirrors = {
    KAITO_CHART_REPOSITORY: 'oci://mirror.azurecr.io/helm/kaito/',
    GPU_PROVISIONER_CHART_REPOSITORY: 'https://charts.example.com/gpu-provisioner',
    STORE_CHART_REPOSITORY: 'http://127.0.0.1:8879',
  };

  test('default: the upstream repositories and pinned versions', () => {
    const byName = releases(synthesize().kaitoJson);
    expect(byName.workspace).toMatchObject({ repository: 'https://kaito-project.github.io/kaito/charts/kaito', version: '0.10.0' });
    expect(byName['gpu-provisioner']).toMatchObject({ repository: 'https://azure.github.io/gpu-provisioner/charts', version: '0.4.1' });
    expect(byName['aks-store-demo']).toMatchObject({ repository: 'https://azure-samples.github.io/aks-store-demo', version: '1.6.0' });
  });

  test('each mirror replaces its repository only (trailing slash dropped), same chart and version', () => {
    const byName = releases(synthesize(mirrors).kaitoJson);
    expect(byName.workspace).toMatchObject({ repository: 'oci://mirror.azurecr.io/helm/kaito', chart: 'workspace', version: '0.10.0' });
    expect(byName['gpu-provisioner']).toMatchObject({
      repository: 'https://charts.example.com/gpu-provisioner',
      chart: 'gpu-provisioner',
      version: '0.4.1',
    });
    expect(byName['aks-store-demo']).toMatchObject({
      repository: 'http://127.0.0.1:8879',
      chart: 'aks-store-demo-chart',
      version: '1.6.0',
    });
  });

  test.each([
    ['KAITO_CHART_REPOSITORY', 'http://charts.example.com'],
    ['GPU_PROVISIONER_CHART_REPOSITORY', 'ftp://charts.example.com'],
    ['STORE_CHART_REPOSITORY', 'charts.example.com'],
    ['KAITO_CHART_REPOSITORY', 'http://127.0.0.1.example.com'],
  ])('fails when %s=%s is not https://, oci:// or loopback http://', (name, value) => {
    const issue = problemWith({ [name]: value }, name);
    expect(issue.value).toBe(value);
    expect(issue.message).toContain('must be an https:// Helm repository URL or an oci:// registry path');
  });

  test.each([
    ['KAITO_CHART_REPOSITORY', 'https://user:secret@charts.example.com/kaito', 'holds credentials'],
    ['STORE_CHART_REPOSITORY', 'oci://robot:pw@mirror.azurecr.io/helm', 'holds credentials'],
    ['GPU_PROVISIONER_CHART_REPOSITORY', 'https://charts.example.com/charts?x=1', 'must have no query'],
    ['KAITO_CHART_REPOSITORY', 'https://charts.example.com/charts#top', 'must have no query'],
    ['KAITO_CHART_REPOSITORY', 'https://charts.example.com/index.yaml', 'names a file'],
    ['STORE_CHART_REPOSITORY', 'https://charts.example.com/aks-store-demo-chart-1.6.0.tgz', 'names a file'],
    ['STORE_CHART_REPOSITORY', 'http://127.0.0.1:99999', 'must be an https:// Helm repository URL'],
    ['KAITO_CHART_REPOSITORY', 'https://?x', 'must be an https:// Helm repository URL'],
  ])('fails when %s=%s (%s), with the reason', (name, value, reason) => {
    const issue = problemWith({ [name]: value }, name);
    expect(issue.message).toContain(reason);
  });

  test.each(['http://localhost:8879/charts', 'http://[::1]:8879', 'oci://mirror.azurecr.io/helm', 'https://charts.example.com:8443/kaito'])(
    'a mirror at %s is accepted',
    (url) => {
      expect(() => loadConfig({ STORE_CHART_REPOSITORY: url }, '/work')).not.toThrow();
    },
  );

  test('fails when a construct gets a bad repository, naming the property and the value', () => {
    const scope = new TerraformStack(Testing.app(), 's');
    const operatorProps = {
      release: RELEASE_TRAINS['0.10.0'],
      clusterName: 'c',
      clusterResourceGroupName: 'rg',
      location: 'eastus',
      subscriptionId: SUBSCRIPTION,
      tenantId: TENANT,
      provisionerClientId: PROVISIONER,
    };
    expect(() => new KaitoOperator(scope, 'K', { ...operatorProps, chartRepositories: { workspace: 'git://x' } })).toThrow(
      'KaitoOperator chartRepositories.workspace must be an https:// Helm repository URL or an oci:// registry path',
    );
    expect(() => new KaitoOperator(scope, 'K2', { ...operatorProps, chartRepositories: { gpuProvisioner: 'x' } })).toThrow('got "x"');
    const namespace = new Namespace(scope, 'N', { name: 'pets' });
    expect(() => new StoreApp(scope, 'S', { namespace, repository: 'http://example.com' })).toThrow(
      'StoreApp repository must be an https:// Helm repository URL or an oci:// registry path (for example oci://myregistry.azurecr.io/helm); plain http:// only on the loopback address (127.0.0.1, localhost or [::1]), got "http://example.com"',
    );
  });
});

describe('the NodeClaims gate reads the cluster the providers reach', () => {
  test.each([
    ['without a context', {}, { AKS_KUBECONFIG: KUBECONFIG }],
    ['with AKS_KUBECONFIG_CONTEXT', { AKS_KUBECONFIG_CONTEXT: 'ci' }, { AKS_KUBECONFIG: KUBECONFIG, AKS_KUBECONFIG_CONTEXT: 'ci' }],
  ])('%s: its destroy-time CLI run gets the same kubeconfig file and context', (_what, extra, environment) => {
    const { kaitoJson } = synthesize({ ...KUBECONFIG_ENV, ...extra });
    const provider = parsed(kaitoJson) as unknown as { provider: { kubernetes: { config_path: string; config_context?: string }[] } };
    const [gate] = Object.values(resources(kaitoJson, 'terraform_data')) as { provisioner: { 'local-exec': Record<string, unknown> }[] }[];
    expect(gate.provisioner[0]['local-exec'].environment).toEqual(environment);
    expect(provider.provider.kubernetes[0].config_path).toBe(environment.AKS_KUBECONFIG);
  });

  test('the AKS path sets no variable: the CLI reads the cluster as npm run wait does', () => {
    const [gate] = Object.values(resources(synthesize({}).kaitoJson, 'terraform_data')) as {
      provisioner: { 'local-exec': Record<string, unknown> }[];
    }[];
    expect(gate.provisioner[0]['local-exec'].environment).toBeUndefined();
  });
});
