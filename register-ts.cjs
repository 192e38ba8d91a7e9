'use strict';
/**
 * The loader of `npm run synth` and cdktf.json's app (`node --require ./register-ts.cjs main.ts`).
 * It does two things, both cached under the system temp folder (`kaito-aks-ts-<uid>`, safe to
 * delete, used only while no one else can write to it), one entry per file, each entry
 * overwritten when its file changes:
 *
 * 1. Loads our TypeScript without type-checking. Unlike tsx it transpiles only .ts files, so the
 *    JavaScript under node_modules loads untouched, and it leaves Node's source maps off: cdktf
 *    captures a stack trace for every token, and with source maps on Node maps each frame. esbuild
 *    output is reused while the source, esbuild and tsconfig.json stay the same. Stack traces point
 *    at the transpiled code; set NODE_OPTIONS=--enable-source-maps to map them.
 *
 * 2. Keeps V8's compiled code of every CommonJS module between runs (a code cache), written after
 *    the run so that it holds the functions the run compiled, not only the top level. A synth
 *    compiles about 7.6 MB of JavaScript (cdktf, the provider bindings, valibot, ours); with the cache
 *    it finishes about 50 ms sooner (bench/README numbers). Node 22's `module.enableCompileCache()`
 *    does the same, but Node 20 has none, and `v8-compile-cache` writes its cache before the code
 *    runs, which here saves nothing. An entry is used only for the same module text (see
 *    `fingerprint`), so an edit or an `npm ci` never runs stale code; V8 itself rejects an entry
 *    another V8 version or other V8 flags wrote. A module that is not CommonJS goes to Node's own
 *    loader untouched.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, isAbsolute, join, sep } = require('node:path');
const vm = require('node:vm');

const CACHE_DIR = join(tmpdir(), `kaito-aks-ts-${process.getuid ? process.getuid() : 'user'}`);
/** A hash of this file: a loader that works differently must not take its predecessor's entries. */
const LOADER = sha256(readFileSync(__filename, 'utf8'));
const NODE_RUN = `${process.version} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;

function sha256(...parts) {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/**
 * The cache file of `filename` with extension `ext`, one per file whatever the file's version.
 * Code cache entries (`v8`) are also one per way of running Node: V8 rejects code cached under
 * other flags, and `cdktf synth` runs the app with NODE_OPTIONS=--max-old-space-size=4096 while
 * `npm run synth` does not, so with one entry for both each would spoil the other's.
 */
function entryFile(filename, ext) {
  return join(CACHE_DIR, `${ext === 'v8' ? sha256(NODE_RUN, filename) : sha256(filename)}.${ext}`);
}

/**
 * Whether the cache folder can be trusted: it runs as code, and the temp folder is shared, so
 * another user could create the folder first and plant entries. It must be ours and writable by
 * no one else; otherwise the loader works without a cache (slower, never wrong). Windows gives
 * each user a temp folder of their own.
 */
function cacheIsPrivate() {
  if (!process.getuid) return true;
  try {
    mkdirSync(CACHE_DIR, { recursive: true, mode: 0o700 });
    const { uid, mode } = statSync(CACHE_DIR);
    return uid === process.getuid() && (mode & 0o022) === 0;
  } catch {
    return false; // no cache where none can be made (a read-only temp folder)
  }
}
const CACHE_ON = cacheIsPrivate();

/** Reads a cache entry, or returns undefined when there is none. */
function readEntry(file) {
  if (!CACHE_ON) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes a cache entry whole or not at all, so a concurrent run never reads half of it. A cache
 * that cannot be written (full disk) only makes the next run slower.
 */
function writeEntry(file, data) {
  if (!CACHE_ON) return;
  const partial = `${file}.${process.pid}`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, file);
  } catch {
    // best effort, see above
  }
}

// 1. TypeScript

const ESBUILD_VERSION = require('esbuild/package.json').version;
const TSCONFIG = readFileSync(join(__dirname, 'tsconfig.json'), 'utf8');

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  // the last line of an entry names what it was transpiled from
  const keyLine = `\n// kaito-aks transpiled ${sha256(LOADER, ESBUILD_VERSION, TSCONFIG, source)}\n`;
  const file = entryFile(filename, 'js');
  let code = readEntry(file)?.toString('utf8');
  if (code === undefined || !code.endsWith(keyLine)) {
    const output = require('esbuild').transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      tsconfigRaw: TSCONFIG,
    }).code;
    code = `${output}${keyLine}`;
    writeEntry(file, code);
  }
  module._compile(code, filename);
};

// 2. Code cache

const NODE_MODULES = `${sep}node_modules${sep}`;
/** Length of the key at the start of a code cache entry (a sha256 in hex). */
const KEY_LENGTH = 64;

/**
 * What identifies a module's text: its size and modification time for a package file (npm writes
 * a new file on every install, and hashing 7.6 MB of packages would cost 20 ms), the text itself
 * for ours (a few kB each, and an editor may keep the size and the second).
 */
function fingerprint(filename, content) {
  if (!filename.includes(NODE_MODULES)) return content;
  const { size, mtimeMs, ino } = statSync(filename);
  return `${size} ${mtimeMs} ${ino} ${content.length}`;
}

/** Node's own `require` for `module` (lib/internal/modules/helpers.js `makeRequireFunction`). */
function makeRequire(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Whether a module may use `import()`. Such modules are left to Node: a vm.Script can only send
 * `import()` to Node's loader through an experimental option that warns on every run, and V8
 * drops that option from code it takes from a cache. (The Day-2 CLI loads its ES-module-only
 * packages this way; synth has no `import()`.)
 */
const mayImport = (content) => content.includes('import(');

/** Scripts compiled without a usable cache entry, written out when the process exits. */
const toWrite = [];

const nodeCompile = Module.prototype._compile;
Module.prototype._compile = function compileWithCache(content, filename, format) {
  // not a file (Node compiles `node -e` code as `[eval]-wrapper`) or an ES module
  if (!isAbsolute(filename) || format === 'module') return nodeCompile.call(this, content, filename, format);
  const file = entryFile(filename, 'v8');
  const key = sha256(LOADER, fingerprint(filename, content));
  const entry = readEntry(file);
  const cachedData = entry?.subarray(0, KEY_LENGTH).toString('latin1') === key ? entry.subarray(KEY_LENGTH) : undefined;
  // only modules without import() get an entry, so a module with one is scanned only when it has none
  if (cachedData === undefined && mayImport(content)) return nodeCompile.call(this, content, filename, format);
  let script;
  try {
    script = new vm.Script(Module.wrap(content), { filename, cachedData });
  } catch {
    // not CommonJS (an ES module Node may load through require): Node's own path handles it
    return nodeCompile.call(this, content, filename, format);
  }
  if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ file, key, script });
  const wrapper = script.runInThisContext();
  return wrapper.call(this.exports, this.exports, makeRequire(this), this, filename, dirname(filename));
};

process.once('exit', () => {
  for (const { file, key, script } of toWrite) writeEntry(file, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
});
