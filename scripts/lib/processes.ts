import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * Makes a JSON log line readable on a terminal: "09:31:02 api    INFO  API listening …".
 * Non-JSON lines (SvelteKit's own) pass through with the process name in front.
 */
export function formatLogLine(name: string, line: string, pretty: boolean): string {
  if (!pretty) return line;
  const label = name.padEnd(8);
  if (!line.startsWith('{')) return `${label}${line}`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
    const level = LEVELS[Number(entry.level)] ?? 'INFO';
    const { msg, err } = entry;
    const errText = err && typeof err === 'object' && 'message' in err ? ` (${String((err as { message: unknown }).message)})` : '';
    return `${time} ${label}${level.padEnd(6)}${String(msg ?? '')}${errText}`;
  } catch {
    return `${label}${line}`;
  }
}

/**
 * Whether a child's output line belongs on a terminal that shows only what needs attention:
 * JSON log entries at WARN or above, except the access log's 4xx lines (a client's mistake,
 * logged at WARN), and anything the process wrote to stderr that is not a JSON entry (a
 * crash's stack trace). Start-up chatter (INFO: module initialisation, route mapping,
 * "listening", "worker ready") and plain stdout lines go to the log file only.
 */
export function needsAttention(line: string, fromStderr: boolean): boolean {
  if (!line.startsWith('{')) return fromStderr && line.trim() !== '';
  try {
    const entry = JSON.parse(line) as { level?: unknown; req?: unknown; res?: { statusCode?: unknown } };
    const level = Number(entry.level);
    if (level === 40 && entry.req && typeof entry.res?.statusCode === 'number' && entry.res.statusCode < 500) return false;
    return level >= 40;
  } catch {
    return fromStderr;
  }
}

export interface StartOptions extends SpawnOptions {
  /** Make JSON lines readable (formatLogLine) where they are shown on the terminal. */
  pretty?: boolean;
  onLine?: (line: string) => void;
  /** Every line, as the process wrote it, goes here (e.g. .data/logs/api.log). */
  logFile?: Writable;
  /** Show only lines that need attention (needsAttention); the rest is in logFile. Default: show all. */
  quiet?: boolean;
}

/** Spawns a child whose output is prefixed and forwarded; `exited` resolves with its exit code. */
export function startProcess(name: string, command: string, args: string[], options: StartOptions = {}): Managed {
  const { pretty, onLine, logFile, quiet, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const fromStderr = stream === child.stderr;
    createInterface({ input: stream }).on('line', (line) => {
      onLine?.(line);
      logFile?.write(`${line}\n`);
      if (quiet && !needsAttention(line, fromStderr)) return;
      if (pretty && line.trim() === '') return;
      process.stdout.write(`${formatLogLine(name, line, pretty ?? false)}\n`);
    });
  }
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { name, child, exited };
}

/** SIGTERM, then SIGKILL if the process is still there after the grace period. */
export async function stopProcess(managed: Managed, graceMs = 35_000): Promise<void> {
  const { child } = managed;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await managed.exited;
  clearTimeout(timer);
}
