/**
 * Every test runs on a fixed date, the day the dated data was last judged (2026-12-07), so that no
 * test changes its verdict when a support window or a retirement date passes in real time. Only
 * `Date` is faked; it starts at that day's noon (UTC) and advances with the real clock, so elapsed
 * times still measure. Tests of a dated rule pass their own day to the function they check.
 */
export const TEST_TODAY = new Date('2026-12-07T12:00:00Z');

jest.useFakeTimers({
  now: TEST_TODAY,
  advanceTimers: true,
  doNotFake: [
    'hrtime',
    'nextTick',
    'performance',
    'queueMicrotask',
    'requestAnimationFrame',
    'cancelAnimationFrame',
    'requestIdleCallback',
    'cancelIdleCallback',
    'setImmediate',
    'clearImmediate',
    'setInterval',
    'clearInterval',
    'setTimeout',
    'clearTimeout',
  ],
});
