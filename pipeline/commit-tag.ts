import { execFileSync } from 'node:child_process';

/**
 * The tag every environment deploys: the commit being built. CodeBuild names it
 * (`CODEBUILD_RESOLVED_SOURCE_VERSION`); on a laptop, git's HEAD does; without either, a fixed local tag.
 */
export function commitTag(
  env: Readonly<Record<string, string | undefined>>,
  gitHead: () => string | undefined,
): string {
  return env.CODEBUILD_RESOLVED_SOURCE_VERSION || gitHead() || 'local';
}

/** HEAD of the git work tree `dir` is in, or undefined when git or the repository is missing. */
export function gitHeadOf(dir: string): string | undefined {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}
