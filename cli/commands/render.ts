import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ServiceConfig, WebService } from '../../model/config';
import { serviceGates } from '../../model/config/release-gates';
import { isWebService } from '../../model/config/service-config';
import { imageUriIn } from '../../model/image-regions';
import { findService, serviceNames } from '../../model/naming';
import {
  hookFunctionProblem,
  imageUriProblem,
  parseDescribeOutput,
  RenderError,
  renderDeployFiles,
  type RenderedFile,
} from '../../core/render';
import { optional, parseCommandArgs, required } from '../args';
import { UsageError, type CliContext } from '../context';
import { CONFIG_FLAG, environmentFlag, environmentOfFlag, serviceFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

const REGISTRY_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const HELP: CommandHelp = {
  command: 'render',
  flags: {
    'task-definition': {
      type: 'string',
      value: 'FILE|-',
      required: true,
      help: `JSON printed by 'aws ecs describe-task-definition [--include TAGS]' ('-' reads stdin);
its bare taskDefinition object (--query taskDefinition) is accepted too`,
    },
    out: {
      type: 'string',
      value: 'DIR',
      required: true,
      help: 'created when missing; other files in it are left alone',
    },
    environment: environmentFlag(
      'environment whose hook function the appspec names (default: the first configured)',
      false,
    ),
    service: serviceFlag('web service the deploy files are for (default: the first web service)'),
    config: CONFIG_FLAG,
    container: { type: 'string', value: 'NAME', help: `app container (default: the service's containerName)` },
    port: { type: 'string', value: 'N', help: `container port behind the load balancer (default: the service's port)` },
    'image-uri': {
      type: 'string',
      value: 'URI',
      help: 'image pinned by digest, REPOSITORY@sha256:<64 hex>; a bare tag is refused',
    },
    'image-registry': {
      type: 'string',
      value: 'HOST',
      help: `the registry the environment pulls from (its region's copy, same digest): replaces --image-uri's host`,
    },
    'hook-function': {
      type: 'string',
      value: 'NAME',
      help: 'Lambda function the hooks invoke (default: CodeDeployHook_<application>-<environment>)',
    },
  },
  description: `
Writes what the CodeDeployToECS action reads into DIR:
  taskdef.json      the task definition, read-only fields stripped, the app container's image set to <IMAGE1_NAME>
  appspec.yaml      the ECS appspec: TaskDefinition <TASK_DEFINITION>, app container and port, the configured hooks
  imageDetail.json  {"ImageURI": ...}, only with --image-uri`,
};

/** `bluegreen render`: a thin shell over core/render that reads the input and writes the files. */
export const render: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const input = required(flags, 'task-definition');
  const outDir = resolve(context.cwd, required(flags, 'out'));
  const port = parsePort(optional(flags, 'port'));
  const registry = optional(flags, 'image-registry');
  if (registry !== undefined && !REGISTRY_HOST.test(registry)) {
    throw new UsageError(`--image-registry must be <account>.dkr.ecr.<region>.amazonaws.com, got '${registry}'`);
  }
  const givenImage = optional(flags, 'image-uri');
  const imageUri = givenImage === undefined || registry === undefined ? givenImage : imageUriIn(givenImage, registry);
  const imageProblem = imageUri === undefined ? undefined : imageUriProblem(imageUri);
  if (imageProblem !== undefined) throw new UsageError(`--image-uri ${imageProblem}`);
  const hookFunctionFlag = optional(flags, 'hook-function');
  const hookProblem = hookFunctionFlag === undefined ? undefined : hookFunctionProblem(hookFunctionFlag);
  if (hookProblem !== undefined) throw new UsageError(`--hook-function ${hookProblem}`);

  const config = context.config(optional(flags, 'config'));
  const environment = environmentOfFlag(config.environments, optional(flags, 'environment'));
  const service = chooseWebService(config.services, optional(flags, 'service'));
  const described = parseDescribeOutput(await readInput(input, context), input === '-' ? 'stdin' : input);
  const names = serviceNames(config.application, environment, service);
  // The checks run on green through the test listener, the integration suite's gate at AfterAllowTestTraffic, and
  // the smoke function against the production listener at AfterAllowTraffic (all deployed by the stack).
  const gates = serviceGates(config, service);
  const result = renderDeployFiles(described, {
    containerName: optional(flags, 'container') ?? service.containerName,
    containerPort: port ?? service.port,
    hooks: gates.checksOnGreen,
    hookFunction: hookFunctionFlag ?? names.hookFunction,
    hookFunctions: {
      ...(gates.integrationTests ? { AfterAllowTestTraffic: names.integrationGateFunction } : {}),
      ...(gates.smoke ? { AfterAllowTraffic: names.smokeFunction } : {}),
    },
    imageUri,
  });

  await writeFiles(outDir, result.files);
  for (const note of result.notes) context.stderr(`note: ${note}\n`);
  for (const file of result.files) context.stdout(`wrote ${join(outDir, file.name)}\n`);
  return 0;
};

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw new UsageError(`--port must be a whole number from 1 to 65535, got '${value}'`);
  return port;
}

function chooseWebService(services: readonly ServiceConfig[], name: string | undefined): WebService {
  const web = services.filter(isWebService);
  try {
    return findService(web, name);
  } catch (error) {
    throw new UsageError(`--service: ${(error as Error).message.replace('unknown service', 'unknown web service')}`);
  }
}

async function readInput(input: string, context: CliContext): Promise<string> {
  if (input === '-') return readStdin(context.stdin);
  const path = resolve(context.cwd, input);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new RenderError(
      `cannot read --task-definition ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

// A terminal never ends its input by itself, so refuse it rather than wait forever.
async function readStdin(stdin: Readable): Promise<string> {
  if ((stdin as Readable & { isTTY?: boolean }).isTTY === true) {
    throw new UsageError(
      '--task-definition - reads stdin, but stdin is a terminal; pipe the describe-task-definition JSON in',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function writeFiles(outDir: string, files: readonly RenderedFile[]): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
    for (const file of files) await writeFile(join(outDir, file.name), file.content);
  } catch (error) {
    throw new RenderError(`cannot write to --out ${outDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
