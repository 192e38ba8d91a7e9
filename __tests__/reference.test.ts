/** scripts/reference.ts: where tests and tools find the upstream reference data, and what synth never reads. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_REFERENCE_DIR,
  readChartFile,
  readReference,
  REFERENCE_DIR_VARIABLE,
  referenceDir,
  referencePath,
  tgzFiles,
} from '../scripts/reference';

const ROOT = join(__dirname, '..');

describe('the reference data folder', () => {
  test('is ../shared/reference beside the repository by default', () => {
    expect(DEFAULT_REFERENCE_DIR).toBe(join(ROOT, '..', 'shared', 'reference'));
    expect(referenceDir({})).toBe(DEFAULT_REFERENCE_DIR);
    expect(referenceDir({ [REFERENCE_DIR_VARIABLE]: '' })).toBe(DEFAULT_REFERENCE_DIR);
  });

  test(`${REFERENCE_DIR_VARIABLE} points it elsewhere`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaito-aks-reference-'));
    try {
      expect(referenceDir({ [REFERENCE_DIR_VARIABLE]: dir })).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing folder is named, with the variable and the fix', () => {
    const missing = join(tmpdir(), 'kaito-aks-no-such-reference');
    expect(() => referenceDir({ [REFERENCE_DIR_VARIABLE]: missing })).toThrow(
      `the upstream reference data folder ${missing} (${REFERENCE_DIR_VARIABLE}=${missing}) is not there`,
    );
    expect(() => referenceDir({ [REFERENCE_DIR_VARIABLE]: missing })).toThrow(`set ${REFERENCE_DIR_VARIABLE} to a folder that holds it`);
  });

  test('a file given as the folder is refused too', () => {
    const file = join(ROOT, 'package.json');
    expect(() => referenceDir({ [REFERENCE_DIR_VARIABLE]: file })).toThrow(
      `folder ${file} (${REFERENCE_DIR_VARIABLE}=${file}) is not there`,
    );
  });

  test('a missing file is named with the folder', () => {
    expect(() => referencePath('kaito', 'no-such-file.yaml')).toThrow(
      `kaito/no-such-file.yaml is not in the upstream reference data folder ${referenceDir()}`,
    );
  });

  test('reads a file, and a file inside a chart package', () => {
    expect(readReference('kaito', 'workspace-values-0.12.0.yaml')).toContain('tag: 0.12.0');
    expect(readChartFile('workspace-0.12.0.tgz', 'workspace/values.yaml')).toBe(readReference('kaito', 'workspace-values-0.12.0.yaml'));
    expect(() => readChartFile('workspace-0.12.0.tgz', 'workspace/no-such-file.yaml')).toThrow(
      `workspace/no-such-file.yaml is not in the chart package ${join(referenceDir(), 'charts', 'workspace-0.12.0.tgz')}`,
    );
  });

  test('lists a chart package as tar does, file by file', () => {
    const file = referencePath('charts', 'gpu-provisioner-0.4.3.tgz');
    const tar = spawnSync('tar', ['-tzf', file], { encoding: 'utf8' });
    expect(tar.status).toBe(0);
    const members = tar.stdout.split('\n').filter((m) => m !== '' && !m.endsWith('/'));
    const files = tgzFiles(file);
    expect([...files.keys()].sort()).toEqual(members.sort());
    const crd = spawnSync('tar', ['-xzOf', file, 'gpu-provisioner/crds/karpenter.sh_nodeclaims.yaml']);
    expect(files.get('gpu-provisioner/crds/karpenter.sh_nodeclaims.yaml')).toEqual(crd.stdout);
  });
});

describe('synth needs nothing from the reference data', () => {
  /** Every TypeScript file synth loads from: main.ts, app.ts, summary.ts, config/, catalog/, constructs/, stacks/. */
  const synthFiles = [
    'main.ts',
    'app.ts',
    'summary.ts',
    ...['config', 'catalog', 'constructs', 'stacks'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
    ),
  ];

  test.each(synthFiles)('%s does not read scripts/reference.ts, ../shared or its variable', (file) => {
    // the code, without its comments (doc comments may name the upstream file a fact comes from)
    const text = readFileSync(join(ROOT, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    expect(text).not.toMatch(/scripts\/reference|['"]shared['"]|shared\/reference|KAITO_AKS_REFERENCE_DIR/);
  });
});
