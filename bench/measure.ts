import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './figures';

export interface RunFigures {
  readonly seconds: number;
  readonly peakRssMb: number;
}

/** What one measured run executes; `dir` is an empty directory of its own, removed after the run. */
export type CommandInDir = (dir: string) => { command: string; args: string[]; env?: NodeJS.ProcessEnv };

/**
 * Runs a command under GNU time and returns the medians of wall time and peak RSS over `runs` runs.
 * Peak RSS is that of the largest process in the tree GNU time saw (the command's own children included).
 * `inspect` reads what a run left in its directory before the directory goes.
 */
export function measureCommand(commandIn: CommandInDir, runs: number, inspect?: (dir: string) => void): RunFigures {
  const seconds: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    try {
      const { command, args, env } = commandIn(join(dir, 'run'));
      const timeFile = join(dir, 'time.txt');
      const result = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', command, ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0) {
        throw new Error(
          `${command} ${args.join(' ')} exited ${result.status}:\n${(result.stderr + result.stdout).slice(-3000)}`,
        );
      }
      const [wall, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      seconds.push(wall);
      rss.push(kb / 1024);
      inspect?.(join(dir, 'run'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { seconds: median(seconds), peakRssMb: median(rss) };
}
