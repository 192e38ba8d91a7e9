import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { App } from 'cdktf';
import { buildStacks } from '../app';
import { formatSummary, readManifest } from '../summary';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { LIMITS } from '../config/azure';
import { OUTPUT_VARIABLES, RESERVED_PREFIXES, TOOL_PREFIX } from '../config/namespaces';
import { ENV_SCHEMA } from '../config/schema';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** The configuration table the README must hold, built from the env schema. */
function configTable(): string {
  const rows = Object.entries(ENV_SCHEMA).map(([name, v]) => {
    const allowed = typeof v.allowed === 'string' ? v.allowed : v.allowed.map((e) => `\`${e}\``).join(', ');
    return `| \`${name}\` | ${v.default === undefined ? '-' : `\`${v.default}\``} | ${allowed} | ${v.description} |`;
  });
  return ['| Variable | Default | Allowed | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

test('the README configuration table matches the env schema', () => {
  expect(README).toContain(configTable());
});

test('the README summary sample is what npm run synth prints with the defaults, line for line up to its "..."', () => {
  // GIVEN the sample after "`npm run synth` prints what it decided:"
  const start = README.indexOf('```text', README.indexOf('`npm run synth` prints what it decided'));
  const sample = README.slice(README.indexOf('\n', start) + 1, README.indexOf('\n...\n', start)).split('\n');
  // WHEN the defaults are synthesized
  const outdir = mkdtempSync(join(tmpdir(), 'kaito-aks-readme-'));
  try {
    const app = new App({ outdir });
    const config = loadConfig({});
    buildStacks(app, config);
    app.synth();
    const printed = formatSummary(config, readManifest(outdir), join(process.cwd(), 'cdktf.out')).split('\n');
    // THEN every sample line is printed, in order
    expect(sample.length).toBeGreaterThan(8);
    expect(printed.slice(0, sample.length)).toEqual(sample);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

test('the README opens with the two commands: synthesize offline, then test', () => {
  const firstLines = README.split('\n').slice(0, 15).join('\n');
  expect(firstLines).toContain('npm ci && npm run synth');
  expect(firstLines).toContain('npm test');
});

describe('the README Bad input section tells what synth does', () => {
  const section = README.slice(README.indexOf('### Bad input'), README.indexOf('## Install modes'));

  /** `A=b C="d e"` as an environment. */
  function envOf(assignments: string): Record<string, string> {
    return Object.fromEntries([...assignments.matchAll(/(\w+)=("([^"]*)"|\S+)/g)].map((m) => [m[1], m[3] ?? m[2]]));
  }

  // the section's examples, and the two the README opens with
  const opening = README.slice(README.indexOf('Bad input fails at synth, before anything exists'));
  const block = [section, opening].map((text) => /```text\n([\s\S]*?)```/.exec(text)?.[1]?.trim() ?? '').join('\n\n');
  const examples = block
    .trim()
    .split('\n\n')
    .map((example) => {
      const [command, ...output] = example.split('\n');
      return { command, output: output.join('\n') };
    });

  test('it shows examples of several kinds', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  test.each(examples.map((e) => [e.command, e]))('%s prints exactly what the README shows', (_, example) => {
    const m = /^\$ (.*) npm run synth$/.exec(example.command);
    expect(m).not.toBeNull();
    let message = '';
    try {
      loadConfig(envOf(m?.[1] ?? ''));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toBe(example.output);
  });

  test('the reserved namespaces, the outputs left alone and the bounds are the ones the code uses', () => {
    expect(section).toContain(
      RESERVED_PREFIXES.map((p) => `\`${p}*\``)
        .join(', ')
        .replace(/, (`[^`]+`)$/, ' or $1'),
    );
    for (const name of OUTPUT_VARIABLES) expect(section).toContain(`\`${name}\``);
    expect(section).toContain(`\`${TOOL_PREFIX}*\``);
    expect(section).toContain(`at most ${LIMITS.maxGpuNodes}:`);
    expect(section).toContain(`at most ${LIMITS.maxOpenAiCapacity},`);
  });

  test('every data file it names exists', () => {
    const files = [...section.matchAll(/`(catalog\/data\/[\w.-]+)`/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(existsSync(join(__dirname, '..', f))).toBe(true);
  });
});
