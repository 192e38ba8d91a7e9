/**
 * Scratch copies of the project the bench runs synth in, so it never touches the repository's
 * `cdktf.out` and measures one snapshot of the code while others edit it. Each copy links the
 * repository's `node_modules`, so it resolves the very same packages.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { namespaceLookup, toRootImports } from './root-imports';

/** The template's app command: ts-node type-checks the whole program on every synth. */
export const TEMPLATE_APP = 'npx ts-node main.ts';

/** Top-level entries that are not part of the program. */
const NOT_PROGRAM = new Set(['node_modules', 'cdktf.out', 'coverage', '__tests__', 'bench']);

/** The scratch projects. */
export interface Sandboxes {
  /** Parent folder of all of them. */
  readonly root: string;
  /** Our program as it is, plus `bench/workspaces-app.ts`. */
  readonly ours: string;
  /** Our program with `bench/floor-app.ts` as `main.ts`: same package.json, cdktf.json, tsconfig.json. */
  readonly floor: string;
  /** Our program with root provider imports and the template's app command, `npx ts-node main.ts`. */
  readonly template: string;
}

/** Creates the scratch projects from the repository at `repo`. */
export function createSandboxes(repo: string): Sandboxes {
  const root = mkdtempSync(join(tmpdir(), 'kaito-aks-bench-'));
  const sandboxes = { root, ours: join(root, 'ours'), floor: join(root, 'floor'), template: join(root, 'template') };
  try {
    copyProgram(repo, sandboxes.ours);
    mkdirSync(join(sandboxes.ours, 'bench'));
    cpSync(join(repo, 'bench', 'workspaces-app.ts'), join(sandboxes.ours, 'bench', 'workspaces-app.ts'));

    copyProgram(repo, sandboxes.floor);
    cpSync(join(repo, 'bench', 'floor-app.ts'), join(sandboxes.floor, 'main.ts'));

    copyProgram(repo, sandboxes.template);
    const namespaces = namespaceLookup(repo);
    for (const file of typeScriptFiles(sandboxes.template)) {
      const source = readFileSync(file, 'utf8');
      const rewritten = toRootImports(source, relative(sandboxes.template, file), namespaces);
      if (rewritten !== source) writeFileSync(file, rewritten);
    }
    const cdktfJson = JSON.parse(readFileSync(join(repo, 'cdktf.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(sandboxes.template, 'cdktf.json'), `${JSON.stringify({ ...cdktfJson, app: TEMPLATE_APP }, null, 2)}\n`);
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return sandboxes;
}

/** Deletes the scratch projects. */
export function removeSandboxes(sandboxes: Sandboxes): void {
  rmSync(sandboxes.root, { recursive: true, force: true });
}

function copyProgram(repo: string, dest: string): void {
  cpSync(repo, dest, {
    recursive: true,
    filter: (src) => {
      if (relative(repo, src).includes('/')) return true;
      const name = basename(src);
      return src === repo || !(name.startsWith('.') || NOT_PROGRAM.has(name));
    },
  });
  linkModules(repo, dest);
}

function linkModules(repo: string, dest: string): void {
  symlinkSync(join(repo, 'node_modules'), join(dest, 'node_modules'), 'dir');
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
