/**
 * The output folder synth writes, and the proof that it wrote it. Synth replaces only files it can
 * prove are its own: the ones its marker (`.kaito-aks-output.json`) lists with the SHA-256 of what it
 * wrote, checked before anything is deleted. It never touches Terraform's state or working files
 * (`*.tfstate`, `*.tfstate.backup`, `.terraform/`, `.terraform.lock.hcl`, ...) anywhere in the folder,
 * and refuses a folder holding anything else, naming the path and the way out.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The marker's file name, at the top of the output folder. */
export const OUTPUT_MARKER = '.kaito-aks-output.json';

/** What the marker records. */
interface Marker {
  readonly writtenBy: 'kaito-aks synth';
  readonly stacks: readonly string[];
  /** Path (from the output folder, `/`-separated) -> SHA-256 of the bytes synth wrote there. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * True for what Terraform or azd keep in a stack's folder: state, its backups and locks, and what
 * `terraform init` left (providers, the lock file). Synth never deletes nor replaces these.
 */
export function isTerraformKept(name: string): boolean {
  return (
    name === '.terraform' ||
    name === '.terraform.lock.hcl' ||
    name === 'terraform.tfstate.d' ||
    name.endsWith('.tfstate') ||
    name.endsWith('.tfstate.backup') ||
    name.endsWith('.tfstate.lock.info') ||
    /\.tfstate\.\d+\.backup$/.test(name)
  );
}

/** The files (not Terraform's) under `dir`, `/`-separated from `dir`, or the first entry synth cannot own. */
function listFiles(dir: string, root: string, into: string[]): string | undefined {
  for (const name of readdirSync(dir).sort()) {
    if (isTerraformKept(name)) continue;
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) {
      const odd = listFiles(path, root, into);
      if (odd) return odd;
    } else if (stat.isFile()) {
      into.push(relative(root, path).split(sep).join('/'));
    } else {
      return path; // a link, socket, device: synth never writes one
    }
  }
  return undefined;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readMarker(outdir: string): Marker | undefined {
  const path = join(outdir, OUTPUT_MARKER);
  if (!existsSync(path) || !lstatSync(path).isFile()) return undefined;
  try {
    const marker = JSON.parse(readFileSync(path, 'utf8')) as Partial<Marker>;
    if (marker.writtenBy !== 'kaito-aks synth' || typeof marker.files !== 'object' || marker.files === null) return undefined;
    return marker as Marker;
  } catch {
    return undefined;
  }
}

/**
 * A folder cdktf wrote for these stacks before the marker existed: its `manifest.json` names exactly
 * `stacks`, and every other file sits in one of those stacks' folders under a name cdktf or synth
 * writes there. Returns the files it may replace, or undefined when it is not such a folder.
 */
function legacyOutputFiles(outdir: string, files: readonly string[], stacks: readonly string[]): string[] | undefined {
  if (!files.includes('manifest.json')) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, unknown> };
    const named = Object.keys(manifest.stacks ?? {}).sort();
    if (named.join(',') !== [...stacks].sort().join(',')) return undefined;
  } catch {
    return undefined;
  }
  const ours = (file: string): boolean => {
    if (file === 'manifest.json') return true;
    const [top, stack, name, ...rest] = file.split('/');
    if (top !== 'stacks' || !stacks.includes(stack)) return false;
    return rest.length === 0 ? ['cdk.tf.json', 'main.tfvars.json', 'metadata.json'].includes(name) : name === 'assets';
  };
  return files.every(ours) ? [...files] : undefined;
}

/** What may happen to an output folder: refused (why, with the way out), or the files synth may replace. */
export type OutputPlan = { readonly refusal: string } | { readonly refusal?: undefined; readonly replaceable: readonly string[] };

/**
 * Decides, before anything is written, whether synth may write `outdir` for `stacks`. Allowed: a
 * missing folder, or one whose every file (Terraform's own aside) synth can prove it wrote: listed
 * in the marker with the same SHA-256, or an earlier cdktf output of exactly these stacks.
 */
export function planOutput(outdir: string, stacks: readonly string[], variable = 'CDKTF_OUTDIR'): OutputPlan {
  const wayOut = `point ${variable} (or cdktf synth --output) at a new or empty folder, or move that away`;
  if (!existsSync(outdir) && !isBrokenLink(outdir)) return { replaceable: [] };
  if (!lstatSync(outdir).isDirectory()) {
    return { refusal: `${outdir} exists and is not a folder; synth writes a folder there, so ${wayOut}` };
  }
  const files: string[] = [];
  const odd = listFiles(outdir, outdir, files);
  if (odd) return { refusal: `${odd} is not a regular file, and synth never wrote one; synth replaces only what it wrote, so ${wayOut}` };
  const marker = readMarker(outdir);
  if (!marker) {
    const legacy = legacyOutputFiles(outdir, files, stacks);
    if (legacy) return { replaceable: legacy };
    const first = files[0];
    if (first === undefined) return { replaceable: [] }; // empty, or only Terraform's files: kept as they are
    return {
      refusal:
        `${outdir} is not a folder kaito-aks synth wrote (it has no ${OUTPUT_MARKER}, nor is it an earlier cdktf output of the stacks ` +
        `${stacks.join(', ')}) and holds ${join(outdir, first)}; synth replaces only what it wrote, so ${wayOut}`,
    };
  }
  for (const file of files) {
    if (file === OUTPUT_MARKER) continue;
    const recorded = marker.files[file];
    if (recorded === undefined) {
      return {
        refusal: `${join(outdir, file)} was not written by kaito-aks synth (not listed in ${OUTPUT_MARKER}); synth replaces only what it wrote, so ${wayOut}`,
      };
    }
    if (sha256(join(outdir, file)) !== recorded) {
      return {
        refusal: `${join(outdir, file)} changed since synth wrote it; synth will not overwrite an edit, so copy your change elsewhere and delete that file, or ${wayOut}`,
      };
    }
  }
  return { replaceable: files };
}

function isBrokenLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Moves the complete synthesis in `scratch` into `outdir`, which `planOutput` allowed: writes every
 * new file, deletes only the `replaceable` files the new output no longer has (and then-empty
 * folders), and records the marker last. Terraform's files in `outdir` stay where they are.
 */
export function commitOutput(
  scratch: string,
  outdir: string,
  stacks: readonly string[],
  plan: { readonly replaceable: readonly string[] },
): void {
  const written: string[] = [];
  listFiles(scratch, scratch, written);
  const marker: Marker = {
    writtenBy: 'kaito-aks synth',
    stacks: [...stacks],
    files: Object.fromEntries(written.map((file) => [file, sha256(join(scratch, file))])),
  };
  writeFileSync(join(scratch, OUTPUT_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  if (!existsSync(outdir)) {
    renameSync(scratch, outdir);
    return;
  }
  for (const file of written) {
    const target = join(outdir, ...file.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(scratch, ...file.split('/')), target);
  }
  const kept = new Set(written);
  for (const file of plan.replaceable) {
    if (kept.has(file) || file === OUTPUT_MARKER) continue;
    unlinkSync(join(outdir, ...file.split('/')));
    removeEmptyParents(outdir, dirname(join(outdir, ...file.split('/'))));
  }
  renameSync(join(scratch, OUTPUT_MARKER), join(outdir, OUTPUT_MARKER));
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
function removeEmptyParents(root: string, dir: string): void {
  for (let d = dir; d !== root && d.startsWith(root + sep); d = dirname(d)) {
    if (readdirSync(d).length > 0) return;
    rmdirSync(d);
  }
}
