/**
 * Why a change is marked: CloudFormation will refuse it, it replaces or deletes a resource that holds data, it
 * resets a listener CodeDeploy has moved to the other target group, or it rolls a worker before the release task.
 */
export interface Mark {
  readonly word: 'REFUSED' | 'REPLACES' | 'DELETES' | 'RESETS' | 'ROLLS';
  /** One sentence: what happens and which properties cause it. */
  readonly reason: string;
}

/** One resource that differs between two templates of the same stack. */
export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  readonly action: 'add' | 'remove' | 'change';
  /** For a change: the paths of every property difference, e.g. `LoadBalancers[0].ContainerPort`. */
  readonly paths: readonly string[];
  readonly marks: readonly Mark[];
}

/** One stack whose resources differ, matched between the two assemblies by account, region and stack name. */
export interface StackDiff {
  readonly stackName: string;
  readonly account?: string;
  readonly region?: string;
  /** `added`/`removed`: the stack is in one assembly only. */
  readonly status: 'added' | 'removed' | 'changed';
  readonly changes: readonly ResourceChange[];
}
