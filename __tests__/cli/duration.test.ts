import { formatDuration, formatSeconds, parseDuration } from '../../cli/duration';
import { clock } from '../../cli/progress';

describe('parseDuration', () => {
  test.each([
    ['30m', 1_800_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5m', 90_000],
    [' 2m ', 120_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['30', '30x', 'm30', '', '10 m', '-5m'])('fails on "%s", naming it and the accepted form', (text) => {
    expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration; use a number and a unit, e.g. 30m, 90s, 1h30m or 500ms`);
  });

  test('fails on zero', () => {
    expect(() => parseDuration('0s')).toThrow('"0s" is not a duration longer than zero');
  });
});

describe('formatting', () => {
  test.each([
    [0, '0s'],
    [45_900, '45s'],
    [187_000, '3m07s'],
    [3_720_000, '1h02m'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('formatSeconds and clock', () => {
    expect(formatSeconds(2_914)).toBe('2.91 s');
    expect(clock(252_000)).toBe('04:12');
    expect(clock(3_723_000)).toBe('1:02:03');
  });
});
