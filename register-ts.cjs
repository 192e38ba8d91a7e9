'use strict';
/**
 * Loads our TypeScript for `npm run synth` and cdktf.json's app, without type-checking
 * (`node --require ./register-ts.cjs main.ts`). Unlike tsx it transpiles only .ts files, so the
 * JavaScript under node_modules loads untouched, and it leaves Node's source maps off: cdktf
 * captures a stack trace for every token, and with source maps on Node maps each frame. esbuild
 * output is cached by content hash in the temp folder, so an unchanged file costs one read.
 * Stack traces point at the transpiled code; set NODE_OPTIONS=--enable-source-maps to map them.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ESBUILD_VERSION = require('esbuild/package.json').version;
const TSCONFIG = readFileSync(join(__dirname, 'tsconfig.json'), 'utf8');
const CACHE_DIR = join(tmpdir(), `kaito-aks-ts-${process.getuid ? process.getuid() : 'user'}`);

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(`${ESBUILD_VERSION}\0${TSCONFIG}\0${filename}\0${source}`).digest('hex');
  const cached = join(CACHE_DIR, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    code = require('esbuild').transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      tsconfigRaw: TSCONFIG,
    }).code;
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  }
  module._compile(code, filename);
};
