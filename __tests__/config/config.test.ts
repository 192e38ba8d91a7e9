import { AKS_ADDON_TRAIN } from '../../catalog';
import { parse } from 'valibot';
import { ConfigError, loadConfig } from '../../config';
import { ENV_SCHEMA } from '../../config/schema';
import { estimated, problems, problemWith } from './helpers';

describe('loadConfig defaults', () => {
  // GIVEN an empty environment WHEN loaded THEN the workshop's setup comes out
  const config = loadConfig({});

  test('azd environment and region', () => {
    expect(config.envName).toBe('kaito');
    expect(config.location).toBe('eastus');
    expect(config.subscriptionId).toBeUndefined();
    expect(config.tenantId).toBeUndefined();
  });

  test('Kaito 0.10.0 serving falcon-7b-instruct on the cheapest A10 size, one node', () => {
    expect(config.kaito.install).toBe('helm');
    expect(config.kaito.release.version).toBe('0.10.0');
    expect(config.kaito.preset.name).toBe('falcon-7b-instruct');
    expect(config.kaito.instanceType.name).toBe('Standard_NV36ads_A10_v5');
    expect(config.kaito.instanceTypeChosenBy).toBe('catalog');
    expect(config.kaito.nodeCount).toBe(1);
    expect(config.kaito.workspaceName).toBe('workspace-falcon-7b-instruct');
    expect(config.kaito.modelAccessSecret).toBeUndefined();
  });

  test('local LLM backend, azurecli login for kubelogin', () => {
    expect(config.openAi.enabled).toBe(false);
    expect(config.kubeloginMode).toBe('azurecli');
  });

  test('a current, generally available Azure OpenAI chat model (gpt-35-turbo 0613 is retired)', () => {
    expect(config.openAi).toMatchObject({
      modelName: 'gpt-4.1-mini',
      modelVersion: '2025-04-14',
      sku: 'GlobalStandard',
      capacity: 10,
      apiVersion: '2024-12-01-preview',
    });
  });

  test('the config is frozen all the way down', () => {
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.kaito)).toBe(true);
    expect(Object.isFrozen(estimated(config.kaito).fit)).toBe(true);
    expect(() => {
      (config as { envName: string }).envName = 'changed';
    }).toThrow(TypeError);
  });
});

describe('loadConfig reads the variables', () => {
  test('toggles take "true"/"false" in any case, empty means unset', () => {
    const config = loadConfig({ DEPLOY_AZURE_OPENAI: 'TRUE', DEPLOY_AZURE_WORKLOAD_IDENTITY: '', AZURE_ENV_NAME: '' });
    // DEPLOY_AZURE_WORKLOAD_IDENTITY empty = its default, true: no "Kaito needs workload identity" error
    expect(config.openAi.enabled).toBe(true);
    expect(config.envName).toBe('kaito');
  });

  test('a user-chosen size that fits is kept', () => {
    const config = loadConfig({ KAITO_INSTANCE_TYPE: 'standard_nc24ads_a100_v4' });
    expect(config.kaito.instanceType.name).toBe('Standard_NC24ads_A100_v4');
    expect(config.kaito.instanceTypeChosenBy).toBe('user');
  });

  test('release 0.12.0 with a model it serves', () => {
    const config = loadConfig({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct', KAITO_NODE_COUNT: '2' });
    expect(config.kaito.release.version).toBe('0.12.0');
    expect(config.kaito.preset.name).toBe('phi-4-mini-instruct');
    expect(config.kaito.nodeCount).toBe(2);
  });

  test('a Hugging Face id preset becomes a DNS-safe workspace name', () => {
    const config = loadConfig({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'microsoft/Phi-4-mini-instruct' });
    expect(config.kaito.workspaceName).toBe('workspace-microsoft-phi-4-mini-instruct');
  });

  test('a preset needing a Hugging Face token is accepted with the Secret named', () => {
    const config = loadConfig({ KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: 'hf-token' });
    expect(config.kaito.modelAccessSecret).toBe('hf-token');
  });

  test('identifiers and OpenAI knobs pass through', () => {
    const config = loadConfig({
      AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
      AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000002',
      AZURE_OPENAI_MODEL_NAME: 'gpt-4o',
      AZURE_OPENAI_MODEL_VERSION: '2024-11-20',
      AZURE_OPENAI_SKU: 'Standard',
      AZURE_OPENAI_CAPACITY: '30',
      AKS_KUBELOGIN_MODE: 'azd',
    });
    expect(config.subscriptionId).toBe('00000000-0000-0000-0000-000000000001');
    expect(config.tenantId).toBe('00000000-0000-0000-0000-000000000002');
    expect(config.openAi).toMatchObject({ modelName: 'gpt-4o', modelVersion: '2024-11-20', sku: 'Standard', capacity: 30 });
    expect(config.kubeloginMode).toBe('azd');
  });
});

describe('KAITO_INSTALL=aks-addon', () => {
  test('uses the Kaito version the add-on is assumed to run, with its presets and fit rule', () => {
    const config = loadConfig({ KAITO_INSTALL: 'aks-addon' });
    expect(config.kaito.install).toBe('aks-addon');
    expect(config.kaito.release.version).toBe(AKS_ADDON_TRAIN.assumedKaitoVersion);
    expect(config.kaito.preset.name).toBe('falcon-7b-instruct');
    expect(config.kaito.instanceType.name).toBe('Standard_NV36ads_A10_v5');
  });

  test('KAITO_VERSION overrides the assumption', () => {
    const config = loadConfig({ KAITO_INSTALL: 'aks-addon', KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' });
    expect(config.kaito.release.version).toBe('0.12.0');
  });
});

describe('loadConfig rejects bad input', () => {
  test('fails when the model is unknown to the release, saying where the full list is', () => {
    const issue = problemWith({ KAITO_MODEL: 'gpt-5' }, 'KAITO_MODEL');
    expect(issue.value).toBe('gpt-5');
    expect(issue.message).toContain('not a preset of Kaito 0.10.0');
    expect(issue.message).toContain('npx kaito-aks models --release 0.10.0');
  });

  test('fails when falcon is picked on 0.12.0, saying 0.10.0 is the last release with it', () => {
    const issue = problemWith({ KAITO_VERSION: '0.12.0' }, 'KAITO_MODEL');
    expect(issue.value).toBe('falcon-7b-instruct (default)');
    expect(issue.message).toContain('not served by Kaito 0.12.0');
    expect(issue.message).toContain('removed in 0.11.0');
    expect(issue.message).toContain('0.10.0 still has it');
  });

  test('fails when the instance type is retired (NV12s_v3), as our policy, suggesting the default', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_NV12s_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.value).toBe('Standard_NV12s_v3');
    expect(issue.message).toContain('Kaito 0.10.0 lists Standard_NV12s_v3, but kaito-aks refuses it by its own policy');
    expect(issue.message).toContain('Azure retired it on 2026-09-30');
    expect(issue.message).toContain('use Standard_NV36ads_A10_v5');
  });

  test('reports a retired size even when the model is wrong too', () => {
    const found = problems({ KAITO_VERSION: '0.12.0', KAITO_INSTANCE_TYPE: 'Standard_NC12s_v3' }).map((i) => i.variable);
    expect(found).toEqual(['KAITO_MODEL', 'KAITO_INSTANCE_TYPE']);
  });

  test('fails when the chosen size has no NVIDIA GPU (vLLM images are CUDA builds)', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_NG32ads_V620_v1' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain('AMD Radeon PRO V620');
    expect(issue.message).toContain('kaito-aks refuses it by its own policy');
    expect(issue.message).toContain('need an NVIDIA GPU');
    expect(issue.message).toContain('use Standard_NV36ads_A10_v5');
  });

  test('fails when a model that cannot span nodes needs more GPUs than one node has, with the numbers', () => {
    const issue = problemWith({ KAITO_MODEL: 'falcon-40b', KAITO_INSTANCE_TYPE: 'Standard_NV72ads_A10_v5' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain(
      'falcon-40b cannot be distributed across nodes at Kaito 0.10.0 and needs 5 GPUs of Standard_NV72ads_A10_v5 (20.16 GiB usable per GPU, 3 nodes',
    );
  });

  test('fails when the instance type is unknown to Kaito', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_D4s_v5' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain('not a GPU size Kaito knows');
    expect(issue.message).toContain('Standard_NV36ads_A10_v5');
  });

  test('fails when the size is not in the release table (T4 on 0.12.0)', () => {
    const issue = problemWith(
      { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct', KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' },
      'KAITO_INSTANCE_TYPE',
    );
    expect(issue.message).toContain("not in Kaito 0.12.0's GPU size table");
  });

  test('fails when the GPU memory is too small, showing required vs available and the cheapest fit', () => {
    const issue = problemWith({ KAITO_INSTANCE_TYPE: 'Standard_NC4as_T4_v3' }, 'KAITO_INSTANCE_TYPE');
    expect(issue.message).toContain('too little GPU memory');
    expect(issue.message).toContain('needs 16.02 GiB on one GPU');
    expect(issue.message).toContain('Standard_NC4as_T4_v3 has 16 GiB per GPU');
    expect(issue.message).toContain('use Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB)');
  });

  test.each(['0', '-1', '1.5', 'two'])('fails when KAITO_NODE_COUNT=%s', (value) => {
    const issue = problemWith({ KAITO_NODE_COUNT: value }, 'KAITO_NODE_COUNT');
    expect(issue.value).toBe(value);
    expect(issue.message).toMatch(/1 or more|from 1 to 99/);
  });

  test.each([
    ['DEPLOY_AZURE_OPENAI', 'yes'],
    ['DEPLOY_AZURE_OPENAI', '1'],
    ['DEPLOY_AZURE_WORKLOAD_IDENTITY', 'off'],
  ])('fails when the toggle %s=%s is not "true"/"false"', (variable, value) => {
    const issue = problemWith({ [variable]: value }, variable);
    expect(issue.value).toBe(value);
    expect(issue.message).toContain('must be "true" or "false"');
  });

  test('fails when workload identity is off, since Kaito needs it', () => {
    const issue = problemWith({ DEPLOY_AZURE_WORKLOAD_IDENTITY: 'false' }, 'DEPLOY_AZURE_WORKLOAD_IDENTITY');
    expect(issue.value).toBe('false');
    expect(issue.message).toContain('gpu-provisioner');
  });

  test('fails when Azure OpenAI is on without workload identity', () => {
    const issue = problemWith({ DEPLOY_AZURE_OPENAI: 'true', DEPLOY_AZURE_WORKLOAD_IDENTITY: 'false' }, 'DEPLOY_AZURE_OPENAI');
    expect(issue.message).toContain('key-based auth disabled');
  });

  test.each(['my_env', '-kaito', 'kaito-', 'k'.repeat(65), 'käito'])('fails when AZURE_ENV_NAME=%s cannot make Azure names', (value) => {
    const issue = problemWith({ AZURE_ENV_NAME: value }, 'AZURE_ENV_NAME');
    expect(issue.value).toBe(value);
    expect(issue.message).toContain('letters, digits or hyphens');
  });

  test('fails when the install mode is unknown', () => {
    expect(problemWith({ KAITO_INSTALL: 'kubectl' }, 'KAITO_INSTALL').message).toContain('must be one of helm, aks-addon');
  });

  test('fails when the add-on is picked with workload identity off, naming the add-on', () => {
    const issue = problemWith({ KAITO_INSTALL: 'aks-addon', DEPLOY_AZURE_WORKLOAD_IDENTITY: 'false' }, 'DEPLOY_AZURE_WORKLOAD_IDENTITY');
    expect(issue.message).toContain('AKS Kaito add-on');
  });

  test('fails when the add-on is assumed to run a release that does not serve the model', () => {
    const issue = problemWith({ KAITO_INSTALL: 'aks-addon', KAITO_VERSION: '0.12.0' }, 'KAITO_MODEL');
    expect(issue.message).toContain('not served by Kaito 0.12.0');
  });

  test('fails when the release train is unknown', () => {
    expect(problemWith({ KAITO_VERSION: '0.11.0' }, 'KAITO_VERSION').message).toContain('must be one of 0.6.0, 0.10.0, 0.12.0');
  });

  test('fails when a token-gated model has no access Secret', () => {
    const issue = problemWith({ KAITO_MODEL: 'llama-3.1-8b-instruct' }, 'KAITO_MODEL');
    expect(issue.message).toContain('KAITO_MODEL_ACCESS_SECRET');
  });

  test('fails when the access Secret name is not a Secret name; a dotted name is one', () => {
    expect(
      problemWith({ KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: 'HF_Token' }, 'KAITO_MODEL_ACCESS_SECRET').message,
    ).toContain('DNS-1123 subdomain');
    expect(loadConfig({ KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: 'hf.token' }).kaito.modelAccessSecret).toBe(
      'hf.token',
    );
  });

  test('fails when ids are not GUIDs or the region is malformed', () => {
    problemWith({ AZURE_SUBSCRIPTION_ID: 'my-sub' }, 'AZURE_SUBSCRIPTION_ID');
    problemWith({ AZURE_TENANT_ID: 'contoso.onmicrosoft.com' }, 'AZURE_TENANT_ID');
    problemWith({ AZURE_LOCATION: 'East US' }, 'AZURE_LOCATION');
    problemWith({ AKS_KUBELOGIN_MODE: 'interactive' }, 'AKS_KUBELOGIN_MODE');
  });

  test('fails when the OpenAI SKU is unknown or the model name cannot name a deployment', () => {
    expect(problemWith({ AZURE_OPENAI_SKU: 'Bogus' }, 'AZURE_OPENAI_SKU').message).toContain('must be one of GlobalStandard, Standard');
    expect(problemWith({ AZURE_OPENAI_MODEL_NAME: 'gpt 4 !' }, 'AZURE_OPENAI_MODEL_NAME').message).toContain('names the deployment');
  });

  test('reports every problem at once, in one error message', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        AZURE_ENV_NAME: 'bad_name',
        KAITO_NODE_COUNT: '0',
        DEPLOY_AZURE_WORKLOAD_IDENTITY: 'false',
        KAITO_INSTANCE_TYPE: 'Standard_NC12s_v3',
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.issues.map((i) => i.variable).sort()).toEqual([
      'AZURE_ENV_NAME',
      'DEPLOY_AZURE_WORKLOAD_IDENTITY',
      'KAITO_INSTANCE_TYPE',
      'KAITO_NODE_COUNT',
    ]);
    expect(error?.message).toContain('Invalid configuration (4 problems)');
    expect(error?.message).toContain('  - KAITO_NODE_COUNT=0: must be 1 or more');
  });
});

describe('the env schema documents itself truly', () => {
  // GIVEN each variable unset WHEN parsed THEN it yields exactly the default the README shows
  test.each(Object.entries(ENV_SCHEMA))('%s: the documented default is the parsed default', (_, variable) => {
    expect(parse(variable.schema, undefined)).toBe(variable.default);
    expect(parse(variable.schema, '  ')).toBe(variable.default);
  });

  // GIVEN a variable with a list of choices WHEN given each THEN each is accepted as is
  test.each(Object.entries(ENV_SCHEMA).filter(([, variable]) => Array.isArray(variable.allowed)))(
    '%s: every documented choice is accepted',
    (_, variable) => {
      for (const choice of variable.allowed) expect(parse(variable.schema, choice)).toBe(choice);
    },
  );
});
