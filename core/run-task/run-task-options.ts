import { RunTaskInputError } from './run-task-error';
import { splitCommand } from './split-command';

/** Where the task runs: every field is validated before any AWS call. */
export interface TaskTarget {
  /** Cluster name or ARN. */
  readonly cluster: string;
  /** FAMILY, FAMILY:REVISION or a task definition ARN. */
  readonly taskDefinition: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
}

/** The command override; `container` undefined means "the task definition's only essential container". */
export interface CommandOverride {
  readonly container?: string;
  readonly words: readonly string[];
}

export interface TaskTiming {
  /** Overall bound from RunTask on; past it the task is stopped and the run fails. */
  readonly timeoutMs: number;
  /** Pause between DescribeTasks calls. */
  readonly pollMs: number;
}

/** The issue's goal: the run ends at most one poll after the task does, and a poll is at most 6 s. */
export const MAX_POLL_SECONDS = 6;
export const DEFAULT_POLL_SECONDS = 6;
export const DEFAULT_TIMEOUT_SECONDS = 3600;
/** CodeBuild's longest build (8 h): the caller that waits for us cannot wait longer. */
export const MAX_TIMEOUT_SECONDS = 8 * 3600;
/** awsvpc limits: 16 subnets and 5 security groups per task. */
export const MAX_SUBNETS = 16;
export const MAX_SECURITY_GROUPS = 5;

const SUBNET = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ARN_PREFIX = String.raw`^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:`;
const CLUSTER_ARN = new RegExp(`${ARN_PREFIX}cluster/[A-Za-z0-9_-]{1,255}$`);
const TASK_DEFINITION = /^[A-Za-z0-9_-]{1,255}(?::[1-9]\d*)?$/;
const TASK_DEFINITION_ARN = new RegExp(`${ARN_PREFIX}task-definition/[A-Za-z0-9_-]{1,255}:[1-9]\\d*$`);

export function checkCluster(cluster: string): string {
  if (NAME.test(cluster) || CLUSTER_ARN.test(cluster)) return cluster;
  throw new RunTaskInputError(
    `--cluster must be a cluster name (letters, digits, - and _) or a cluster ARN, got '${cluster}'`,
  );
}

export function checkTaskDefinition(taskDefinition: string): string {
  if (TASK_DEFINITION.test(taskDefinition) || TASK_DEFINITION_ARN.test(taskDefinition)) return taskDefinition;
  throw new RunTaskInputError(
    `--task-definition must be FAMILY, FAMILY:REVISION or a task definition ARN, got '${taskDefinition}'`,
  );
}

/** A comma-separated list of subnet ids (subnet-…), at most 16, none twice. */
export function parseSubnets(text: string): string[] {
  return parseIdList(text, '--subnets', SUBNET, 'subnet-0123456789abcdef0', MAX_SUBNETS);
}

/** A comma-separated list of security group ids (sg-…), at most 5, none twice. */
export function parseSecurityGroups(text: string): string[] {
  return parseIdList(text, '--security-groups', SECURITY_GROUP, 'sg-0123456789abcdef0', MAX_SECURITY_GROUPS);
}

function parseIdList(text: string, flag: string, pattern: RegExp, example: string, max: number): string[] {
  const ids = text.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) {
    throw new RunTaskInputError(`${flag} must be a comma-separated list such as ${example}, got '${text}'`);
  }
  const bad = ids.filter((id) => !pattern.test(id));
  if (bad.length > 0) {
    throw new RunTaskInputError(`${flag}: ${bad.map((id) => `'${id}'`).join(', ')} is not an id like ${example}`);
  }
  const twice = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (twice.length > 0) throw new RunTaskInputError(`${flag} lists ${twice[0]} more than once`);
  if (ids.length > max) throw new RunTaskInputError(`${flag} lists ${ids.length} ids; a task takes at most ${max}`);
  return ids;
}

/**
 * `--container` and `--command` together, or `--command` alone (then the task definition's only
 * essential container gets it). `--container` alone overrides nothing, so it is refused.
 */
export function commandOverride(
  container: string | undefined,
  command: string | undefined,
): CommandOverride | undefined {
  if (command === undefined) {
    if (container !== undefined)
      throw new RunTaskInputError('--container needs --command (it names where the command goes)');
    return undefined;
  }
  if (container !== undefined && !NAME.test(container)) {
    throw new RunTaskInputError(`--container must be a container name (letters, digits, - and _), got '${container}'`);
  }
  const words = splitCommand(command);
  if (words.length === 0) throw new RunTaskInputError('--command is empty');
  return { ...(container === undefined ? {} : { container }), words };
}

/** A number of seconds above 0 and at most `max`, as milliseconds; `fallback` seconds when absent. */
export function secondsOption(text: string | undefined, flag: string, fallback: number, max: number): number {
  if (text === undefined) return fallback * 1000;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= max)) {
    throw new RunTaskInputError(`${flag} must be a number of seconds above 0 and at most ${max}, got '${text}'`);
  }
  return Math.round(value * 1000);
}
