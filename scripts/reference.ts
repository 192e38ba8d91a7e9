/**
 * The upstream reference data (`../shared/reference/`, read-only): Kaito's CRDs, chart values, model
 * catalogs and what Kaito's own code printed (`kaito/kaito-oracle/`), the published chart packages
 * (`charts/*.tgz`), azd's schemas, the AKS Store Demo values. The project never copies these files
 * (`__tests__/no-upstream-copies.test.ts` fails on a copy); tests, `npm run verify` and
 * `npm run refresh:catalog` read them here at run time. Synth never does: main.ts, config/, catalog/
 * and constructs/ load only the facts derived from them (`catalog/data/presets.json` and the like).
 *
 * The folder is `<repo>/../shared/reference`, or `$KAITO_AKS_REFERENCE_DIR` (for tests and tools only).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The variable that points tests and tools at another copy of the reference data. */
export const REFERENCE_DIR_VARIABLE = 'KAITO_AKS_REFERENCE_DIR';

/** The default folder: `shared/reference` beside the repository. */
export const DEFAULT_REFERENCE_DIR = join(__dirname, '..', '..', 'shared', 'reference');

/** The reference folder; throws, naming the folder and the variable, when it is not there. */
export function referenceDir(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[REFERENCE_DIR_VARIABLE];
  const dir = given === undefined || given === '' ? DEFAULT_REFERENCE_DIR : resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    const source = given ? `${REFERENCE_DIR_VARIABLE}=${given}` : `the default (no ${REFERENCE_DIR_VARIABLE} set)`;
    throw new Error(
      `the upstream reference data folder ${dir} (${source}) is not there: tests, npm run verify and npm run refresh:catalog ` +
        `read Kaito's CRDs, chart values and kaito-oracle output from it. Put the shared reference data at ${DEFAULT_REFERENCE_DIR}, ` +
        `or set ${REFERENCE_DIR_VARIABLE} to a folder that holds it (kaito/, charts/, azd/, aks-store-demo/).`,
    );
  }
  return dir;
}

/** The path of a file under the reference folder; throws, naming the folder, when the file is not there. */
export function referencePath(...parts: string[]): string {
  const dir = referenceDir();
  const file = join(dir, ...parts);
  if (!existsSync(file)) {
    throw new Error(`${join(...parts)} is not in the upstream reference data folder ${dir}; is that folder complete and current?`);
  }
  return file;
}

/** The text of a file under the reference folder. */
export function readReference(...parts: string[]): string {
  return readFileSync(referencePath(...parts), 'utf8');
}

/** Every regular file of a `.tgz` (a Helm chart package): path -> contents. */
export function tgzFiles(file: string): Map<string, Buffer> {
  const tar = gunzipSync(readFileSync(file));
  const files = new Map<string, Buffer>();
  const text = (at: number, length: number) =>
    tar
      .subarray(at, at + length)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break; // end of archive
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const body = tar.subarray(at + 512, at + 512 + size);
    const prefix = text(at + 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(at, 100)}` : text(at, 100));
    longName = undefined;
    if (type === 'x') {
      // a PAX header: its `path` record names the next entry
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    } else if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
    } else if (type === '0' || type === '7') {
      files.set(name, Buffer.from(body));
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The text of one file inside a chart package of `charts/`, e.g. `('gpu-provisioner-0.4.3.tgz', 'gpu-provisioner/crds/...')`. */
export function readChartFile(chartPackage: string, member: string): string {
  const file = referencePath('charts', chartPackage);
  const found = tgzFiles(file).get(member);
  if (!found) throw new Error(`${member} is not in the chart package ${file}`);
  return found.toString('utf8');
}
