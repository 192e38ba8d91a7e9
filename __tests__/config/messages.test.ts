/**
 * Whole messages for bad values that have no near miss to suggest, how a problem shows the value,
 * and which checks a variable that failed to parse holds back (so one typo yields one message).
 */
import { loadConfig } from '../../config';
import { ENV_VARIABLES } from '../../config/schema';
import { problems } from './helpers';

const FULL_LIST = 'the full list: npx kaito-aks models --release 0.10.0';

describe('messages without a near miss', () => {
  test.each([
    [
      { KAITO_INSTANCE_TYPE: 'Qwerty' },
      'KAITO_INSTANCE_TYPE',
      'not a GPU size Kaito knows, so its Workspace would never get nodes ("Unsupported SKU"); use Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), the cheapest size that fits falcon-7b-instruct, or unset it to get that default; every size Kaito lists is in catalog/gpu-skus.ts',
    ],
    [{ KAITO_MODEL: 'zzzzzzzzzz' }, 'KAITO_MODEL', `not a preset of Kaito 0.10.0; ${FULL_LIST}`],
    [
      { KAITO_MODEL: 'zzzz/zzzzzz' },
      'KAITO_MODEL',
      `not a preset of Kaito 0.10.0 (Kaito would look other Hugging Face ids up online when the Workspace is created; kaito-aks takes only the presets Kaito knows offline, whose fit it can check at synth); ${FULL_LIST}`,
    ],
    [
      { KAITO_MODEL: 'google/gemma-4-E2B-it' },
      'KAITO_MODEL',
      `not served by Kaito 0.10.0 (0.12.0 still has it: set KAITO_VERSION=0.12.0); or pick another, ${FULL_LIST}`,
    ],
  ])('fails when %j, with the whole message', (env, variable, message) => {
    expect(problems(env)).toEqual([{ variable, value: Object.values(env)[0], message }]);
  });
});

describe('the value a problem shows', () => {
  test('an empty variable is shown as unset, not as an empty value', () => {
    expect(problems({ RS_STORAGE_ACCOUNT: 'tfstate123', RS_CONTAINER_NAME: 'tfstate', RS_RESOURCE_GROUP: '' })).toEqual([
      {
        variable: 'RS_RESOURCE_GROUP',
        value: '(unset)',
        message:
          'remote state needs RS_RESOURCE_GROUP, RS_STORAGE_ACCOUNT and RS_CONTAINER_NAME together (RS_STORAGE_ACCOUNT, RS_CONTAINER_NAME given); set it, or unset all three for local state',
      },
    ]);
  });
});

describe('a variable that fails to parse holds back the checks that depend on it', () => {
  const MODEL_NAME =
    'must be a model name such as gpt-4.1-mini: letters, digits, ".", "_" and "-", at most 64 (it also names the deployment)';
  const SKU =
    'must be one of GlobalStandard, Standard, DataZoneStandard, ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged';

  test.each([
    ['AZURE_OPENAI_MODEL_NAME', 'bad name!', MODEL_NAME],
    ['AZURE_OPENAI_SKU', 'Nope', SKU],
  ])('fails when %s=%s with that one problem, not one about the model version too', (variable, value, message) => {
    expect(problems({ [variable]: value, AZURE_OPENAI_MODEL_VERSION: '1999-01-01' })).toEqual([{ variable, value, message }]);
  });

  test('fails when KAITO_VERSION is not a release with that one problem, not one about the size judged by a default release', () => {
    expect(problems({ KAITO_VERSION: 'v9', KAITO_INSTANCE_TYPE: 'Qwerty' })).toEqual([
      { variable: 'KAITO_VERSION', value: 'v9', message: 'must be one of 0.6.0, 0.10.0, 0.12.0' },
    ]);
  });
});

describe('the AKS add-on refuses Helm-install settings only when they have a value', () => {
  test('blank or whitespace-only Helm settings pass with KAITO_INSTALL=aks-addon', () => {
    const config = loadConfig({
      KAITO_INSTALL: 'aks-addon',
      KAITO_PROVISIONER_ROLE: '   ',
      KAITO_CHART_REPOSITORY: '',
      GPU_PROVISIONER_CHART_REPOSITORY: ' ',
    });
    expect(config.kaito.install).toBe('aks-addon');
  });
});

describe('the loaded configuration', () => {
  test('keeps every variable trimmed, and empty when unset, for Terraform to check against', () => {
    const config = loadConfig({ AZURE_LOCATION: '  westus2 ', KAITO_MODEL: 'falcon-7b-instruct\t' });
    expect(config.rawEnvironment).toEqual({
      ...Object.fromEntries(ENV_VARIABLES.map((name) => [name, ''])),
      AZURE_LOCATION: 'westus2',
      KAITO_MODEL: 'falcon-7b-instruct',
    });
  });

  test('is frozen all the way down', () => {
    const config = loadConfig({});
    for (const part of [config, config.names, config.openAi, config.kaito, config.rawEnvironment, config.apiServerAuthorizedIpRanges]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
  });
});
