/**
 * Entry point: environment -> Config -> stacks -> `cdktf.out/`, then a short summary.
 * Bad configuration exits with status 1 and writes nothing: synthesis goes to a scratch folder
 * that replaces the output folder only once every stack has synthesized.
 */
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { App } from 'cdktf';
import { buildStacks, STACK_NAMES } from './app';
import { ConfigError, loadConfig, stateLocation } from './config';
import { azdInfraFiles } from './stacks/azd';
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
  // notices that do not stop synth (a dated pin close to its date): on stderr, before the output
  for (const w of config.warnings) process.stderr.write(`Warning: ${w.variable}=${w.value}: ${w.message}\n`);

  // The cdktf CLI tells the app where to write; run on its own, the app writes cdktf.out.
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const refusal = outdirRefusal(outdir);
  if (refusal) {
    process.stderr.write(`Synthesis refused, nothing was written: ${refusal}\n`);
    return 1;
  }
  let scratch: string;
  try {
    scratch = mkdtempSync(resolve(dirname(outdir), `.${basename(outdir)}-`));
  } catch (err) {
    process.stderr.write(`Synthesis failed, nothing was written: cannot create a folder beside ${outdir}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    chmodSync(scratch, 0o755); // mkdtemp makes it 0700; an output folder is as readable as any other
    const app = new App({ outdir: scratch });
    // Terraform runs kaito-stack in outdir/stacks/kaito-stack; its destroy runs the CLI from there
    const cliPath = relative(join(outdir, 'stacks', STACK_NAMES.kaito), join(__dirname, 'cli', 'kaito-aks.js'));
    buildStacks(app, config, { cliPath });
    app.synth();
    const infraDir = join(scratch, 'stacks', STACK_NAMES.infra);
    for (const [file, text] of Object.entries(azdInfraFiles(stateLocation(config.envName, STACK_NAMES.infra, config.remoteState)))) {
      writeFileSync(join(infraDir, file), text);
    }
    keepTerraformWorkingFiles(outdir, scratch);
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

/**
 * Why synth must not replace `outdir`, or undefined when it may: synth replaces the whole folder, so
 * it takes only a missing or empty folder, or one that holds an earlier cdktf output (its
 * `manifest.json`, or only the `stacks` folder cdktf makes first); anything else (a file, or a folder of other files, e.g. `CDKTF_OUTDIR=.`) is left alone.
 */
function outdirRefusal(outdir: string): string | undefined {
  if (!existsSync(outdir)) return undefined;
  if (!lstatSync(outdir).isDirectory()) {
    return `${outdir} exists and is not a folder; synth replaces its output folder whole, so point CDKTF_OUTDIR elsewhere or move that file`;
  }
  // cdktf's own layout: its manifest, or only the `stacks` folder an App makes before it synthesizes
  const entries = readdirSync(outdir);
  if (entries.includes('manifest.json') || entries.every((e) => e === 'stacks')) return undefined;
  return `${outdir} holds files that are not a cdktf output (no manifest.json); synth replaces its output folder whole, so point CDKTF_OUTDIR at an empty or new folder`;
}

/**
 * Moves what `terraform init` left in the old output (providers, lock file) into the new one, so a
 * deploy after a synth does not initialize and download providers again.
 */
function keepTerraformWorkingFiles(outdir: string, scratch: string): void {
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    for (const file of ['.terraform', '.terraform.lock.hcl']) {
      const from = join(stacks, stack, file);
      const to = join(scratch, 'stacks', stack, file);
      if (existsSync(from) && existsSync(join(scratch, 'stacks', stack))) renameSync(from, to);
    }
  }
}

process.exitCode = main();
