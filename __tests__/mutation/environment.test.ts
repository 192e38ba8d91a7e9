/**
 * The mutation run's test environment (`environment.js`): once a test fails for a mutant, the
 * rest of that mutant's tests are skipped; nothing is skipped outside a mutant's run. In the dry
 * run, a mutant that ran only while a file was set up counts as covered by that file's tests.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const StrykerRunEnvironment = require('./environment') as { prototype: object };

interface CircusEvent {
  name: string;
  test?: { mode?: string };
}
const environment = Object.create(StrykerRunEnvironment.prototype) as {
  handleTestEvent(event: CircusEvent, state: unknown): Promise<void>;
};
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

describe("the dry run: a mutant that ran in a file's set-up is covered by that file's tests", () => {
  interface Coverage {
    static: Record<string, number>;
    perTest: Record<string, Record<string, number>>;
  }
  interface Block {
    name: string;
    parent?: Block;
  }
  type FileEnvironment = {
    global: Record<string, unknown>;
    _globalProxy: { clear(): void };
    setup(): Promise<void>;
    teardown(): Promise<void>;
    handleTestEvent(event: { name: string; test?: { name: string; parent: Block } }, state: unknown): Promise<void>;
  };
  const coverage: Coverage = { static: {}, perTest: {} };

  /** Loads one test file: its set-up hits `setUp` (static), then each test runs and covers its own mutants. */
  async function file(describeName: string, setUp: string[], tests: Record<string, string[]>) {
    const env = Object.create(StrykerRunEnvironment.prototype) as FileEnvironment;
    env.global = { __stryker__: { mutantCoverage: coverage } };
    env._globalProxy = { clear: () => undefined }; // what Node's environment clears on teardown
    await env.setup();
    for (const mutant of setUp) coverage.static[mutant] = (coverage.static[mutant] ?? 0) + 1;
    const root: Block = { name: 'ROOT_DESCRIBE_BLOCK' };
    const block: Block = { name: describeName, parent: root };
    for (const [name, covers] of Object.entries(tests)) {
      const id = `${describeName} ${name}`;
      for (const mutant of covers) (coverage.perTest[id] ??= {})[mutant] = (coverage.perTest[id]?.[mutant] ?? 0) + 1;
      await env.handleTestEvent({ name: 'test_done', test: { name, parent: block } }, {});
    }
    await env.teardown();
  }

  test('each test of the file counts it, on top of what it covered itself', async () => {
    coverage.static['m1'] = 5; // hit by an earlier file: only what this file adds counts
    await file('stacks', ['m1', 'm2', 'm3'], { 'has a role': ['m3', 'm3'], 'has a lock': [] });
    expect(coverage.perTest['stacks has a role']).toEqual({ m1: 1, m2: 1, m3: 2 });
    expect(coverage.perTest['stacks has a lock']).toEqual({ m1: 1, m2: 1, m3: 1 });
  });

  test("a later file's tests count it too, and the earlier file's keep it", async () => {
    await file('config', ['m2'], { 'reads the size': ['m2'], 'reads the model': [] });
    expect(coverage.perTest['config reads the size']).toEqual({ m2: 1 });
    expect(coverage.perTest['config reads the model']).toEqual({ m2: 1 });
    expect(coverage.perTest['stacks has a lock']).toEqual({ m1: 1, m2: 1, m3: 1 });
  });

  test('a file none of whose tests ran attributes nothing: the mutant stays static', async () => {
    await file('snapshots only', ['m4'], {});
    expect(Object.values(coverage.perTest).some((c) => 'm4' in c)).toBe(false);
  });

  test("in a mutant's run nothing is attributed", async () => {
    process.env[MUTANT] = '9';
    await file('mutant run', ['m5'], { runs: [] });
    expect(Object.values(coverage.perTest).some((c) => 'm5' in c)).toBe(false);
  });

  test("a test's id is Stryker's: its describe blocks' names and its own", async () => {
    const env = Object.create(StrykerRunEnvironment.prototype) as FileEnvironment;
    env.global = { __stryker__: { mutantCoverage: coverage } };
    env._globalProxy = { clear: () => undefined }; // what Node's environment clears on teardown
    await env.setup();
    coverage.static['m6'] = 1;
    const root: Block = { name: 'ROOT_DESCRIBE_BLOCK' };
    const test = { name: 'has a role', parent: { name: 'default', parent: { name: 'stacks', parent: root } } };
    await env.handleTestEvent({ name: 'test_done', test }, {});
    await env.teardown();
    expect(coverage.perTest['stacks default has a role']).toEqual({ m6: 1 });
  });
});
