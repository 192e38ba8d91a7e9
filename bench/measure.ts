/**
 * Runs one shell command and measures it: wall time, the peak resident set of its largest process
 * (GNU time's `%M`, exact, kept by the kernel) and the peak of the summed resident sets of the
 * whole process tree (sampled from /proc every {@link SAMPLE_INTERVAL_MS} ms, so it can miss a
 * spike shorter than that).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** GNU time, Debian package `time`. */
export const GNU_TIME = '/usr/bin/time';

/** How often the process tree's memory is sampled. */
export const SAMPLE_INTERVAL_MS = 20;

/** One measured run. */
export interface Sample {
  /** Wall time, milliseconds. */
  readonly wallMs: number;
  /** Peak RSS of the largest single process, KiB. */
  readonly maxRssKiB: number;
  /** Peak of the summed RSS of all processes of the run, KiB (sampled). */
  readonly treeRssKiB: number;
  /** What the command printed on stdout. */
  readonly stdout: string;
  /** Exit status (always 0 unless `mayFail`). */
  readonly exitCode: number;
}

/** Fails with the reason when GNU time is missing. */
export function assertGnuTime(): void {
  if (!existsSync(GNU_TIME)) {
    throw new Error(`bench needs GNU time at ${GNU_TIME} for peak RSS; install it with: apt-get install -y time`);
  }
}

/**
 * Runs `command` with `sh -c` in `cwd` and measures it. Rejects when it is killed by a signal, and
 * when it exits non-zero unless `mayFail` (a test suite with failing tests still takes its time).
 */
export function measure(command: string, cwd: string, env: NodeJS.ProcessEnv, mayFail = false): Promise<Sample> {
  const timeFile = join(tmpdir(), `kaito-aks-bench-time-${process.pid}-${Date.now()}`);
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(GNU_TIME, ['-f', '%M', '-o', timeFile, 'sh', '-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let treeRssKiB = 0;
    const sampler = setInterval(() => {
      if (child.pid !== undefined) treeRssKiB = Math.max(treeRssKiB, treeRss(child.pid));
    }, SAMPLE_INTERVAL_MS);
    child.on('error', (err) => {
      clearInterval(sampler);
      reject(err);
    });
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(sampler);
      const timeLines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
      rmSync(timeFile, { force: true });
      if (code === null || (code !== 0 && !mayFail)) {
        const tail = Buffer.concat(stderr).toString('utf8').slice(-2000) || Buffer.concat(stdout).toString('utf8').slice(-2000);
        reject(new Error(`"${command}" in ${cwd} failed (${signal ?? `exit ${code}`}):\n${tail}`));
        return;
      }
      const maxRssKiB = Number(timeLines[timeLines.length - 1]);
      if (!Number.isFinite(maxRssKiB)) {
        reject(new Error(`GNU time wrote no peak RSS for "${command}": ${timeLines.join(' / ')}`));
        return;
      }
      resolvePromise({ wallMs, maxRssKiB, treeRssKiB, stdout: Buffer.concat(stdout).toString('utf8'), exitCode: code });
    });
  });
}

/** Summed VmRSS of `root` and all its descendants, KiB. */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readGone(`/proc/${name}/stat`);
    if (stat === undefined) continue;
    // fields after "(comm)": state ppid ...; comm may hold spaces and parentheses
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const siblings = children.get(ppid) ?? [];
    siblings.push(Number(name));
    children.set(ppid, siblings);
  }
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    const status = readGone(`/proc/${pid}/status`);
    const rss = status === undefined ? undefined : /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (rss) total += Number(rss[1]);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Reads a /proc file, or `undefined` when its process has exited meanwhile. */
function readGone(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return undefined;
    throw err;
  }
}

/** Median, min and max of some numbers. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median (mean of the middle two for an even count), min and max of `values` (not empty). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
