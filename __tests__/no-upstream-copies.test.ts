/**
 * The repository holds no copy of an upstream file: no git-tracked file has the bytes of a file under
 * the reference data folder (`../shared/reference/`, recursively) or of a file inside one of its
 * `.tgz` packages (the published charts). Tests and tools read those files there at run time
 * (`scripts/reference.ts`); the repository commits only facts derived from them, with source and date.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { referenceDir, tgzFiles } from '../scripts/reference';

const ROOT = join(__dirname, '..');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir`, recursively, as paths relative to `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** sha256 -> the upstream file(s) with those bytes; empty files left out (an empty file is no copy). */
function upstreamHashes(): Map<string, string> {
  const dir = referenceDir();
  const hashes = new Map<string, string>();
  const add = (bytes: Buffer, name: string) => {
    if (bytes.length > 0) hashes.set(sha256(bytes), name);
  };
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(join(dir, file));
    add(bytes, file);
    if (file.endsWith('.tgz')) for (const [member, content] of tgzFiles(join(dir, file))) add(content, `${file}:${member}`);
  }
  return hashes;
}

/** The git-tracked files present in the work tree (a symlink is not a copy). */
function trackedFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (git.status !== 0) throw new Error(`git ls-files failed in ${ROOT}: ${git.stderr}`);
  return git.stdout
    .split('\0')
    .filter((f) => f !== '')
    .filter((f) => {
      try {
        return lstatSync(join(ROOT, f)).isFile();
      } catch {
        return false; // deleted in the work tree, not yet committed
      }
    });
}

describe('no upstream file is copied into the repository', () => {
  const upstream = upstreamHashes();

  test('the reference data is read, chart packages included', () => {
    expect(upstream.size).toBeGreaterThan(100);
    expect([...upstream.values()]).toContain('charts/gpu-provisioner-0.4.3.tgz:gpu-provisioner/crds/karpenter.sh_nodeclaims.yaml');
    expect([...upstream.values()]).toContain('kaito/kaito-oracle/estimate-0.12.0.jsonl');
  });

  test('no git-tracked file has the bytes of an upstream file', () => {
    const copies = trackedFiles()
      .map((f) => ({ f, upstream: upstream.get(sha256(readFileSync(join(ROOT, f)))) }))
      .filter((c) => c.upstream !== undefined)
      .map((c) => `${c.f} is ${c.upstream} of ${referenceDir()}: read it there (scripts/reference.ts), do not commit it`);
    expect(copies).toEqual([]);
  });
});
