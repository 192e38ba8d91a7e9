/**
 * The fixed clock of `__tests__/clock.ts`, for a child process the tests start (`node --require
 * __tests__/fixed-clock.cjs ...`): `Date` starts at TEST_NOW (default 2026-12-07T12:00:00Z, the
 * suite's day) and advances with the real clock. Test code only; kaito-aks itself reads no such variable.
 */
const RealDate = Date;
const offset = RealDate.parse(process.env.TEST_NOW || '2026-12-07T12:00:00Z') - RealDate.now();

class FixedDate extends RealDate {
  constructor(...args) {
    super(...(args.length > 0 ? args : [RealDate.now() + offset]));
  }

  static now() {
    return RealDate.now() + offset;
  }
}

globalThis.Date = FixedDate;
