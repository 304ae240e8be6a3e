import { spawn } from 'node:child_process';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  execOffMessage,
  execTarget,
  findOnPath,
  PLUGIN_INSTALL_URL,
  pluginArguments,
  SESSION_MANAGER_PLUGIN,
  sessionTarget,
  startSession,
} from '../../core/exec';
import { ECS_TIMEOUTS } from '../../core/run-task';
import { optional, parseCommandArgs, required } from '../args';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import { UsageError, type CliContext } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

const HELP: CommandHelp = {
  command: 'exec',
  flags: {
    environment: environmentFlag(),
    service: serviceFlag('service whose running task to open (default: the first service)'),
    container: { type: 'string', value: 'NAME', help: "container in the task (default: app, the service's own)" },
    task: { type: 'string', value: 'ID', help: 'this running task (default: the first running task of the service)' },
    command: { type: 'string', value: 'CMD', help: 'what to run in the container (default: /bin/sh)' },
    config: CONFIG_FLAG,
  },
  description: `
Opens an interactive ECS Exec session in a running task of a service (ListTasks, DescribeTasks,
ExecuteCommand), through AWS's session-manager-plugin, which must be on PATH (${PLUGIN_INSTALL_URL}).
The environment must have \`exec: true\` in the config; every session is logged to the environment's encrypted
session log group. Uses the SDK's standard credentials in the environment's region.

Exit: the session's own exit code once it ends; 1: ECS could not be asked or refused (no credentials, no
running task, a task started without execute command, the agent not running), or the plugin is missing;
2: wrong usage, or exec is off for the environment.`,
};

/** `bluegreen exec`: finds a running task's container and hands ECS's session to session-manager-plugin. */
export const exec: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const configFile = optional(flags, 'config');
  let target;
  try {
    target = execTarget(context.config(configFile), required(flags, 'environment'), optional(flags, 'service'));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!target.execEnabled) {
    context.stderr(`bluegreen exec: ${execOffMessage(target, context.configPath(configFile))}\n`);
    return 2;
  }
  const plugin = findOnPath(SESSION_MANAGER_PLUGIN, context.env.PATH);
  if (plugin === undefined) {
    context.stderr(
      `bluegreen exec: ${SESSION_MANAGER_PLUGIN} is not on PATH; install it (${PLUGIN_INSTALL_URL}) and run again\n`,
    );
    return 1;
  }
  const container = optional(flags, 'container') ?? 'app';
  const client = new ECSClient({ region: target.region, requestHandler: ECS_TIMEOUTS });
  try {
    const running = await sessionTarget(client, target, container, optional(flags, 'task'));
    const session = await startSession(client, target, running, container, optional(flags, 'command') ?? '/bin/sh');
    const endpoint = context.env.AWS_ENDPOINT_URL_ECS ?? `https://ecs.${target.region}.amazonaws.com`;
    context.stderr(`Session ${session.sessionId} in ${running.taskArn} (${container}); it is logged.\n`);
    return await runPlugin(plugin, pluginArguments(session, running, target.region, endpoint), context);
  } finally {
    client.destroy();
  }
};

/** Runs the plugin on this terminal; Ctrl-C belongs to the session, not to this process, until the plugin ends. */
function runPlugin(plugin: string, args: string[], context: CliContext): Promise<number> {
  const ignoreInterrupt = () => undefined;
  process.on('SIGINT', ignoreInterrupt);
  return new Promise<number>((resolve) => {
    const child = spawn(plugin, args, { stdio: 'inherit', env: context.env });
    child.once('error', (error) => {
      context.stderr(`bluegreen exec: ${SESSION_MANAGER_PLUGIN} could not start: ${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  }).finally(() => process.off('SIGINT', ignoreInterrupt));
}
