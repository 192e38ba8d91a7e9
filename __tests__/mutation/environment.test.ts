/**
 * The mutation run's test environment (`environment.js`): once a test fails for a mutant, the
 * rest of that mutant's tests are skipped; nothing is skipped outside a mutant's run.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BailingEnvironment = require('./environment') as { prototype: object };

interface CircusEvent {
  name: string;
  test?: { mode?: string };
}
const environment = Object.create(BailingEnvironment.prototype) as { handleTestEvent(event: CircusEvent, state: unknown): Promise<void> };
const start = async () => {
  const event = { name: 'test_start', test: {} as { mode?: string } };
  await environment.handleTestEvent(event, {});
  return event.test.mode;
};

const MUTANT = '__STRYKER_ACTIVE_MUTANT__';
// the value of the run this test is in (Stryker's own, when this file runs under Stryker)
const ours = process.env[MUTANT];
beforeEach(() => delete process.env[MUTANT]);
afterEach(() => {
  if (ours === undefined) delete process.env[MUTANT];
  else process.env[MUTANT] = ours;
});

test("a mutant's tests after its first failure are skipped, and the next mutant's run", async () => {
  process.env[MUTANT] = '41';
  expect(await start()).toBeUndefined();
  await environment.handleTestEvent({ name: 'test_fn_failure' }, {});
  expect(await start()).toBe('skip');
  expect(await start()).toBe('skip');
  process.env[MUTANT] = '42';
  expect(await start()).toBeUndefined();
  await environment.handleTestEvent({ name: 'hook_failure' }, {});
  expect(await start()).toBe('skip');
});

test('outside a mutant run (the dry run, plain jest) a failure skips nothing', async () => {
  await environment.handleTestEvent({ name: 'test_fn_failure' }, {});
  expect(await start()).toBeUndefined();
});
