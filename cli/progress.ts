/**
 * The live progress of `wait`: one line per step with its state, detail and time in that state.
 *
 * On a terminal the block of lines is redrawn in place every second (ANSI cursor-up and erase-line,
 * lines cut to the terminal width so the redraw stays aligned). Anywhere else (azd hook output, CI
 * logs, a pipe) a line is printed only when a step changes, with a heartbeat every minute.
 */
import type { Assessment, Step, StepState } from './conditions';
import { formatDuration } from './duration';

/** Where output goes. */
export interface Screen {
  /** Writes text as is. */
  write(text: string): void;
  /** Whether it is a terminal that understands cursor movement. */
  readonly isTTY: boolean;
  /** Its width in characters, when a terminal. */
  readonly columns?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SYMBOLS: Readonly<Record<Exclude<StepState, 'active'>, string>> = { done: '✔', waiting: '·', failed: '✖' };
const HEARTBEAT_MS = 60_000;

/** Renders assessments as they come. */
export class ProgressView {
  private drawn = 0;
  private frame = 0;
  private last?: Assessment;
  private note?: string;
  private readonly printed = new Map<string, string>();
  private lastPrintAt = 0;

  constructor(
    private readonly screen: Screen,
    /** The first line, e.g. `Waiting for Workspace x in pets`. */
    private readonly title: string,
    /** The timeout, shown next to the elapsed time. */
    private readonly timeoutMs: number,
  ) {
    if (!screen.isTTY) screen.write(`${title} (timeout ${formatDuration(timeoutMs)})\n`);
  }

  /** Shows a new assessment; `now` is the wall clock (ms), `elapsedMs` the time waited so far. */
  update(assessment: Assessment, now: number, elapsedMs: number): void {
    this.last = assessment;
    this.note = undefined;
    if (this.screen.isTTY) {
      this.redraw(now, elapsedMs);
      return;
    }
    const changed = assessment.steps.filter((s) => this.printed.get(s.key) !== `${s.state} ${s.detail}`);
    for (const s of changed) {
      this.printed.set(s.key, `${s.state} ${s.detail}`);
      this.screen.write(`[${clock(elapsedMs)}] ${symbol(s.state)} ${s.label.padEnd(18)} ${s.detail}\n`);
    }
    if (changed.length > 0) {
      this.lastPrintAt = elapsedMs;
    } else if (elapsedMs - this.lastPrintAt >= HEARTBEAT_MS) {
      const current = assessment.steps.find((s) => s.state !== 'done');
      this.screen.write(`[${clock(elapsedMs)}] still waiting${current ? ` on ${current.label}: ${current.detail}` : ''}\n`);
      this.lastPrintAt = elapsedMs;
    }
  }

  /** Shows a passing problem (an API error) until the next update. */
  warn(message: string, now: number, elapsedMs: number): void {
    this.note = message;
    if (this.screen.isTTY) this.redraw(now, elapsedMs);
    else this.screen.write(`[${clock(elapsedMs)}] ${message}\n`);
  }

  /** Advances the spinner and the clocks on a terminal; does nothing elsewhere. */
  tick(now: number, elapsedMs: number): void {
    if (this.screen.isTTY && this.last) this.redraw(now, elapsedMs);
  }

  private redraw(now: number, elapsedMs: number): void {
    this.frame += 1;
    const width = Math.max(40, (this.screen.columns ?? 100) - 1);
    const lines = [`${this.title}: ${clock(elapsedMs)} of ${clock(this.timeoutMs)}`];
    for (const s of this.last?.steps ?? [])
      lines.push(`  ${symbol(s.state, this.frame)} ${s.label.padEnd(18)} ${withAge(s, now, width - 23)}`);
    if (this.note) lines.push(`  ! ${this.note}`);
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.screen.write(up + lines.map((l) => `\x1b[2K${cut(l, width)}\n`).join('') + (this.drawn > lines.length ? '\x1b[J' : ''));
    this.drawn = lines.length;
  }
}

function withAge(s: Step, now: number, width: number): string {
  const age = s.since && s.state !== 'waiting' ? formatDuration(now - Date.parse(s.since)) : '';
  const detail = cut(s.detail, Math.max(10, width - age.length - 2));
  return age ? `${detail.padEnd(Math.max(10, width - age.length - 2))}  ${age}` : detail;
}

/** The symbol of a state: a spinner frame for an active step on a terminal, `…` elsewhere. */
function symbol(state: StepState, frame?: number): string {
  if (state !== 'active') return SYMBOLS[state];
  return frame === undefined ? '…' : SPINNER[frame % SPINNER.length];
}

/** `mm:ss`, or `h:mm:ss` past an hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
