/** closest: blanks around the value, and the edge of how far a candidate may be. */
import { closest } from '../../config/suggest';

describe('closest', () => {
  test('ignores blanks around the value', () => {
    expect(closest('   mars   ', ['mars', 'venus'])).toEqual(['mars']);
    expect(closest('\twesteurop\n', ['westeurope', 'northeurope'])).toEqual(['westeurope']);
  });

  test.each([
    // tolerance is a third of the length, at least 2
    ['abcdef', ['abcdxy'], ['abcdxy']],
    ['abcdef', ['abcxyz'], []],
    ['abcdefghi', ['abcdefxyz'], ['abcdefxyz']],
    ['abcdefghi', ['abcdewxyz'], []],
  ])('offers a candidate exactly at the tolerance, not one edit further: %s among %j', (value, candidates, expected) => {
    expect(closest(value, candidates)).toEqual(expected);
  });

  test('keeps the candidates order among the nearest', () => {
    expect(closest('ab', ['zb', 'ay', 'ax', 'xb'])).toEqual(['zb', 'ay', 'ax']);
  });
});
