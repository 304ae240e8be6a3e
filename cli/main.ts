import { RunTaskInputError } from '../core/run-task/run-task-error';
import { ConfigError } from '../model/config/config-error';
import { toolVersion } from '../model/tool-files';
import { UsageError, type CliContext } from './context';

/** A command takes its own arguments and returns the process exit code. */
export type Command = (args: string[], context: CliContext) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// Loaded on demand so `bluegreen check` does not pay for aws-cdk-lib or the SDK clients it does not use.
const COMMANDS: Record<string, CommandEntry> = {
  init: {
    summary: "set up an application's repository: pipeline.config.yaml, cdk.json, package.json scripts, .gitignore",
    load: async () => (await import('./commands/init')).init,
  },
  app: {
    summary: "the CDK app of the application's pipeline (cdk.json's app), or its own entry point with --entry",
    load: async () => (await import('./commands/app')).app,
  },
  cdk: {
    summary: 'run the aws-cdk CLI this tool is tested with (synth, diff, deploy)',
    load: async () => (await import('./commands/cdk')).cdk,
  },
  plan: {
    summary: 'synthesize nothing; print the pipeline plan from the configuration',
    load: async () => (await import('./commands/plan')).plan,
  },
  render: {
    summary: 'write taskdef.json, appspec.yaml and imageDetail.json for CodeDeploy',
    load: async () => (await import('./commands/render')).render,
  },
  check: {
    summary: 'run the lifecycle-hook checks against a URL',
    load: async () => (await import('./commands/check')).check,
  },
  'scan-gate': {
    summary: 'wait for the ECR scan of an image and fail on findings',
    load: async () => (await import('./commands/scan-gate')).scanGate,
  },
  status: {
    summary: 'show the current or last deployment of an environment',
    load: async () => (await import('./commands/status')).status,
  },
  logs: {
    summary: "print a service's container logs from CloudWatch Logs (--since, --filter, --follow)",
    load: async () => (await import('./commands/logs')).logs,
  },
  exec: {
    summary: 'open a shell (or run a command) in a running task of a service, with ECS Exec',
    load: async () => (await import('./commands/exec')).exec,
  },
  rollback: {
    summary: 'stop the running deployment of an environment and roll back',
    load: async () => (await import('./commands/rollback')).rollback,
  },
  listeners: {
    summary: "after a stack update: point each web service's traffic listeners at its PRIMARY task set (--repoint)",
    load: async () => (await import('./commands/listeners')).listeners,
  },
  diff: {
    summary:
      'what changes between two cloud assemblies (cdk.out), or from what is deployed, marking what CloudFormation refuses or what loses data',
    load: async () => (await import('./commands/diff')).diff,
  },
  preflight: {
    summary: 'report what AWS would reject or mishandle in a synthesized cloud assembly (cdk.out)',
    load: async () => (await import('./commands/preflight')).preflight,
  },
  guardrails: {
    summary:
      'check the configuration against the gate minimums (guardrails check), or publish them (guardrails publish)',
    load: async () => (await import('./commands/guardrails')).guardrails,
  },
  bake: {
    summary: "watch an environment's rollback alarm after a deployment and fail if it goes off",
    load: async () => (await import('./commands/bake')).bake,
  },
  'run-task': {
    summary: 'run one Fargate task (a migration) to completion; exit 0 only when every essential container exited 0',
    load: async () => (await import('./commands/run-task')).runTask,
  },
  'roll-workers': {
    summary: "move an environment's workers to the new task definition revision, after its release tasks",
    load: async () => (await import('./commands/roll-workers')).rollWorkersCommand,
  },
  backups: {
    summary: 'newest recovery point and DR copy per protected resource, against the RPO',
    load: async () => (await import('./commands/backups')).backups,
  },
  handoff: {
    summary: 'pack a candidate for the release pipeline, or verify one against its hash (protected environments)',
    load: async () => (await import('./commands/handoff')).handoff,
  },
  frontend: {
    summary: "frontend publish: upload a frontend release to an environment's bucket, invalidate, prune old releases",
    load: async () => (await import('./commands/frontend')).frontend,
  },
};

/** The command names, in the order the usage lists them. */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return (
    `usage: bluegreen <command> [options]\n       bluegreen help <command>\n       bluegreen --version\n\n` +
    `commands:\n${lines.join('\n')}\n\n` +
    `Run 'bluegreen help <command>' (or 'bluegreen <command> --help') for a command's options.\n`
  );
}

export async function main(argv: string[], context: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version') {
    context.stdout(`${toolVersion()}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    context.stdout(usage());
    return first === undefined ? 2 : 0;
  }
  // `bluegreen help <command> [subcommand]` is `bluegreen <command> [subcommand] --help`.
  const [name, ...args] = first === 'help' ? [...rest, '--help'] : argv;
  const entry = COMMANDS[name];
  if (!entry) {
    context.stderr(`bluegreen: unknown command '${name}' (allowed: ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    const command = await entry.load();
    return await command(args, context);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof RunTaskInputError) {
      context.stderr(`bluegreen ${name}: ${error.message}\n`);
      return 2;
    }
    context.stderr(`bluegreen ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
