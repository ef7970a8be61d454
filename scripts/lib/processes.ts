import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
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

/** Spawns a child whose output is prefixed and forwarded; `exited` resolves with its exit code. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { pretty?: boolean; onLine?: (line: string) => void } = {},
): Managed {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      options.onLine?.(line);
      process.stdout.write(`${formatLogLine(name, line, options.pretty ?? false)}\n`);
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
