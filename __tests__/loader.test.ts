import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOADER = join(__dirname, '..', 'register-ts.cjs');

let project: string;
let temp: string;

/** The cache entries, by name, with their modification times (the folder is in the run's temp folder). */
function entries(): Map<string, number> {
  const folder = readdirSync(temp).find((d) => d.startsWith('kaito-aks-ts-'));
  if (folder === undefined) return new Map();
  return new Map(readdirSync(join(temp, folder)).map((name) => [name, statSync(join(temp, folder, name)).mtimeMs]));
}

/** Runs `code` with the loader, in the project, with its own temp folder; returns stdout. */
function run(code: string): string {
  const result = spawnSync(process.execPath, ['--require', LOADER, '-e', code], {
    cwd: project,
    env: { PATH: process.env.PATH ?? '', TMPDIR: temp },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.trim();
}

const PRINT = "console.log(require('./answer.ts').answer(), require('pkg'))";

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'kaito-aks-loader-'));
  temp = mkdtempSync(join(tmpdir(), 'kaito-aks-loader-tmp-'));
  mkdirSync(join(project, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(project, 'node_modules', 'pkg', 'index.js'), "module.exports = 'pkg-a';\n");
  writeFileSync(join(project, 'answer.ts'), 'export const answer = (): number => 41;\n');
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

describe('register-ts.cjs', () => {
  test('GIVEN a first run WHEN run again THEN every entry is reused, none is written', () => {
    expect(run(PRINT)).toBe('41 pkg-a');
    const first = entries();
    // one transpiled file for answer.ts; code for answer.ts, pkg and esbuild (loaded to transpile)
    expect([...first.keys()].filter((n) => n.endsWith('.js'))).toHaveLength(1);
    expect([...first.keys()].filter((n) => n.endsWith('.v8'))).toHaveLength(3);
    expect(run(PRINT)).toBe('41 pkg-a');
    expect(entries()).toEqual(first);
  });

  test('GIVEN an edit that keeps the size WHEN run again THEN the new code runs, in the same entries', () => {
    run(PRINT);
    const names = [...entries().keys()].sort();
    writeFileSync(join(project, 'node_modules', 'pkg', 'index.js'), "module.exports = 'pkg-b';\n");
    writeFileSync(join(project, 'answer.ts'), 'export const answer = (): number => 42;\n');
    expect(run(PRINT)).toBe('42 pkg-b');
    expect([...entries().keys()].sort()).toEqual(names);
  });

  test('GIVEN a cache folder others can write to WHEN run THEN the loader neither reads nor writes it', () => {
    // another user could have made the folder first and planted entries: they would run as code
    const folder = join(temp, `kaito-aks-ts-${process.getuid?.() ?? 'user'}`);
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    expect(run(PRINT)).toBe('41 pkg-a');
    expect(readdirSync(folder)).toEqual([]);
  });

  test('GIVEN a module that uses import() WHEN loaded THEN Node loads it, uncached and without warnings', () => {
    mkdirSync(join(project, 'node_modules', 'dyn'));
    writeFileSync(join(project, 'node_modules', 'dyn', 'index.js'), "module.exports = () => import('node:os');\n");
    const code = "require('dyn')().then((os) => console.log(typeof os.cpus))";
    expect(run(code)).toBe('function');
    expect(run(code)).toBe('function');
    expect([...entries().keys()].filter((n) => n.endsWith('.v8'))).toHaveLength(0);
  });
});
