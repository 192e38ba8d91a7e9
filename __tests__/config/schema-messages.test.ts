/** The whole message of each kind of bad region and toggle value. */
import { problems } from './helpers';

const REGION_LIST = 'the full list is in catalog/data/azure-regions.json (or: az account list-locations --output table)';
const TOGGLE = 'must be "true" or "false" (azd semantics); any other value is an error, not false';

describe('AZURE_LOCATION', () => {
  test.each([
    ['mars', `not an Azure region; ${REGION_LIST}`],
    ['westeurop', `not an Azure region; did you mean "westeurope"?; ${REGION_LIST}`],
  ])('fails when AZURE_LOCATION=%s, with the whole message', (value, message) => {
    expect(problems({ AZURE_LOCATION: value })).toEqual([{ variable: 'AZURE_LOCATION', value, message }]);
  });
});

describe('the true/false toggles', () => {
  test.each([
    ['DEPLOY_AZURE_OPENAI', 'yes'],
    ['DEPLOY_AZURE_OPENAI', 'TRUEx'],
    ['DEPLOY_AZURE_OPENAI', 'xFALSE'],
    ['DEPLOY_AZURE_WORKLOAD_IDENTITY', 'True False'],
    ['DEPLOY_AZURE_WORKLOAD_IDENTITY', '1'],
  ])('fails when %s=%s, showing the value as given', (variable, value) => {
    expect(problems({ [variable]: value })).toEqual([{ variable, value, message: TOGGLE }]);
  });
});
