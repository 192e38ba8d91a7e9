/**
 * How `kaito-stack` reaches its cluster (`AKS_KUBECONFIG` and the infra values kubeconfig mode
 * needs) and where its charts come from: the whole ClusterAccess for each combination, and the whole
 * issue list for each value missing or file unusable.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError, loadConfig } from '../../config';
import { chartRepositoriesOf, clusterAccessOf } from '../../config/cluster-access';
import { azureNames } from '../../config/names';
import type { EnvValues } from '../../config/schema';
import { writeKubeconfig } from '../kubeconfig-fixture';

const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const PROVISIONER = '33333333-3333-3333-3333-333333333333';
const AI_IDENTITY = '44444444-4444-4444-4444-444444444444';
const ENDPOINT = 'https://kaito-openai.openai.azure.com/';

/** A valid kubeconfig file, contexts `aks-kaito` (current) and `ci`. */
const KUBECONFIG = writeKubeconfig();
const NAMES = azureNames('kaito');

/** Every infra value either optional part needs. */
const INFRA = {
  AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
  AZURE_TENANT_ID: TENANT,
  KAITO_IDENTITY_CLIENT_ID: PROVISIONER,
  AZURE_OPENAI_ENDPOINT: ENDPOINT,
  AZURE_IDENTITY_CLIENT_ID: AI_IDENTITY,
};

/** What the Helm install's missing value says. */
const missingForHelm = (name: string) =>
  `kubeconfig mode (AKS_KUBECONFIG is set) makes no Azure call, so gpu-provisioner's Azure sign-in (KAITO_INSTALL=helm) must be given: the infra output ${name} (azd env get-value ${name}, or terraform output -raw ${name} in the infra stack)`;

/** What Azure OpenAI's missing value says. */
const missingForOpenAi = (name: string) =>
  `kubeconfig mode (AKS_KUBECONFIG is set) makes no Azure call, so ai-service's Azure OpenAI (DEPLOY_AZURE_OPENAI=true) must be given: the infra output ${name} (azd env get-value ${name}, or terraform output -raw ${name} in the infra stack)`;

/** clusterAccessOf on `values`, with the issues it records. */
function access(
  values: Partial<EnvValues>,
  options: { helmInstall?: boolean; openAiEnabled?: boolean; failed?: string[] } = {},
): { result: ReturnType<typeof clusterAccessOf>; issues: { variable: string; message: string }[] } {
  const issues: { variable: string; message: string }[] = [];
  const result = clusterAccessOf(
    { AZURE_LOCATION: 'eastus', ...values } as EnvValues,
    NAMES,
    {
      helmInstall: options.helmInstall ?? false,
      openAiEnabled: options.openAiEnabled ?? false,
      cwd: '/work',
      failed: new Set(options.failed ?? []),
    },
    (variable, message) => issues.push({ variable, message }),
  );
  return { result, issues };
}

describe('clusterAccessOf: the cluster kaito-stack reaches', () => {
  test('without AKS_KUBECONFIG: the AKS path, and nothing reported', () => {
    expect(access(INFRA, { helmInstall: true, openAiEnabled: true })).toEqual({ result: { kind: 'aks' }, issues: [] });
  });

  test('fails when AKS_KUBECONFIG_CONTEXT is set without AKS_KUBECONFIG', () => {
    expect(access({ AKS_KUBECONFIG_CONTEXT: 'ci' })).toEqual({
      result: undefined,
      issues: [
        {
          variable: 'AKS_KUBECONFIG_CONTEXT',
          message: 'names a context of the kubeconfig file AKS_KUBECONFIG, which is not set; set AKS_KUBECONFIG too, or unset this',
        },
      ],
    });
  });

  test.each([
    ['neither the Helm install nor Azure OpenAI', false, false, undefined, undefined],
    ['the Helm install', true, false, { subscriptionId: SUBSCRIPTION, tenantId: TENANT, clientId: PROVISIONER }, undefined],
    ['Azure OpenAI', false, true, undefined, { endpoint: ENDPOINT, clientId: AI_IDENTITY }],
  ])('kubeconfig mode with %s: the file, its context and the infra values', (_what, helmInstall, openAiEnabled, provisioner, openAi) => {
    expect(access({ ...INFRA, AKS_KUBECONFIG: KUBECONFIG, AKS_KUBECONFIG_CONTEXT: 'ci' }, { helmInstall, openAiEnabled })).toEqual({
      result: {
        kind: 'kubeconfig',
        path: KUBECONFIG,
        context: 'ci',
        infra: { clusterName: NAMES.cluster, resourceGroupName: NAMES.resourceGroup, location: 'eastus', provisioner, openAi },
      },
      issues: [],
    });
  });

  test('kubeconfig mode takes the cluster and resource group the infra stack reported over the derived names', () => {
    const { result } = access({ AKS_KUBECONFIG: KUBECONFIG, AZURE_AKS_CLUSTER_NAME: 'aks-x', AZURE_RESOURCEGROUP_NAME: 'rg-x' });
    expect(result).toEqual({
      kind: 'kubeconfig',
      path: KUBECONFIG,
      context: undefined,
      infra: { clusterName: 'aks-x', resourceGroupName: 'rg-x', location: 'eastus', provisioner: undefined, openAi: undefined },
    });
  });

  test('fails when the kubeconfig file is unusable, even with every infra value given', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'kaito-cluster-access-')), 'none');
    expect(access({ ...INFRA, AKS_KUBECONFIG: missing }, { helmInstall: true, openAiEnabled: true })).toEqual({
      result: undefined,
      issues: [
        {
          variable: 'AKS_KUBECONFIG',
          message: `${missing} does not exist; set AKS_KUBECONFIG to the kubeconfig file of the cluster (the one your cluster tool or CI wrote), or unset it for the AKS path`,
        },
      ],
    });
  });

  test.each([['AZURE_SUBSCRIPTION_ID'], ['AZURE_TENANT_ID'], ['KAITO_IDENTITY_CLIENT_ID']] as const)(
    'fails when the Helm install lacks %s, naming that infra output',
    (name) => {
      expect(access({ ...INFRA, [name]: undefined, AKS_KUBECONFIG: KUBECONFIG }, { helmInstall: true })).toEqual({
        result: undefined,
        issues: [{ variable: name, message: missingForHelm(name) }],
      });
    },
  );

  test.each([['AZURE_OPENAI_ENDPOINT'], ['AZURE_IDENTITY_CLIENT_ID']] as const)(
    'fails when Azure OpenAI lacks %s, naming that infra output',
    (name) => {
      expect(access({ ...INFRA, [name]: undefined, AKS_KUBECONFIG: KUBECONFIG }, { openAiEnabled: true })).toEqual({
        result: undefined,
        issues: [{ variable: name, message: missingForOpenAi(name) }],
      });
    },
  );

  test('fails without repeating a missing value whose bad value is reported already', () => {
    const { AZURE_TENANT_ID: _tenant, AZURE_IDENTITY_CLIENT_ID: _identity, ...rest } = INFRA;
    expect(
      access({ ...rest, AKS_KUBECONFIG: KUBECONFIG }, { helmInstall: true, openAiEnabled: true, failed: ['AZURE_TENANT_ID'] }),
    ).toEqual({
      result: undefined,
      issues: [{ variable: 'AZURE_IDENTITY_CLIENT_ID', message: missingForOpenAi('AZURE_IDENTITY_CLIENT_ID') }],
    });
    expect(access({ ...rest, AKS_KUBECONFIG: KUBECONFIG }, { helmInstall: true, failed: ['AZURE_TENANT_ID'] })).toEqual({
      result: undefined,
      issues: [],
    });
  });
});

describe('loadConfig in kubeconfig mode: every missing infra value at once', () => {
  test('fails for the Helm install and Azure OpenAI with each unset infra output', () => {
    let issues: unknown;
    try {
      loadConfig({ AKS_KUBECONFIG: KUBECONFIG, DEPLOY_AZURE_OPENAI: 'true' }, '/work');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      issues = (err as ConfigError).issues;
    }
    expect(issues).toEqual([
      { variable: 'AZURE_SUBSCRIPTION_ID', value: '(unset)', message: missingForHelm('AZURE_SUBSCRIPTION_ID') },
      { variable: 'AZURE_TENANT_ID', value: '(unset)', message: missingForHelm('AZURE_TENANT_ID') },
      { variable: 'KAITO_IDENTITY_CLIENT_ID', value: '(unset)', message: missingForHelm('KAITO_IDENTITY_CLIENT_ID') },
      { variable: 'AZURE_OPENAI_ENDPOINT', value: '(unset)', message: missingForOpenAi('AZURE_OPENAI_ENDPOINT') },
      { variable: 'AZURE_IDENTITY_CLIENT_ID', value: '(unset)', message: missingForOpenAi('AZURE_IDENTITY_CLIENT_ID') },
    ]);
  });
});

describe('chart repositories', () => {
  test('each mirror loses every trailing slash; unset ones stay upstream', () => {
    expect(
      chartRepositoriesOf({
        KAITO_CHART_REPOSITORY: 'https://charts.example.com/kaito//',
        GPU_PROVISIONER_CHART_REPOSITORY: 'oci://registry.example.com/helm/',
      } as EnvValues),
    ).toEqual({ kaitoWorkspace: 'https://charts.example.com/kaito', gpuProvisioner: 'oci://registry.example.com/helm', store: undefined });
  });

  test('loadConfig gives the mirrors as trimmed', () => {
    const config = loadConfig({
      KAITO_CHART_REPOSITORY: 'https://charts.example.com/kaito',
      GPU_PROVISIONER_CHART_REPOSITORY: 'http://127.0.0.1:8080/charts///',
      STORE_CHART_REPOSITORY: 'oci://registry.example.com/helm/store/',
    });
    expect(config.chartRepositories).toEqual({
      kaitoWorkspace: 'https://charts.example.com/kaito',
      gpuProvisioner: 'http://127.0.0.1:8080/charts',
      store: 'oci://registry.example.com/helm/store',
    });
  });
});
