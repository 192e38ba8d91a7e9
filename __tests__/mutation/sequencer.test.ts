/**
 * The mutation run's test sequencer (`sequencer.js`): a mutant's run loads only the files holding
 * a test Stryker asked for, and never drops one that holds such a test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MutationSequencer = require('./sequencer') as {
  new (options: { globalConfig: { testNamePattern?: string } }): { sort(tests: TestFile[]): TestFile[] };
  TEST_NAMES_FILE: string;
};

interface TestFile {
  path: string;
  duration?: number;
  context: { config: { rootDir: string; cache: boolean }; hasteFS: { getSize(path: string): number } };
}

function project(names?: readonly (readonly [string, string])[]): { files: (...relative: string[]) => TestFile[] } {
  const rootDir = mkdtempSync(join(tmpdir(), 'kaito-sequencer-'));
  if (names) writeFileSync(join(rootDir, MutationSequencer.TEST_NAMES_FILE), names.map((n) => `${JSON.stringify(n)}\n`).join(''));
  const context = { config: { rootDir, cache: false }, hasteFS: { getSize: () => 0 } };
  return { files: (...relative) => relative.map((file) => ({ path: join(rootDir, file), context })) };
}

const sorted = (pattern: string | undefined, tests: TestFile[]) =>
  new MutationSequencer({ globalConfig: { testNamePattern: pattern } }).sort(tests).map((t) => t.path.split('/').pop());

const NAMES = [
  ['config loads the defaults', '__tests__/a.test.ts'],
  ['config refuses eastus3', '__tests__/a.test.ts'],
  ['summary names the model', '__tests__/b.test.ts'],
  ['stacks (x) has a role', '__tests__/c.test.ts'],
] as const;

test("keeps exactly the files holding a test of Stryker's pattern (jest's regex, any case)", () => {
  const { files } = project(NAMES);
  expect(sorted('(config refuses eastus3)', files('__tests__/a.test.ts', '__tests__/b.test.ts', '__tests__/c.test.ts'))).toEqual([
    'a.test.ts',
  ]);
  expect(
    sorted(
      '(SUMMARY names the model)|(stacks \\(x\\) has a role)',
      files('__tests__/a.test.ts', '__tests__/b.test.ts', '__tests__/c.test.ts'),
    ).sort(),
  ).toEqual(['b.test.ts', 'c.test.ts']);
});

test('drops nothing without a pattern (a static mutant runs every related test) or without the record of names', () => {
  expect(sorted(undefined, project(NAMES).files('__tests__/a.test.ts', '__tests__/b.test.ts'))).toHaveLength(2);
  expect(sorted('(config refuses eastus3)', project().files('__tests__/a.test.ts', '__tests__/b.test.ts'))).toHaveLength(2);
});

test('runs the files that failed last time first, then the quickest, so that a failure ends the run soonest', () => {
  const tests = project(NAMES).files('__tests__/a.test.ts', '__tests__/b.test.ts', '__tests__/c.test.ts');
  const sequencer = new MutationSequencer({ globalConfig: { testNamePattern: 'config|summary|stacks' } }) as unknown as {
    sort(tests: TestFile[]): TestFile[];
    time(test: TestFile): number | undefined;
    hasFailed(test: TestFile): boolean;
  };
  // jest's timing cache: a 900 ms, b 10 ms, c 300 ms; c failed in the last run
  const ms: Record<string, number> = { 'a.test.ts': 900, 'b.test.ts': 10, 'c.test.ts': 300 };
  const base = (t: TestFile) => t.path.split('/').pop() ?? '';
  sequencer.time = (t) => ms[base(t)];
  sequencer.hasFailed = (t) => base(t) === 'c.test.ts';
  expect(sequencer.sort(tests).map(base)).toEqual(['c.test.ts', 'b.test.ts', 'a.test.ts']);
});
