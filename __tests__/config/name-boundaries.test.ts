/** Names cut to a length limit and Workspace names made from preset names: the hyphens at their ends. */
import { boundedName, workspaceName } from '../../config/names';

describe('boundedName at the cut', () => {
  test('drops the whole run of hyphens the cut ends in before adding the hash', () => {
    // the first 54 characters end in four hyphens; sha256 of the whole name starts with acb20b8a
    expect(boundedName(`${'a'.repeat(50)}-----${'b'.repeat(20)}`, 63)).toBe(`${'a'.repeat(50)}-acb20b8a`);
  });
});

describe('workspaceName at its ends', () => {
  test.each([
    ['--Phi-4--', 'workspace-phi-4'],
    ['-/-phi-4-/-', 'workspace-phi-4'],
    ['__falcon-7b__', 'workspace-falcon-7b'],
    ['-phi-', 'workspace-phi'],
  ])('%s -> %s: no hyphen run left at either end of the model part', (preset, expected) => {
    expect(workspaceName(preset)).toBe(expected);
  });
});
