/**
 * Bad input fails at synth (issue 15): values Azure would reject, misspelt variables, one rule for
 * case and whitespace, bounded numbers, and messages that name the closest values.
 */
import { ConfigError, loadConfig } from '../../config';
import { AZURE_REGIONS, findOpenAiModel, LIMITS, OPENAI_MODELS } from '../../config/azure';
import { OUTPUT_VARIABLES, unknownVariables } from '../../config/namespaces';
import { openAiQuotaNote } from '../../config/openai';
import { ENV_SCHEMA } from '../../config/schema';
import { formatSummary } from '../../summary';
import { problems, problemWith } from './helpers';

describe('kind 1: values Azure would reject', () => {
  test.each([
    ['eastus3', ['"eastus"', '"eastus2"']],
    ['westeurop', ['"westeurope"']],
    ['East_US', ['"eastus"']],
    ['uk south', ['"uksouth"']],
  ])('fails when AZURE_LOCATION=%s, naming the closest regions and the full list', (value, near) => {
    const issue = problemWith({ AZURE_LOCATION: value }, 'AZURE_LOCATION');
    expect(issue.message).toContain('not an Azure region');
    for (const n of near) expect(issue.message).toContain(n);
    expect(issue.message).toContain('catalog/data/azure-regions.json');
  });

  test('fails when AZURE_LOCATION is nothing like a region, without a guess', () => {
    const issue = problemWith({ AZURE_LOCATION: 'mars' }, 'AZURE_LOCATION');
    expect(issue.message).not.toContain('did you mean');
    expect(issue.message).toContain('az account list-locations');
  });

  test.each([
    ['gpt-4.1mini', '"gpt-4.1-mini"'],
    ['gpt4o', '"gpt-4o"'],
    ['o4mini', '"o4-mini"'],
    ['gpt-35-turbo', undefined],
  ])('fails when AZURE_OPENAI_MODEL_NAME=%s (not an Azure OpenAI chat model)', (value, near) => {
    const issue = problemWith({ AZURE_OPENAI_MODEL_NAME: value }, 'AZURE_OPENAI_MODEL_NAME');
    expect(issue.message).toContain('not an Azure OpenAI chat model');
    if (near) expect(issue.message).toContain(`did you mean ${near}`);
    expect(issue.message).toContain('catalog/data/azure-openai-models.json');
  });

  test.each([
    ['gpt-4.1-mini', 'latest', 'one of 2025-04-14'],
    ['gpt-4.1-mini', '2025-04-15', 'did you mean "2025-04-14"'],
    ['gpt-4o', '2024-11-21', 'did you mean "2024-11-20"'],
    ['gpt-4o', '2024-05-13 ', ''],
  ])('fails (or not) for AZURE_OPENAI_MODEL_NAME=%s AZURE_OPENAI_MODEL_VERSION=%s', (model, version, expected) => {
    const env = { AZURE_OPENAI_MODEL_NAME: model, AZURE_OPENAI_MODEL_VERSION: version };
    if (expected === '') {
      expect(loadConfig(env).openAi.modelVersion).toBe(version.trim());
      return;
    }
    const issue = problemWith(env, 'AZURE_OPENAI_MODEL_VERSION');
    expect(issue.message).toContain(`not a version of ${model}`);
    expect(issue.message).toContain(expected);
  });

  test.each(['GlobalBatch', 'DataZoneBatch'])('fails when AZURE_OPENAI_SKU=%s: batch serves no real-time chat', (sku) => {
    const issue = problemWith({ AZURE_OPENAI_SKU: sku }, 'AZURE_OPENAI_SKU');
    expect(issue.message).toContain('must be one of GlobalStandard, Standard, DataZoneStandard, ProvisionedManaged');
    expect(issue.message).not.toContain('Batch');
  });

  test('fails when the model version has no deployment of that SKU', () => {
    const issue = problemWith({ AZURE_OPENAI_MODEL_NAME: 'gpt-4.1-nano', AZURE_OPENAI_SKU: 'Standard' }, 'AZURE_OPENAI_SKU');
    expect(issue.message).toBe('gpt-4.1-nano 2025-04-14 has no Standard deployment; it offers GlobalStandard, DataZoneStandard');
  });

  test.each([
    ['westindia', 'GlobalStandard', undefined],
    ['australiaeast', 'DataZoneStandard', 'but does as GlobalStandard, Standard'],
    ['uksouth', 'DataZoneStandard', 'but does as GlobalStandard, Standard'],
  ])('fails when Azure OpenAI is deployed in %s, which does not offer gpt-4.1-mini as %s', (location, sku, elsewhere) => {
    const env = { DEPLOY_AZURE_OPENAI: 'true', AZURE_LOCATION: location, AZURE_OPENAI_SKU: sku };
    const issue = problemWith(env, 'AZURE_OPENAI_SKU');
    expect(issue.message).toContain(`${location} does not offer gpt-4.1-mini 2025-04-14 as ${sku}`);
    if (elsewhere) expect(issue.message).toContain(elsewhere);
    // a short list and where the rest is, not every region on one line
    expect(issue.message).toMatch(/regions that offer it: (\w+, ){4}\w+ and \d+ more \(all in catalog\/data\/azure-openai-models.json\)/);
  });

  test('an unknown region is reported once, not again as a region that lacks the model', () => {
    expect(problems({ DEPLOY_AZURE_OPENAI: 'true', AZURE_LOCATION: 'eastus3' }).map((i) => i.variable)).toEqual(['AZURE_LOCATION']);
  });

  test('the region offer is checked only when Azure OpenAI is deployed', () => {
    expect(loadConfig({ AZURE_LOCATION: 'westindia' }).location).toBe('westindia');
  });

  test('provisioned SKUs, whose regions the data does not cover, are checked for model and version (and PTUs, see ptu.test.ts) only', () => {
    expect(
      loadConfig({ DEPLOY_AZURE_OPENAI: 'true', AZURE_OPENAI_SKU: 'ProvisionedManaged', AZURE_OPENAI_CAPACITY: '25' }).openAi.sku,
    ).toBe('ProvisionedManaged');
  });

  const REMOTE = { RS_RESOURCE_GROUP: 'rg-tfstate', RS_STORAGE_ACCOUNT: 'sttfstate01', RS_CONTAINER_NAME: 'tfstate' };
  test.each(['rg tfstate', 'rg-tfstate.', 'rg/tfstate', 'r'.repeat(91)])('fails when RS_RESOURCE_GROUP=%s', (value) => {
    const issue = problemWith({ ...REMOTE, RS_RESOURCE_GROUP: value }, 'RS_RESOURCE_GROUP');
    expect(issue.message).toContain('must be a resource group name');
  });

  test.each(['rg_tf.state(1)', 'Rg-TfState', 'r'.repeat(90)])('accepts RS_RESOURCE_GROUP=%s', (value) => {
    expect(loadConfig({ ...REMOTE, RS_RESOURCE_GROUP: value }).remoteState?.resourceGroupName).toBe(value);
  });

  test.each([
    ['RS_STORAGE_ACCOUNT', 'StTfState01', 'did you mean "sttfstate01"?'],
    ['RS_STORAGE_ACCOUNT', 'st', 'must be a storage account name'],
    ['RS_CONTAINER_NAME', 'TfState', 'did you mean "tfstate"?'],
    ['RS_CONTAINER_NAME', 'tf--state', 'must be a blob container name'],
  ])('fails when %s=%s', (variable, value, expected) => {
    expect(problemWith({ ...REMOTE, [variable]: value }, variable).message).toContain(expected);
  });

  test('the data files have what the checks need: the default region and model, every model with a version', () => {
    expect(AZURE_REGIONS.map((r) => r.name)).toEqual(expect.arrayContaining(['eastus', 'westeurope', 'swedencentral']));
    expect(AZURE_REGIONS.map((r) => r.name)).not.toContain('eastus3');
    expect(findOpenAiModel('gpt-4.1-mini')?.versions.map((x) => x.version)).toEqual(['2025-04-14']);
    for (const m of OPENAI_MODELS) expect(m.versions.length).toBeGreaterThan(0);
  });
});

describe('kind 2: a variable in our namespaces that we do not read', () => {
  test.each([
    ['KAITO_MODLE', 'phi-4', 'KAITO_MODEL'],
    ['KAITO_INSTANCETYPE', 'Standard_NC24ads_A100_v4', 'KAITO_INSTANCE_TYPE'],
    ['DEPLOY_AZURE_OPENIA', 'true', 'DEPLOY_AZURE_OPENAI'],
    ['AZURE_OPENAI_MODEL', 'gpt-4o', 'AZURE_OPENAI_MODEL_NAME'],
    ['AKS_KUBELOGIN', 'azd', 'AKS_KUBELOGIN_MODE'],
    ['RS_CONTAINER', 'tfstate', 'RS_CONTAINER_NAME'],
  ])('fails when %s is set, with did you mean', (name, value, near) => {
    const issue = problemWith({ [name]: value }, name);
    expect(issue.message).toContain('not a variable kaito-aks reads');
    expect(issue.message).toMatch(new RegExp(`did you mean "${near}"[ ?]`));
  });

  test('a name in a reserved namespace far from any setting fails without a guess', () => {
    const issue = problemWith({ KAITO_SOMETHING_ELSE: '1' }, 'KAITO_SOMETHING_ELSE');
    expect(issue.message).not.toContain('did you mean');
  });

  test('every setting, stack output, tool setting and foreign name is left alone, and empty means unset', () => {
    const env: Record<string, string> = {
      AZURE_AKS_CLUSTER_NAME: 'aks-kaito',
      AZURE_RESOURCEGROUP_NAME: 'rg-kaito',
      AZURE_PRINCIPAL_ID: 'x',
      ARM_SUBSCRIPTION_ID: 'x',
      KUBECONFIG: '/tmp/k',
      KAITO_AKS_BENCH: '1',
      KAITO_AKS_TOOLS_DIR: '/tmp/tools',
      KAITO_MODLE: '',
    };
    for (const name of OUTPUT_VARIABLES) env[name] = 'from azd';
    // the infra outputs kubeconfig mode reads are settings too, checked by their form: azd's values pass
    env.KAITO_IDENTITY_CLIENT_ID = '33333333-3333-3333-3333-333333333333';
    env.AZURE_IDENTITY_CLIENT_ID = '44444444-4444-4444-4444-444444444444';
    env.AZURE_OPENAI_ENDPOINT = 'https://oai-kaito.openai.azure.com/';
    expect(unknownVariables(env)).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
  });

  test('the known names are the env schema keys: a setting added there is known at once', () => {
    const settings = Object.fromEntries(Object.keys(ENV_SCHEMA).map((k) => [k, 'x']));
    expect(unknownVariables(settings)).toEqual([]);
  });
});

describe('kind 3: one rule for case and whitespace', () => {
  test('enumerations and Azure names take any case and surrounding spaces, folded to the canonical spelling', () => {
    const config = loadConfig({
      KAITO_INSTALL: 'AKS-Addon',
      AZURE_LOCATION: ' EastUS ',
      AKS_KUBELOGIN_MODE: 'azureCLI',
      AZURE_OPENAI_SKU: 'globalstandard ',
      AZURE_OPENAI_MODEL_NAME: 'GPT-4.1-Mini',
      DEPLOY_AZURE_OPENAI: ' True',
      KAITO_MODEL: 'Falcon-7B-Instruct',
      KAITO_INSTANCE_TYPE: 'STANDARD_NV36ADS_A10_V5',
      AZURE_SUBSCRIPTION_ID: '0000000A-0000-0000-0000-00000000000B ',
    });
    expect(config.subscriptionId).toBe('0000000a-0000-0000-0000-00000000000b');
    expect(config.kaito.install).toBe('aks-addon');
    expect(config.location).toBe('eastus');
    expect(config.kubeloginMode).toBe('azurecli');
    expect(config.openAi).toMatchObject({ sku: 'GlobalStandard', modelName: 'gpt-4.1-mini', enabled: true });
    expect(config.kaito.preset.name).toBe('falcon-7b-instruct');
    expect(config.kaito.instanceType.name).toBe('Standard_NV36ads_A10_v5');
  });

  test('fails when KAITO_VERSION=v0.10.0, with the hint to drop the v', () => {
    const issue = problemWith({ KAITO_VERSION: 'v0.10.0' }, 'KAITO_VERSION');
    expect(issue.message).toBe('must be one of 0.6.0, 0.10.0, 0.12.0; did you mean "0.10.0"?');
  });

  test('every enumeration, region, model, size and GUID variable is compared ignoring case; names Azure or Kubernetes spell exactly are not', () => {
    const ignoring = Object.entries(ENV_SCHEMA)
      .filter(([, v]) => (v as { ignoreCase?: boolean }).ignoreCase)
      .map(([k]) => k);
    expect(ignoring).toEqual(
      expect.arrayContaining([
        'AZURE_LOCATION',
        'AZURE_SUBSCRIPTION_ID',
        'DEPLOY_AZURE_OPENAI',
        'KAITO_VERSION',
        'KAITO_INSTALL',
        'KAITO_MODEL',
        'KAITO_INSTANCE_TYPE',
        'AZURE_OPENAI_MODEL_NAME',
        'AZURE_OPENAI_SKU',
        'AKS_KUBELOGIN_MODE',
      ]),
    );
    for (const exact of ['AZURE_ENV_NAME', 'KAITO_MODEL_ACCESS_SECRET', 'AZURE_OPENAI_API_VERSION', 'RS_STORAGE_ACCOUNT']) {
      expect(ignoring).not.toContain(exact);
    }
  });
});

describe('kind 4: numbers within what Kaito and Azure allow', () => {
  test('the GPU node bound: 100 AKS node pools, one of them the system pool, one GPU node per pool', () => {
    expect(LIMITS.maxGpuNodes).toBe(99);
  });

  test.each(['100', '100000'])('fails when KAITO_NODE_COUNT=%s, saying why', (value) => {
    const issue = problemWith({ KAITO_NODE_COUNT: value }, 'KAITO_NODE_COUNT');
    expect(issue.message).toContain('must be at most 99');
    expect(issue.message).toContain('AKS allows 100 node pools per cluster');
  });

  test.each(['100001', '99999999'])('fails when AZURE_OPENAI_CAPACITY=%s', (value) => {
    expect(problemWith({ AZURE_OPENAI_CAPACITY: value }, 'AZURE_OPENAI_CAPACITY').message).toContain('must be at most 100000');
  });

  test('the bounds themselves are accepted', () => {
    const config = loadConfig({ KAITO_NODE_COUNT: '99', AZURE_OPENAI_CAPACITY: '100000' });
    expect(config.kaito.nodeCount).toBe(99);
    expect(config.openAi.capacity).toBe(100000);
  });

  test.each([
    ['gpt-4.1-mini', '2025-04-14', 'GlobalStandard', 5001, '5,000,000'],
    ['gpt-4o', '2024-08-06', 'GlobalStandard', 451, '450,000'],
    ['gpt-4o-mini', '2024-07-18', 'DataZoneStandard', 1001, '1,000,000'],
  ])('the summary says when %s %s %s capacity %d exceeds the Tier 1 default quota', (model, version, sku, capacity, quota) => {
    expect(openAiQuotaNote(model, version, sku, capacity)).toContain(`exceeds the Tier 1 default quota for ${model} ${sku} (${quota})`);
    expect(openAiQuotaNote(model, version, sku, capacity - 1)).toBeUndefined();
  });

  test('the summary prints the quota note only when Azure OpenAI is deployed', () => {
    const line = (env: Record<string, string>) =>
      formatSummary(loadConfig(env), [], process.cwd())
        .split('\n')
        .filter((l) => l.startsWith('OpenAI quota'));
    expect(line({ DEPLOY_AZURE_OPENAI: 'true', AZURE_OPENAI_CAPACITY: '6000' })).toEqual([
      'OpenAI quota  eastus: capacity 6000 (6,000,000 tokens/min) exceeds the Tier 1 default quota for gpt-4.1-mini GlobalStandard (5,000,000); a subscription on Tier 1 or the Free tier must request more quota first',
    ]);
    expect(line({ AZURE_OPENAI_CAPACITY: '6000' })).toEqual([]);
    expect(line({ DEPLOY_AZURE_OPENAI: 'true' })).toEqual([]);
  });
});

describe('kind 5: an unknown value gets the closest names and where the full list is', () => {
  test.each([
    ['Standard_NV36ads_A10v5', '0.10.0', '"Standard_NV36ads_A10_v5"'],
    ['standard_nc24ads_a100', '0.12.0', '"Standard_NC24ads_A100_v4"'],
    ['Standard_NC4as_T4_v4', '0.10.0', '"Standard_NC4as_T4_v3"'],
  ])('fails when KAITO_INSTANCE_TYPE=%s (Kaito %s), with did you mean %s', (size, release, near) => {
    const env = {
      KAITO_INSTANCE_TYPE: size,
      KAITO_VERSION: release,
      KAITO_MODEL: release === '0.10.0' ? 'falcon-7b-instruct' : 'phi-4-mini-instruct',
    };
    const issue = problemWith(env, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain(`not a GPU size Kaito knows`);
    expect(issue.message).toContain(`did you mean ${near}?`);
    expect(issue.message).toContain('catalog/gpu-skus.ts');
  });

  test('sizes only an older release lists are not suggested for a newer one', () => {
    const issue = problemWith(
      { KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v4', KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' },
      'KAITO_INSTANCE_TYPE',
    );
    expect(issue.message).not.toContain('Standard_NC4as_T4_v3');
  });

  test('no message lists more than a handful of names on one line', () => {
    const all = problems({
      AZURE_LOCATION: 'eastus3',
      AZURE_OPENAI_MODEL_NAME: 'gpt-4.1mini',
      KAITO_INSTANCE_TYPE: 'Standard_NV36ads_A10v5',
      KAITO_MODLE: 'phi-4',
    });
    expect(all).toHaveLength(4);
    for (const issue of all) expect((issue.message.match(/"/g) ?? []).length / 2).toBeLessThanOrEqual(4);
  });
});

describe('kind 2, its secrets: an unknown variable that looks like a secret is named, its value never shown', () => {
  test.each(['AZURE_OPENAI_API_KEY', 'KAITO_HF_TOKEN', 'AKS_CLIENT_SECRET', 'RS_ACCESS_KEY'])(
    'fails when %s is set, without its value',
    (name) => {
      // GIVEN a secret exported for another tool WHEN synth reports it THEN the value appears nowhere
      let error: unknown;
      try {
        loadConfig({ [name]: 'sk-live-0123456789' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain(`${name}=(hidden): not a variable kaito-aks reads`);
      expect(message).toContain('kaito-aks uses no keys or tokens from the environment');
      expect(message).not.toContain('sk-live-0123456789');
    },
  );

  test.each([
    ['GPU_PROVISIONER_CHART_REPO', 'GPU_PROVISIONER_CHART_REPOSITORY'],
    ['STORE_CHART_REPOSITORIES', 'STORE_CHART_REPOSITORY'],
  ])('fails when the chart mirror variable is misspelt as %s, with did you mean', (name, near) => {
    expect(unknownVariables({ [name]: 'https://mirror.example.com/charts' })).toEqual([
      expect.objectContaining({ name, message: expect.stringContaining(`did you mean "${near}"`) }),
    ]);
  });
});

describe('AZURE_OPENAI_API_VERSION is one Microsoft lists as current (issue 28, kind 7)', () => {
  test.each([
    'latest',
    '2024-12-01-Preview ',
    '2024-13-01',
    '24-10-21',
    'v1',
    '2031-02-30',
    '2019-01-01',
    '2024-11-01-preview',
    '2023-05-15',
  ])('fails when AZURE_OPENAI_API_VERSION=%s', (value) => {
    const issue = problemWith({ AZURE_OPENAI_API_VERSION: value }, 'AZURE_OPENAI_API_VERSION');
    expect(issue.message).toContain('not an Azure OpenAI API version Microsoft lists as current');
    expect(issue.message).toContain('catalog/data/azure-openai-api-versions.json, retrieved 2026-12-07');
    expect(issue.message).toContain('2024-10-21');
  });

  test.each(['2024-10-21', '2025-04-01-preview'])('AZURE_OPENAI_API_VERSION=%s is accepted', (value) => {
    expect(loadConfig({ AZURE_OPENAI_API_VERSION: value }).openAi.apiVersion).toBe(value);
  });
});

describe('KAITO_INSTANCE_TYPE near misses', () => {
  test('a size without the Standard_ prefix gets the full name', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'NC24ads_A100_v4' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain('did you mean "Standard_NC24ads_A100_v4"?');
  });

  test('a suggestion is never a size our policy refuses (retired, or not NVIDIA)', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_NV24s_v4' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).not.toMatch(/did you mean[^;]*Standard_NV(12|24|48)s_v3/);
  });
});

describe('settings of the Helm install are refused with the AKS add-on, not silently ignored', () => {
  test.each([
    ['KAITO_PROVISIONER_ROLE', 'contributor'],
    ['KAITO_CHART_REPOSITORY', 'https://charts.example.com/kaito'],
    ['GPU_PROVISIONER_CHART_REPOSITORY', 'https://charts.example.com/gpu-provisioner'],
  ])('fails when %s=%s is set with KAITO_INSTALL=aks-addon', (name, value) => {
    const issue = problemWith({ KAITO_INSTALL: 'aks-addon', [name]: value }, name);
    expect(issue.value).toBe(value);
    expect(issue.message).toContain('has no effect with KAITO_INSTALL=aks-addon');
  });

  test('the store chart mirror still applies with the add-on (the store app is ours in both modes)', () => {
    expect(() => loadConfig({ KAITO_INSTALL: 'aks-addon', STORE_CHART_REPOSITORY: 'https://charts.example.com/store' })).not.toThrow();
  });
});
