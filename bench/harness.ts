import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../src/platform/db/scratch-database.ts';

export interface BenchOptions {
  scenario: string;
  scale: number;
  db: 'pglite' | 'postgres';
  durationSeconds: number;
  isJson: boolean;
}

export type Figures = Record<string, number | string>;

export interface BenchScenario {
  /** The --scale used when none is given: the number of people (api-crud: people seeded). */
  defaultScale: number;
  run(options: BenchOptions): Promise<Figures>;
}

const ROOT = path.resolve(import.meta.dirname, '..');

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A database for one benchmark run: a fresh PGlite folder, or a fresh database on the DATABASE_URL server. */
export async function provisionBenchDatabase(kind: 'pglite' | 'postgres'): Promise<{ env: Record<string, string>; dataDir?: string; databaseUrl?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
    return { env: { RAPPORT_DATA_DIR: dataDir, DATABASE_URL: '' }, dataDir, databaseUrl: undefined, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const scratch = await createScratchDatabase(process.env.DATABASE_URL!, 'rapport_bench');
  return { env: { DATABASE_URL: scratch.url }, databaseUrl: scratch.url, drop: scratch.drop };
}

/** Runs `rapport start` as its own process, so the load generator doesn't share its event loop. */
export async function startServerProcess(env: Record<string, string>, port: number): Promise<{ url: string; stop(): Promise<void>; kill(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/rapport'), 'start', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready in 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
    /** As a power cut would: no shutdown, nothing flushed. */
    kill: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** JSON calls to a benchmark server's API with an API key; an answer other than 2xx throws with its body. */
export function apiClient(baseUrl: string, key: string) {
  return async (method: string, url: string, body?: object): Promise<Record<string, unknown>> => {
    const headers = { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) };
    const res = await fetch(`${baseUrl}${url}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
}

export function printFigures(figures: Figures, isJson: boolean): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  console.log('');
  for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(width)}  ${value}`);
  if (isJson) console.log(JSON.stringify(figures));
}
