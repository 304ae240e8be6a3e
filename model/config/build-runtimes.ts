/**
 * The runtime versions CodeBuild's Ubuntu standard:7.0 image installs, the image every project of the pipeline runs
 * on, by runtime name as `runtime-versions` takes it: ubuntu/standard/7.0/runtimes.yml of
 * aws/aws-codebuild-docker-images (read at 1590e48, April 2026). A version the image does not have fails the build's
 * install phase on AWS, so validation refuses it first. Node is not listed: the pipeline pins it.
 */
export const STANDARD_7_RUNTIMES = {
  python: ['3.9', '3.10', '3.11', '3.12', '3.13', '3.14'],
  ruby: ['3.1', '3.2', '3.3', '3.4', '4.0'],
  golang: ['1.20', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26'],
  java: ['corretto8', 'corretto11', 'corretto17', 'corretto21', 'corretto25'],
  dotnet: ['6.0', '8.0', '10.0'],
  php: ['8.2', '8.3', '8.4', '8.5'],
} as const satisfies Record<string, readonly string[]>;

export type BuildRuntime = keyof typeof STANDARD_7_RUNTIMES;
export const BUILD_RUNTIMES = Object.keys(STANDARD_7_RUNTIMES) as BuildRuntime[];

/**
 * Whether `version` selects a version the image has: one of them, its major with the newest minor (`3.x`,
 * `corretto21.x`), or `latest` (https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html).
 */
export function imageHasRuntime(runtime: BuildRuntime, version: string): boolean {
  const versions: readonly string[] = STANDARD_7_RUNTIMES[runtime];
  if (version === 'latest' || versions.includes(version)) return true;
  const major = /^(.+)\.x$/.exec(version)?.[1];
  return major !== undefined && versions.some((v) => v === major || v.startsWith(`${major}.`));
}
