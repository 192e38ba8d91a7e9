import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Runs `npm run synth`'s command in an empty folder with only `env` set beyond PATH. */
function synth(env: Record<string, string>, prepare: (cwd: string) => void = () => undefined) {
  const cwd = mkdtempSync(join(tmpdir(), 'kaito-aks-main-'));
  prepare(cwd);
  // the command of `npm run synth`, with the loader's path made absolute
  // on the suite's fixed day (TEST_NOW in env moves it), so no verdict changes with the real date
  const clock = ['--require', join(__dirname, 'fixed-clock.cjs')];
  const run = spawnSync(process.execPath, [...clock, '--require', join(ROOT, 'register-ts.cjs'), join(ROOT, 'main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    encoding: 'utf8',
  });
  return { ...run, cwd, files: readdirSync(cwd) };
}

test('GIVEN bad config WHEN synthesizing THEN exit 1, every problem named, nothing written', () => {
  const run = synth({ KAITO_VERSION: '0.12.0', KAITO_NODE_COUNT: '0' });
  try {
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('KAITO_MODEL=falcon-7b-instruct (default): not served by Kaito 0.12.0');
    expect(run.stderr).toContain('KAITO_NODE_COUNT=0: must be 1 or more');
    expect(run.stderr).toContain('Nothing was synthesized');
    expect(run.files).toEqual([]);
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});

test('GIVEN the default Kubernetes version 45 days before AKS ends it WHEN synthesizing THEN a warning on stderr, and the stacks are written', () => {
  const run = synth({ TEST_NOW: '2027-05-16T09:00:00Z' });
  try {
    expect(run.stderr).toBe(
      'Warning: AKS_KUBERNETES_VERSION=1.36 (default): AKS ends community support for Kubernetes 1.36 on 2027-06-30, in 45 days: from then on it creates no new cluster on it and an existing one must be upgraded; choose a later version: 1.37 (until 2027-10-31)\n',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Kubernetes    1.36 (AKS community support until 2027-06-30');
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});

test('GIVEN the default Kubernetes version past its end WHEN synthesizing THEN exit 1 with the fix, nothing written', () => {
  const run = synth({ TEST_NOW: '2027-07-01T09:00:00Z' });
  try {
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('AKS_KUBERNETES_VERSION=1.36 (default): AKS ended community support for Kubernetes 1.36 on 2027-06-30');
    expect(run.files).toEqual([]);
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});

test('GIVEN the defaults WHEN synthesizing THEN both stacks are written and the summary printed', () => {
  const run = synth({});
  try {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.files).toEqual(['cdktf.out']);
    expect(existsSync(join(run.cwd, 'cdktf.out', 'stacks', 'infra', 'cdk.tf.json'))).toBe(true);
    expect(existsSync(join(run.cwd, 'cdktf.out', 'stacks', 'kaito-stack', 'cdk.tf.json'))).toBe(true);
    // what azd reads next to the infra stack
    expect(existsSync(join(run.cwd, 'cdktf.out', 'stacks', 'infra', 'main.tfvars.json'))).toBe(true);
    expect(run.stdout).toContain('synthesized 2 stacks into cdktf.out');
    expect(run.stdout).toContain('GPU size      Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), cheapest size that fits');
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});

test.each([
  ['a folder of other files', (dir: string) => (mkdirSync(dir), writeFileSync(join(dir, 'keep.txt'), 'important'))],
  ['a file', (dir: string) => writeFileSync(dir, 'important')],
])('GIVEN an output path that is %s WHEN synthesizing THEN exit 1 and it is left as it was', (_kind, make) => {
  const run = synth({ CDKTF_OUTDIR: 'out' }, (cwd) => make(join(cwd, 'out')));
  try {
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Synthesis refused, nothing was written');
    expect(run.stderr).toContain('CDKTF_OUTDIR');
    const out = join(run.cwd, 'out');
    const kept = statSync(out).isDirectory() ? readFileSync(join(out, 'keep.txt'), 'utf8') : readFileSync(out, 'utf8');
    expect(kept).toBe('important');
    expect(run.files).toEqual(['out']);
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});

test.each([
  ['with its manifest', (out: string) => (mkdirSync(out), writeFileSync(join(out, 'manifest.json'), '{}'))],
  ['of only the stacks folder a cdktf App makes first', (out: string) => mkdirSync(join(out, 'stacks'), { recursive: true })],
])('GIVEN an earlier output %s WHEN synthesizing again THEN it is replaced, readable by others like any folder', (_kind, make) => {
  const run = synth({}, (cwd) => make(join(cwd, 'cdktf.out')));
  try {
    expect(run.status).toBe(0);
    expect(existsSync(join(run.cwd, 'cdktf.out', 'stacks', 'infra', 'cdk.tf.json'))).toBe(true);
    expect(statSync(join(run.cwd, 'cdktf.out')).mode & 0o777).toBe(0o755);
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});

test('GIVEN an output path whose parent is missing WHEN synthesizing THEN exit 1 with the reason, no stack trace', () => {
  const run = synth({ CDKTF_OUTDIR: 'no/such/parent/out' });
  try {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Synthesis failed, nothing was written: cannot create a folder beside .*no\/such\/parent\/out: ENOENT/);
    expect(run.stderr).not.toContain('    at ');
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});
