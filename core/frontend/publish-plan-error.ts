/** An input the publish plan cannot be made from (a missing index.html, a bad commit, …): exit code 2. */
export class PublishPlanError extends Error {
  override readonly name = 'PublishPlanError';
}
