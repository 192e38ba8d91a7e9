/**
 * Jest global setup and teardown: every test's temporary files go into one folder of its own, made
 * here before the workers start (they inherit TMPDIR, which os.tmpdir() reads) and removed with all it
 * holds when the run ends. Tests and cdktf's Testing.app() (a `cdktf.outdir.*` per synth) leave
 * nothing in the user's $TMPDIR, whatever a test forgets.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const KEY = 'KAITO_AKS_JEST_TMPDIR';

module.exports = {
  setup() {
    const dir = mkdtempSync(join(tmpdir(), 'kaito-aks-jest-'));
    process.env[KEY] = dir;
    process.env.TMPDIR = dir;
  },
  teardown() {
    const dir = process.env[KEY];
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
};
