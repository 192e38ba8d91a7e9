import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Runs `npm run synth`'s command in an empty folder with only `env` set beyond PATH. */
function synth(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'kaito-aks-main-'));
  // the command of `npm run synth`, with the loader's path made absolute
  const run = spawnSync(process.execPath, ['--require', join(ROOT, 'register-ts.cjs'), join(ROOT, 'main.ts')], {
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
