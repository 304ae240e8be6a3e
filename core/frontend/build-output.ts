import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PublishPlanError } from './publish-plan-error';
import type { SourceFile } from './plan-publish';

/** The files of a build output directory, by path relative to it with '/' separators, sorted. */
export function readBuildOutput(dir: string): SourceFile[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new PublishPlanError(`--dir ${dir} is not a directory`);
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    if (error instanceof PublishPlanError) throw error;
    throw new PublishPlanError(
      `--dir ${dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return entries
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path: relative(dir, path).split(sep).join('/'), size: statSync(path).size }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
