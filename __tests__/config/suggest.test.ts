import { askAbout, closest, didYouMean } from '../../config/suggest';

describe('closest and didYouMean (kind 5: messages a person can read)', () => {
  const regions = ['eastus', 'eastus2', 'westus', 'westus3', 'westeurope', 'northeurope'];

  test('only the nearest candidates, in their order, case-insensitively', () => {
    expect(closest('eastus3', regions)).toEqual(['eastus', 'eastus2']);
    expect(closest('westus4', regions)).toEqual(['westus', 'westus3']);
    expect(closest('WestEurop', regions)).toEqual(['westeurope']);
    expect(closest('v0.10.0', ['0.10.0', '0.12.0'])).toEqual(['0.10.0']);
  });

  test('nothing when no candidate is close, or there are none', () => {
    expect(closest('mars', regions)).toEqual([]);
    expect(closest('eastus', [])).toEqual([]);
  });

  test('at most `limit`', () => {
    expect(closest('eastus3', regions, 1)).toEqual(['eastus']);
  });

  test('reads as a question with one, two or three names', () => {
    expect(didYouMean('westeurop', regions)).toBe('did you mean "westeurope"?');
    expect(didYouMean('eastus3', regions)).toBe('did you mean "eastus" or "eastus2"?');
    expect(askAbout(['a', 'b', 'c'])).toBe('did you mean "a", "b" or "c"?');
    expect(askAbout([])).toBeUndefined();
    expect(didYouMean('mars', regions)).toBeUndefined();
  });
});
