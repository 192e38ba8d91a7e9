/**
 * The Azure OpenAI deployment checked against the pinned model data
 * (`catalog/data/azure-openai-models.json`): the whole problem reported for an unknown model, a
 * version the model lacks, and a region that does not offer the model as the chosen SKU.
 */
import { problems } from './helpers';

const MODELS_FILE = 'catalog/data/azure-openai-models.json';

describe('AZURE_OPENAI_MODEL_NAME names an Azure OpenAI chat model', () => {
  test.each([
    ['gpt-35-turbo', `not an Azure OpenAI chat model; the full list, with versions and regions, is in ${MODELS_FILE}`],
    ['claude-3', `not an Azure OpenAI chat model; the full list, with versions and regions, is in ${MODELS_FILE}`],
    ['gpt4o', `not an Azure OpenAI chat model; did you mean "gpt-4o"?; the full list, with versions and regions, is in ${MODELS_FILE}`],
    [
      'gpt-4.1mini',
      `not an Azure OpenAI chat model; did you mean "gpt-4.1-mini"?; the full list, with versions and regions, is in ${MODELS_FILE}`,
    ],
  ])('fails when AZURE_OPENAI_MODEL_NAME=%s, with a guess only when one is close', (model, message) => {
    expect(problems({ AZURE_OPENAI_MODEL_NAME: model })).toEqual([{ variable: 'AZURE_OPENAI_MODEL_NAME', value: model, message }]);
  });
});

describe('AZURE_OPENAI_MODEL_VERSION is an exact version of that model', () => {
  test.each([
    ['gpt-4o', 'latest', 'not a version of gpt-4o: Azure needs an exact version, one of 2024-05-13, 2024-08-06, 2024-11-20'],
    [
      'gpt-4o',
      '2024-11-21',
      'not a version of gpt-4o: Azure needs an exact version, one of 2024-05-13, 2024-08-06, 2024-11-20; did you mean "2024-11-20"?',
    ],
    ['model-router', '2025-11', 'not a version of model-router: Azure needs an exact version, one of 2025-05-19, 2025-08-07, 2025-11-18'],
    [
      'gpt-5-chat',
      '2025-10-30',
      'not a version of gpt-5-chat: Azure needs an exact version, one of 2025-08-07, 2025-10-03; did you mean "2025-10-03"?',
    ],
  ])('fails when AZURE_OPENAI_MODEL_NAME=%s AZURE_OPENAI_MODEL_VERSION=%s, listing every version', (model, version, message) => {
    expect(problems({ AZURE_OPENAI_MODEL_NAME: model, AZURE_OPENAI_MODEL_VERSION: version })).toEqual([
      { variable: 'AZURE_OPENAI_MODEL_VERSION', value: version, message },
    ]);
  });
});

describe('with DEPLOY_AZURE_OPENAI=true, AZURE_LOCATION offers the model as AZURE_OPENAI_SKU', () => {
  test.each([
    // exactly five regions offer it: all five are named, with no "more"
    [
      'eastus',
      'model-router',
      '2025-11-18',
      'GlobalStandard',
      `eastus does not offer model-router 2025-11-18 as GlobalStandard; regions that offer it: australiaeast, eastus2, southindia, swedencentral, westus3 (all in ${MODELS_FILE})`,
    ],
    // fewer than five, and another SKU the region does offer
    [
      'australiaeast',
      'model-router',
      '2025-11-18',
      'DataZoneStandard',
      `australiaeast does not offer model-router 2025-11-18 as DataZoneStandard, but does as GlobalStandard (set AZURE_OPENAI_SKU); regions that offer it: eastus2, swedencentral, westus3 (all in ${MODELS_FILE})`,
    ],
    // more than five: the first five and how many more
    [
      'westeurope',
      'gpt-4.1',
      '2025-04-14',
      'Standard',
      `westeurope does not offer gpt-4.1 2025-04-14 as Standard, but does as GlobalStandard, DataZoneStandard (set AZURE_OPENAI_SKU); regions that offer it: eastus, eastus2, northcentralus, southcentralus, swedencentral and 3 more (all in ${MODELS_FILE})`,
    ],
    // (versions Azure has retired are refused for that first: dated-pins.test.ts)
    [
      'italynorth',
      'gpt-4o',
      '2024-08-06',
      'Standard',
      `italynorth does not offer gpt-4o 2024-08-06 as Standard; regions that offer it: centralus, eastus, eastus2, northcentralus, southcentralus and 3 more (all in ${MODELS_FILE})`,
    ],
  ])('fails when AZURE_LOCATION=%s lacks %s %s as %s, naming the regions that offer it', (location, model, version, sku, message) => {
    const env = {
      DEPLOY_AZURE_OPENAI: 'true',
      AZURE_LOCATION: location,
      AZURE_OPENAI_MODEL_NAME: model,
      AZURE_OPENAI_MODEL_VERSION: version,
      AZURE_OPENAI_SKU: sku,
    };
    expect(problems(env)).toEqual([{ variable: 'AZURE_OPENAI_SKU', value: sku, message }]);
  });
});
