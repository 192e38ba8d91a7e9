/**
 * `npm run bench [-- --runs N] [--only id,id] [--json file]`: times our synth against its floor and
 * the cdktf template's default way, the app alone, the test suite and N-workspace synths, then
 * prints medians, ratios and the targets of issue 6. A benchmark, not a test: it fails only when a
 * measured command fails, never on a number.
 *
 * Every case runs once to warm caches (the TypeScript loader's, jest's, the page cache), then `--runs` times (default 5),
 * round-robin across cases so that load from other work spreads over all of them alike.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { assertGnuTime, measure, Sample, Spread, spread } from './measure';
import { createSandboxes, removeSandboxes, Sandboxes, TEMPLATE_APP } from './sandbox';

/** Workspace counts of the scaling run. */
const WORKSPACE_COUNTS = [1, 5, 20] as const;

/** The unit layer: folders of `__tests__` that test config and catalog without cdktf. */
const UNIT_TEST_DIRS = ['__tests__/config', '__tests__/catalog'];

/** One command to measure. */
interface Case {
  readonly id: string;
  readonly what: string;
  readonly command: string;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Whether a non-zero exit still counts as a measurement (test suites with failing tests). */
  readonly mayFail?: boolean;
}

/** A case's measurements. */
interface Result {
  readonly wall: Spread;
  readonly maxRss: Spread;
  readonly treeRss: Spread;
  readonly samples: readonly Sample[];
}

interface Options {
  readonly runs: number;
  readonly only?: ReadonlySet<string>;
  readonly json?: string;
}

const REPO = resolve(__dirname, '..');

function parseArgs(argv: readonly string[]): Options {
  let runs = 5;
  let only: Set<string> | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--runs') {
      const given = value();
      runs = Number(given);
      if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of 1 or more, got "${given}"`);
    } else if (flag === '--only') {
      only = new Set(value().split(',').filter(Boolean));
    } else if (flag === '--json') {
      json = resolve(value());
    } else {
      throw new Error(`unknown argument "${argv[i]}"; usage: npm run bench -- [--runs N] [--only id,id] [--json file]`);
    }
  }
  return { runs, only, json };
}

function buildCases(sandboxes: Sandboxes, notes: string[]): Case[] {
  const app = (JSON.parse(readFileSync(join(REPO, 'cdktf.json'), 'utf8')) as { app: string }).app;
  // the scaling app runs the way the real app does: the same command, another entry file
  const runner = app.replace(/(^|\s)main\.ts$/, '$1');
  if (runner === app) throw new Error(`cdktf.json's app must end with main.ts for the scaling run, got "${app}"`);
  const cdktf = './node_modules/.bin/cdktf synth';
  const unitDirs = UNIT_TEST_DIRS.filter((dir) => existsSync(join(REPO, dir)));
  const cases: Case[] = [
    { id: 'synth', what: 'npm run synth (ours)', command: 'npm run synth', cwd: sandboxes.ours },
    { id: 'floor', what: 'npm run synth, app = one empty stack', command: 'npm run synth', cwd: sandboxes.floor },
    { id: 'template', what: `cdktf synth, app = ${TEMPLATE_APP}, root imports`, command: cdktf, cwd: sandboxes.template },
    { id: 'cdktf', what: `cdktf synth, app = ${app}`, command: cdktf, cwd: sandboxes.ours },
    { id: 'cdktf-floor', what: 'cdktf synth, app = one empty stack', command: cdktf, cwd: sandboxes.floor },
    { id: 'bare', what: `node -e "require('cdktf')"`, command: `node -e "require('cdktf')"`, cwd: sandboxes.ours },
    { id: 'app', what: `the app alone: ${app}`, command: app, cwd: sandboxes.ours },
    { id: 'test', what: 'npm test (whole suite)', command: 'npm test -- --ci --passWithNoTests', cwd: REPO, mayFail: true },
  ];
  if (unitDirs.length > 0) {
    cases.push({
      id: 'test-unit',
      what: `unit layer: ${unitDirs.join(' ')}`,
      command: `npm test -- --ci ${unitDirs.join(' ')}`,
      cwd: REPO,
      mayFail: true,
    });
  } else {
    notes.push(`test-unit skipped: none of ${UNIT_TEST_DIRS.join(', ')} exists yet`);
  }
  for (const n of WORKSPACE_COUNTS) {
    cases.push({
      id: `ws-${n}`,
      what: `${n} workspace${n === 1 ? '' : 's'}: ${runner}bench/workspaces-app.ts ${n}`,
      command: `${runner}bench/workspaces-app.ts ${n}`,
      cwd: sandboxes.ours,
      env: { CDKTF_OUTDIR: join(sandboxes.root, `ws-${n}.out`) },
    });
  }
  return cases;
}

async function runAll(cases: readonly Case[], runs: number, env: NodeJS.ProcessEnv): Promise<Map<string, Result>> {
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.id, []]));
  for (let round = 0; round <= runs; round++) {
    const line: string[] = [];
    for (const c of cases) {
      const sample = await measure(c.command, c.cwd, { ...env, ...c.env }, c.mayFail);
      if (round > 0) samples.get(c.id)?.push(sample);
      line.push(`${c.id} ${seconds(sample.wallMs)}`);
    }
    process.stderr.write(`${round === 0 ? 'warm-up' : `run ${round}/${runs}`}: ${line.join(', ')}\n`);
  }
  return new Map(
    cases.map((c) => {
      const s = samples.get(c.id) ?? [];
      const result: Result = {
        wall: spread(s.map((x) => x.wallMs)),
        maxRss: spread(s.map((x) => x.maxRssKiB)),
        treeRss: spread(s.map((x) => x.treeRssKiB)),
        samples: s,
      };
      return [c.id, result];
    }),
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** KiB as MB (10^6 bytes), the unit the targets use. */
function megabytes(kib: number): string {
  return `${Math.round((kib * 1024) / 1e6)} MB`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows
    .map((r) =>
      r
        .map((cell, col) => cell.padEnd(widths[col]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function report(
  cases: readonly Case[],
  results: ReadonlyMap<string, Result>,
  options: Options,
  load: readonly string[],
  notes: readonly string[],
): string {
  const out: string[] = [
    `kaito-aks bench: ${options.runs} run(s) per case after 1 warm-up, round-robin; node ${process.version}, ${cpus().length} CPUs; load average ${load.join(' -> ')} (start -> end)`,
    '',
    table([
      ['case', 'command', 'wall median', 'min', 'max', 'peak RSS largest process', 'peak RSS process tree'],
      ...cases.map((c) => {
        const r = results.get(c.id);
        if (!r) throw new Error(`no result for ${c.id}`);
        return [
          c.id,
          c.what,
          seconds(r.wall.median),
          seconds(r.wall.min),
          seconds(r.wall.max),
          megabytes(r.maxRss.median),
          megabytes(r.treeRss.median),
        ];
      }),
    ]),
  ];

  const wall = (id: string) => results.get(id)?.wall.median;
  const tree = (id: string) => results.get(id)?.treeRss.median;
  const targets: string[][] = [];
  const target = (what: string, measured: number | undefined, shown: (v: number) => string, limit: string, ok: (v: number) => boolean) => {
    if (measured !== undefined) targets.push([what, shown(measured), limit, ok(measured) ? 'met' : 'MISSED']);
  };
  const ratio = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b);
  const times = (v: number) => `${v.toFixed(2)}x`;
  target('npm run synth / its floor (wall)', ratio(wall('synth'), wall('floor')), times, '<= 1.3x', (v) => v <= 1.3);
  target('template default / npm run synth (wall)', ratio(wall('template'), wall('synth')), times, '>= 5x', (v) => v >= 5);
  target('npm run synth peak RSS (process tree)', tree('synth'), megabytes, '<= 400 MB', (v) => (v * 1024) / 1e6 <= 400);
  target('app alone wall', wall('app'), seconds, '< 1.0 s', (v) => v < 1000);
  target('app alone peak RSS (process tree)', tree('app'), megabytes, '< 250 MB', (v) => (v * 1024) / 1e6 < 250);
  target('npm test wall', wall('test'), seconds, '< 30 s', (v) => v < 30_000);
  target('unit layer wall', wall('test-unit'), seconds, '< 3 s', (v) => v < 3000);
  if (targets.length > 0) out.push('', 'Targets (issue 6)', table([['target', 'measured', 'limit', 'verdict'], ...targets]));

  const context: string[][] = [];
  const info = (what: string, v: number | undefined) => {
    if (v !== undefined) context.push([what, times(v)]);
  };
  info('cdktf synth (ours) / cdktf synth floor', ratio(wall('cdktf'), wall('cdktf-floor')));
  info('template default / cdktf synth (ours)', ratio(wall('template'), wall('cdktf')));
  info('template default peak RSS / npm run synth peak RSS (tree)', ratio(tree('template'), tree('synth')));
  info('app alone / bare require of cdktf', ratio(wall('app'), wall('bare')));
  if (context.length > 0) out.push('', 'Other ratios (medians)', table([['ratio', 'value'], ...context]));

  const scaling = WORKSPACE_COUNTS.flatMap((n) => {
    const r = results.get(`ws-${n}`);
    if (!r) return [];
    const inProcess = r.samples.map((s) => JSON.parse(s.stdout) as { resources: number; buildMs: number; synthMs: number });
    const work = spread(inProcess.map((p) => p.buildMs + p.synthMs)).median;
    return [{ n, resources: inProcess[0].resources, wall: r.wall.median, work, rss: r.treeRss.median }];
  });
  if (scaling.length > 0) {
    out.push(
      '',
      'Scaling: one stack, a KaitoOperator and N workspaces (in-process = build + synth, without start-up)',
      table([
        ['workspaces', 'resources', 'wall median', 'in-process median', 'in-process per workspace', 'peak RSS process tree'],
        ...scaling.map((s) => [
          String(s.n),
          String(s.resources),
          seconds(s.wall),
          `${Math.round(s.work)} ms`,
          `${(s.work / s.n).toFixed(1)} ms`,
          megabytes(s.rss),
        ]),
      ]),
    );
    const first = scaling[0];
    const last = scaling[scaling.length - 1];
    if (scaling.length === WORKSPACE_COUNTS.length) {
      const slope = (last.work - first.work) / (last.n - first.n);
      const middle = scaling[1];
      const predicted = first.work + slope * (middle.n - first.n);
      out.push(
        `marginal cost ${slope.toFixed(1)} ms per workspace (from ${first.n} to ${last.n}); a straight line predicts ${Math.round(predicted)} ms at ${middle.n}, measured ${Math.round(middle.work)} ms`,
      );
    }
  }
  const failures = cases.flatMap((c) => {
    const runs = results.get(c.id)?.samples ?? [];
    const failed = runs.filter((x) => x.exitCode !== 0).length;
    return failed > 0 ? [`${c.id}: exited non-zero in ${failed} of ${runs.length} runs (failing tests); its times count all the same`] : [];
  });
  if (notes.length + failures.length > 0) out.push('', ...notes, ...failures);
  return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  assertGnuTime();
  for (const bin of ['cdktf', 'ts-node', 'jest']) {
    if (!existsSync(join(REPO, 'node_modules', '.bin', bin))) {
      throw new Error(`bench needs node_modules/.bin/${bin}; run npm ci first`);
    }
  }
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1' };
  delete env.CDKTF_OUTDIR;

  const sandboxes = createSandboxes(REPO);
  const stop = () => {
    removeSandboxes(sandboxes);
    process.exit(130);
  };
  process.once('SIGINT', stop);
  try {
    const notes: string[] = [];
    const all = buildCases(sandboxes, notes);
    const unknown = [...(options.only ?? [])].filter((id) => !all.some((c) => c.id === id));
    if (unknown.length > 0) throw new Error(`--only: unknown case(s) ${unknown.join(', ')}; cases: ${all.map((c) => c.id).join(', ')}`);
    const cases = options.only ? all.filter((c) => options.only?.has(c.id)) : all;
    const loadStart = loadavg()[0].toFixed(2);
    const results = await runAll(cases, options.runs, env);
    const load = [loadStart, loadavg()[0].toFixed(2)];
    process.stdout.write(report(cases, results, options, load, notes));
    if (options.json) {
      const json = {
        node: process.version,
        cpus: cpus().length,
        runs: options.runs,
        loadAverage: load,
        cases: Object.fromEntries(
          cases.map((c) => {
            const r = results.get(c.id);
            return [c.id, { what: c.what, wallMs: r?.wall, maxRssKiB: r?.maxRss, treeRssKiB: r?.treeRss }];
          }),
        ),
      };
      writeFileSync(options.json, `${JSON.stringify(json, null, 2)}\n`);
    }
  } finally {
    process.off('SIGINT', stop);
    removeSandboxes(sandboxes);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
