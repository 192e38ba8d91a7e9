/**
 * The set-up steps a new user meets work as written: `npm ci` on the Node versions we name prints no
 * engine warning (every locked package accepts all of them), and the README's prerequisites table names
 * each tool the scripts call, with a version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as { subset(sub: string, dom: string): boolean; validRange(range: string): string | null };

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Every locked package whose `engines.node` refuses part of the Node range we name: what npm ci warns about (EBADENGINE). */
function refusing(ours: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, p]) => {
      const wanted = Array.isArray(p.engines) ? undefined : p.engines?.node;
      return wanted && semver.validRange(wanted) && !semver.subset(ours, wanted)
        ? [`${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${wanted}`]
        : [];
    });
}

describe('npm ci on the Node we name', () => {
  test('package.json names the Node LTS lines: 20 (from 20.17), 22 (from 22.13), and 24 and later', () => {
    expect(pkg.engines.node).toBe('^20.17.0 || ^22.13.0 || >=24.0.0');
  });

  test('no locked package refuses any of those Node versions (no EBADENGINE warning)', () => {
    expect(refusing(pkg.engines.node)).toEqual([]);
  });

  test('the check would catch the kubernetes-models 5.1.0 case: a package wanting Node 22', () => {
    expect(semver.subset(pkg.engines.node, '>=22')).toBe(false);
    // and the lowest Node 20 we name is the one the providers and jsep need
    expect(refusing('>=20.0.0 <21')).toEqual(expect.arrayContaining([expect.stringMatching(/^jsep@.* wants node >= 20\.16\.0$/)]));
  });
});

describe('the README prerequisites', () => {
  const section = readme.slice(readme.indexOf('## Prerequisites'), readme.indexOf('\n## ', readme.indexOf('## Prerequisites') + 5));
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| tool') && !l.startsWith('| ---'));
  const row = (tool: string) => rows.find((r) => r.split(' | ')[0].includes(tool));

  test.each([
    ['Node.js', /20\.17/],
    ['Terraform CLI', /1\.2/],
    ['Azure CLI', /current release/],
    ['kubelogin', /--use-azurerm-env-vars/],
    ['Azure Developer CLI', /current release/],
    ['Go', /1\.24/],
    ['Python with `venv`', /3\.9/],
    ['`../shared/reference/`', /upstream data folder/],
  ])('%s is listed with its version (or what it must support)', (tool, version) => {
    expect(row(tool)).toBeDefined();
    expect(row(tool)!.split(' | ')[1]).toMatch(version);
  });

  test('every tool verify/install-tools.sh requires is listed, and it creates a venv, so venv is named', () => {
    const script = readFileSync(join(ROOT, 'verify', 'install-tools.sh'), 'utf8');
    const needed = [...script.matchAll(/^need (\S+)/gm)].map((m) => m[1]);
    expect(needed).toEqual(['go', 'python3']);
    expect(script).toContain('python3 -m venv');
    expect(row('Go')).toBeDefined();
    expect(row('Python with `venv`')).toContain('venv');
  });

  test('the Node row agrees with package.json', () => {
    expect(row('Node.js')).toContain('20.17 or a later 20.x, 22.13 or a later 22.x, or 24 and later');
  });
});
