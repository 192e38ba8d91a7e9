/**
 * Entry point: environment -> Config -> stacks -> `cdktf.out/`, then a short summary.
 * Bad configuration exits with status 1 and writes nothing: synthesis goes to a scratch folder
 * whose files replace the output folder's only once every stack has synthesized, and only the files
 * synth can prove it wrote there (`output-folder.ts`); Terraform's state and working files stay.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { App } from 'cdktf';
import { buildStacks, STACK_NAMES } from './app';
import { ConfigError, loadConfig, stateLocation } from './config';
import { azdInfraFiles } from './stacks/azd';
import { redactCredentials } from './config/redact';
import { commitOutput, planOutput } from './output-folder';
import { formatSummary, readManifest } from './summary';

function main(): number {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      say(process.stderr, `${err.message}\n\nNothing was synthesized. Fix the variables above and run again.\n`);
      return 1;
    }
    throw err;
  }
  // notices that do not stop synth (a dated pin close to its date): on stderr, before the output
  for (const w of config.warnings) process.stderr.write(`Warning: ${w.variable}=${w.value}: ${w.message}\n`);

  // The cdktf CLI tells the app where to write; run on its own, the app writes cdktf.out.
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? 'cdktf.out');
  const stacks = Object.values(STACK_NAMES);
  const plan = planOutput(outdir, stacks);
  if (plan.refusal !== undefined) {
    say(process.stderr, `Synthesis refused, nothing was written: ${plan.refusal}\n`);
    return 1;
  }
  let scratch: string;
  try {
    scratch = mkdtempSync(resolve(dirname(outdir), `.${basename(outdir)}-`));
  } catch (err) {
    say(process.stderr, `Synthesis failed, nothing was written: cannot create a folder beside ${outdir}: ${(err as Error).message}\n`);
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
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    say(process.stderr, `Synthesis failed, nothing was written: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    commitOutput(scratch, outdir, stacks, plan);
  } catch (err) {
    say(process.stderr, `Synthesis failed while writing ${outdir}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    // only synth's own files were ever in the scratch folder: commitOutput moves files out of it, never in
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!process.env.CDKTF_OUTDIR) say(process.stdout, formatSummary(config, readManifest(outdir), outdir));
  return 0;
}

/** Writes `text`, every credential-looking part hidden: nothing synth prints may hold one. */
function say(stream: NodeJS.WriteStream, text: string): void {
  stream.write(redactCredentials(text));
}

process.exitCode = main();
