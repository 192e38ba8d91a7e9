/**
 * Entry point: environment -> Config -> stacks -> `cdktf.out/`, then a short summary.
 * Bad configuration exits with status 1 and writes nothing: synthesis goes to a scratch folder
 * that replaces the output folder only once every stack has synthesized.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { App } from 'cdktf';
import { buildStacks } from './app';
import { ConfigError, loadConfig } from './config';
import { formatSummary, readManifest } from './summary';

function main(): number {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n\nNothing was synthesized. Fix the variables above and run again.\n`);
      return 1;
    }
    throw err;
  }

  // The cdktf CLI tells the app where to write; run on its own, the app writes cdktf.out.
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const scratch = mkdtempSync(resolve(dirname(outdir), `.${basename(outdir)}-`));
  try {
    const app = new App({ outdir: scratch });
    buildStacks(app, config);
    app.synth();
    rmSync(outdir, { recursive: true, force: true });
    renameSync(scratch, outdir);
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    process.stderr.write(`Synthesis failed, nothing was written: ${(err as Error).message}\n`);
    return 1;
  }
  if (!process.env.CDKTF_OUTDIR) process.stdout.write(formatSummary(config, readManifest(outdir), outdir));
  return 0;
}

process.exitCode = main();
