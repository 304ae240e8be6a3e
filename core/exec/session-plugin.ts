import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The program the AWS CLI and ecspresso hand an ECS Exec session to; it speaks the session's WebSocket protocol. */
export const SESSION_MANAGER_PLUGIN = 'session-manager-plugin';
export const PLUGIN_INSTALL_URL =
  'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html';

/** What ExecuteCommand answered: the session the plugin connects to. */
export interface ExecSession {
  readonly sessionId: string;
  readonly streamUrl: string;
  readonly tokenValue: string;
}

/** The task and container the session runs in: SSM names the target `ecs:<cluster>_<task id>_<runtime id>`. */
export interface SessionTarget {
  readonly taskArn: string;
  readonly runtimeId: string;
}

/**
 * The plugin's arguments, as the AWS CLI passes them (awscli/customizations/ecs/executecommand.py): the session
 * as JSON, the region, the operation, an empty profile, the target, and the ECS endpoint.
 */
export function pluginArguments(
  session: ExecSession,
  target: SessionTarget,
  region: string,
  endpoint: string,
): string[] {
  const [, cluster, taskId] = target.taskArn.split('/');
  return [
    JSON.stringify(session),
    region,
    'StartSession',
    '',
    JSON.stringify({ Target: `ecs:${cluster}_${taskId}_${target.runtimeId}` }),
    endpoint,
  ];
}

/** The plugin's path on `PATH`, or undefined when it is not installed there. */
export function findOnPath(program: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}
