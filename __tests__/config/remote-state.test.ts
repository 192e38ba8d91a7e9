/**
 * Remote state in Azure Storage: the three RS_ variables come together or not at all, and each must
 * be a name Azure accepts; the messages say which rule broke and, for a case slip, the name meant.
 */
import { loadConfig } from '../../config';
import { problems } from './helpers';

const VALID = { RS_RESOURCE_GROUP: 'rg-tfstate', RS_STORAGE_ACCOUNT: 'tfstate123', RS_CONTAINER_NAME: 'tfstate' };

const TOGETHER = (given: string) =>
  `remote state needs RS_RESOURCE_GROUP, RS_STORAGE_ACCOUNT and RS_CONTAINER_NAME together (${given} given); set it, or unset all three for local state`;
const GROUP = 'must be a resource group name: 1 to 90 letters, digits, "_", "-", ".", "(" and ")", no spaces, not ending in "."';
const ACCOUNT = 'must be a storage account name: 3 to 24 lowercase letters and digits';
const CONTAINER = 'must be a blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending alphanumeric';

describe('remote state', () => {
  test('is off when no RS_ variable is set', () => {
    expect(loadConfig({}).remoteState).toBeUndefined();
  });

  test('takes the three names as given when all are valid', () => {
    expect(loadConfig(VALID).remoteState).toEqual({
      resourceGroupName: 'rg-tfstate',
      storageAccountName: 'tfstate123',
      containerName: 'tfstate',
    });
  });

  test.each([
    [
      'one given, another empty (empty is unset)',
      { RS_RESOURCE_GROUP: '', RS_STORAGE_ACCOUNT: 'tfstate123' },
      [
        { variable: 'RS_RESOURCE_GROUP', value: '(unset)', message: TOGETHER('RS_STORAGE_ACCOUNT') },
        { variable: 'RS_CONTAINER_NAME', value: '(unset)', message: TOGETHER('RS_STORAGE_ACCOUNT') },
      ],
    ],
    [
      'two given',
      { RS_RESOURCE_GROUP: 'rg-tfstate', RS_STORAGE_ACCOUNT: 'tfstate123' },
      [{ variable: 'RS_CONTAINER_NAME', value: '(unset)', message: TOGETHER('RS_RESOURCE_GROUP, RS_STORAGE_ACCOUNT') }],
    ],
    [
      'the container alone given',
      { RS_CONTAINER_NAME: 'tfstate' },
      [
        { variable: 'RS_RESOURCE_GROUP', value: '(unset)', message: TOGETHER('RS_CONTAINER_NAME') },
        { variable: 'RS_STORAGE_ACCOUNT', value: '(unset)', message: TOGETHER('RS_CONTAINER_NAME') },
      ],
    ],
  ])('fails when only some RS_ variables are set: %s, naming each missing one', (_, env, expected) => {
    expect(problems(env)).toEqual(expected);
  });

  test.each([
    ['RS_RESOURCE_GROUP', 'rg.', GROUP],
    ['RS_RESOURCE_GROUP', 'my rg', GROUP],
    ['RS_RESOURCE_GROUP', 'x'.repeat(91), GROUP],
    ['RS_STORAGE_ACCOUNT', 'ab', ACCOUNT],
    ['RS_STORAGE_ACCOUNT', 'abcdefghijklmnopqrstuvwxy', ACCOUNT],
    ['RS_STORAGE_ACCOUNT', 'tfstate-1', ACCOUNT],
    ['RS_STORAGE_ACCOUNT', 'ABC_def', ACCOUNT],
    ['RS_STORAGE_ACCOUNT', 'ABCdef-', ACCOUNT],
    ['RS_STORAGE_ACCOUNT', 'TfState1', `${ACCOUNT}; did you mean "tfstate1"?`],
    ['RS_CONTAINER_NAME', 'ab', CONTAINER],
    ['RS_CONTAINER_NAME', 'abc-', CONTAINER],
    ['RS_CONTAINER_NAME', '-abc', CONTAINER],
    ['RS_CONTAINER_NAME', 'ab--c', CONTAINER],
    ['RS_CONTAINER_NAME', 'abcd--e', CONTAINER],
    ['RS_CONTAINER_NAME', 'a'.repeat(64), CONTAINER],
    ['RS_CONTAINER_NAME', 'Ab--c', CONTAINER],
    ['RS_CONTAINER_NAME', 'TfState', `${CONTAINER}; did you mean "tfstate"?`],
  ])('fails when %s=%s, with the naming rule', (variable, value, message) => {
    expect(problems({ ...VALID, [variable]: value })).toEqual([{ variable, value, message }]);
  });

  test.each([
    ['RS_RESOURCE_GROUP', 'resourceGroupName', 'x'.repeat(90)],
    ['RS_RESOURCE_GROUP', 'resourceGroupName', 'rg_(state).1'],
    ['RS_STORAGE_ACCOUNT', 'storageAccountName', 'abc'],
    ['RS_STORAGE_ACCOUNT', 'storageAccountName', 'a'.repeat(24)],
    ['RS_CONTAINER_NAME', 'containerName', 'a-b'],
    ['RS_CONTAINER_NAME', 'containerName', 'a'.repeat(63)],
  ])('accepts %s at the edge of the naming rule, as %s', (variable, field, value) => {
    expect(loadConfig({ ...VALID, [variable]: value }).remoteState).toEqual({
      resourceGroupName: 'rg-tfstate',
      storageAccountName: 'tfstate123',
      containerName: 'tfstate',
      [field]: value,
    });
  });
});
