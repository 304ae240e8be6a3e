/** The oldest Node the tool runs on: the AWS SDK for JavaScript v3 releases after January 2027 need 22. */
export const MINIMUM_NODE_MAJOR = 22;

/** A warning when `version` (as `process.version` spells it) is older than the tool needs; undefined otherwise. */
export function nodeVersionWarning(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return undefined;
  return (
    `Node ${version} is older than the ${MINIMUM_NODE_MAJOR} the tool needs (the AWS SDK it uses drops older ` +
    `Nodes in January 2027 and warns on every command until then): install Node ${MINIMUM_NODE_MAJOR} or newer ` +
    `here; the pipeline's CodeBuild projects already run Node 22 and its Lambda functions Node 24`
  );
}
