import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

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

/** Every file under `dir` (links and folders too), with its bytes: compare before and after. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) ((out[`${relative(dir, path)}/`] = ''), walk(path));
      else out[relative(dir, path)] = stat.isSymbolicLink() ? `-> ${readlinkSync(path)}` : readFileSync(path, 'base64');
    }
  };
  walk(dir);
  return out;
}

const LEGACY_MANIFEST = JSON.stringify({ version: '0.21.0', stacks: { infra: {}, 'kaito-stack': {} } });

describe('synth writes only a folder it can prove it wrote, and keeps Terraform state', () => {
  const STATE = '{"version":4,"serial":7,"resources":["the only record of what azd created"]}';
  test.each([
    ['CDKTF_OUTDIR', (out: string): Record<string, string> => ({ CDKTF_OUTDIR: out })],
    ['the default cdktf.out', (): Record<string, string> => ({})],
  ])(
    'GIVEN azd state in the output folder (%s) WHEN synthesizing THEN every state file and Terraform working file is kept byte for byte',
    (_how, env) => {
      const out = '.azure/kaito/cdktf.out';
      const files: Record<string, string> = {
        'stacks/infra/terraform.tfstate': STATE,
        'stacks/infra/terraform.tfstate.backup': STATE,
        'stacks/kaito-stack/terraform.tfstate': STATE,
        'stacks/kaito-stack/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/helm" {}',
        'stacks/kaito-stack/.terraform/providers/registry.terraform.io/hashicorp/helm/3.1.1/linux_amd64/terraform-provider-helm': 'binary',
      };
      const chosen = env(out);
      const dir = chosen.CDKTF_OUTDIR ?? 'cdktf.out';
      const run = synth(chosen, (cwd) => {
        for (const [file, text] of Object.entries(files)) {
          mkdirSync(dirname(join(cwd, dir, file)), { recursive: true });
          writeFileSync(join(cwd, dir, file), text);
        }
      });
      try {
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        for (const [file, text] of Object.entries(files)) expect(readFileSync(join(run.cwd, dir, file), 'utf8')).toBe(text);
        expect(existsSync(join(run.cwd, dir, 'stacks', 'infra', 'cdk.tf.json'))).toBe(true);
        // and again, over its own output: still kept, still exit 0
        const again = spawnSync(process.execPath, ['--require', join(ROOT, 'register-ts.cjs'), join(ROOT, 'main.ts')], {
          cwd: run.cwd,
          env: { PATH: process.env.PATH ?? '', HOME: run.cwd, ...chosen },
          encoding: 'utf8',
        });
        expect(again.stderr).toBe('');
        expect(again.status).toBe(0);
        for (const [file, text] of Object.entries(files)) expect(readFileSync(join(run.cwd, dir, file), 'utf8')).toBe(text);
      } finally {
        rmSync(run.cwd, { recursive: true, force: true });
      }
    },
  );

  test.each([
    [
      "a web app's public/ folder with its manifest.json",
      { 'manifest.json': '{"name":"My PWA","icons":[]}', 'index.html': '<html></html>' },
    ],
    ["a folder whose only file is a manifest.json that is not cdktf's", { 'manifest.json': '{"name":"My PWA"}' }],
    ['an empty cdktf-like manifest', { 'manifest.json': '{}' }],
    ['only a stacks/ folder, with other files in it', { 'stacks/notes.txt': 'my notes', 'stacks/infra/terraform.tfstate': STATE }],
    [
      'an earlier cdktf output with a file of mine added',
      { 'manifest.json': LEGACY_MANIFEST, 'stacks/infra/cdk.tf.json': '{}', 'stacks/infra/mine.tfvars': 'x = 1' },
    ],
    ['a kaito-aks output whose cdk.tf.json was edited by hand', 'edited'],
    ['a kaito-aks output with a file added beside its own', 'added'],
  ])(
    'GIVEN %s WHEN synthesizing into it THEN exit 1 naming the path and the way out, and the folder is byte-identical',
    (_kind, content) => {
      const run = synth({ CDKTF_OUTDIR: 'public' }, (cwd) => {
        const out = join(cwd, 'public');
        if (typeof content === 'string') {
          const first = spawnSync(process.execPath, ['--require', join(ROOT, 'register-ts.cjs'), join(ROOT, 'main.ts')], {
            cwd,
            env: { PATH: process.env.PATH ?? '', HOME: cwd, CDKTF_OUTDIR: 'public' },
          });
          expect(first.status).toBe(0);
          if (content === 'edited') writeFileSync(join(out, 'stacks', 'infra', 'cdk.tf.json'), '{"edited": true}');
          else writeFileSync(join(out, 'stacks', 'infra', 'backend.tf'), 'terraform {}');
          return;
        }
        for (const [file, text] of Object.entries(content)) {
          mkdirSync(dirname(join(out, file)), { recursive: true });
          writeFileSync(join(out, file), text);
        }
      });
      try {
        const before = tree(join(run.cwd, 'public'));
        // the run happened in synth(): compare with what the prepare step wrote by redoing nothing
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('Synthesis refused, nothing was written');
        expect(run.stderr).toContain(join(run.cwd, 'public'));
        expect(run.stderr).toMatch(/CDKTF_OUTDIR \(or cdktf synth --output\) at a new or empty folder|delete that file/);
        expect(tree(join(run.cwd, 'public'))).toEqual(before);
        expect(readdirSync(run.cwd)).toEqual(['public']);
      } finally {
        rmSync(run.cwd, { recursive: true, force: true });
      }
    },
  );
});

test.each([
  [
    'with the manifest of these two stacks (before the marker existed)',
    (out: string) => (
      mkdirSync(join(out, 'stacks', 'infra'), { recursive: true }),
      writeFileSync(join(out, 'manifest.json'), LEGACY_MANIFEST),
      writeFileSync(join(out, 'stacks', 'infra', 'cdk.tf.json'), '{}')
    ),
  ],
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

test.each(['cdktf.out', '.azure/kaito/cdktf.out'])(
  'GIVEN the output folder %s WHEN synthesizing THEN the NodeClaims gate of kaito-stack runs the real CLI from the stack folder',
  (outdir) => {
    const run = synth({ CDKTF_OUTDIR: outdir }, (cwd) => mkdirSync(join(cwd, dirname(outdir)), { recursive: true }));
    try {
      expect(run.status).toBe(0);
      const stackDir = join(run.cwd, outdir, 'stacks', 'kaito-stack');
      const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
      const [gate] = Object.values(stack.resource.terraform_data) as { provisioner: { 'local-exec': { command: string } }[] }[];
      const command = gate.provisioner[0]['local-exec'].command;
      const cli = /^node "([^"]+)" nodeclaims-gone /.exec(command)?.[1];
      expect(cli).toBeDefined();
      // Terraform runs local-exec in the stack folder: the path leads from there to this project's CLI
      expect(join(stackDir, cli as string)).toBe(join(ROOT, 'cli', 'kaito-aks.js'));
    } finally {
      rmSync(run.cwd, { recursive: true, force: true });
    }
  },
);

test('GIVEN no Terraform on PATH WHEN synthesizing THEN the stacks are written: synth needs no Terraform binary', () => {
  // only node's own folder: no terraform (cdktf's DataResource would run `terraform version` at synth)
  const run = synth({ PATH: dirname(process.execPath) });
  try {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.files).toEqual(['cdktf.out']);
  } finally {
    rmSync(run.cwd, { recursive: true, force: true });
  }
});
