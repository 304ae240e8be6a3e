/**
 * Runs the synthesized Build step of an application's pipeline on this machine as CodeBuild would, in the
 * application's directory: the Test step's commands, then the Synth step's, each install and build command in
 * order through bash, with the project's environment variables, stopping at the first that fails. The one AWS
 * call, the guardrails check's GetParameter, goes to a local SSM endpoint on 127.0.0.1 (the real SDK client,
 * through AWS_ENDPOINT_URL_SSM) that answers with the tool's guardrails.example.yaml, standing in for the value
 * the platform team publishes (bluegreen guardrails publish).
 * Usage (in the application's directory, after `npm start`): tsx run-build-step.ts [cdk.out]
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface Resource {
  readonly Type: string;
  readonly Properties: {
    readonly Stages?: { Name: string; Actions: { Name: string; Configuration: { ProjectName?: { Ref: string } } }[] }[];
    readonly Source?: { readonly BuildSpec?: string };
    readonly Environment?: { readonly EnvironmentVariables?: { Name: string; Value: unknown }[] };
  };
}
interface Step {
  readonly name: string;
  readonly commands: string[];
  readonly variables: Record<string, string>;
}

const GUARDRAILS = join('node_modules', 'ecs-bluegreen-pipeline', 'guardrails.example.yaml');

/** The actions of the pipeline's Build stage in order (Test, when there are tests, then Synth) with their projects. */
function buildSteps(assembly: string): Step[] {
  const file = readdirSync(assembly).find((name) => name.endsWith('-pipeline.template.json'));
  if (!file) throw new Error(`no <application>-pipeline.template.json in ${assembly}`);
  const resources = (JSON.parse(readFileSync(join(assembly, file), 'utf8')) as { Resources: Record<string, Resource> })
    .Resources;
  const pipeline = Object.values(resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  const build = pipeline?.Properties.Stages?.find((stage) => stage.Name === 'Build');
  if (!build) throw new Error(`no Build stage in ${file}`);
  return build.Actions.map((action) => {
    const project = resources[action.Configuration.ProjectName?.Ref ?? ''];
    if (project?.Type !== 'AWS::CodeBuild::Project')
      throw new Error(`action ${action.Name} runs no project of ${file}`);
    const spec = JSON.parse(project.Properties.Source?.BuildSpec ?? '{}') as {
      phases?: Record<string, { commands?: string[] } | undefined>;
    };
    const variables = Object.fromEntries(
      (project.Properties.Environment?.EnvironmentVariables ?? []).map((v) => [v.Name, valueOf(v.Value, resources)]),
    );
    const commands = ['install', 'build'].flatMap((phase) => spec.phases?.[phase]?.commands ?? []);
    return { name: action.Name, commands, variables };
  });
}

/** A variable's value as CloudFormation resolves it: a literal, or a Ref to a resource of the stack by its Name. */
function valueOf(value: unknown, resources: Record<string, Resource>): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string } | null)?.Ref;
  const name = ref === undefined ? undefined : (resources[ref]?.Properties as { Name?: unknown } | undefined)?.Name;
  if (typeof name !== 'string') throw new Error(`cannot resolve the variable value ${JSON.stringify(value)}`);
  return name;
}

/** A local SSM endpoint: GetParameter answers with the guardrails, anything else is refused. */
function localSsm(value: string): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'AmazonSSM.GetParameter') {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'AccessDeniedException', message: `not served here: ${target}` }));
        return;
      }
      const { Name } = JSON.parse(body) as { Name: string };
      response.end(JSON.stringify({ Parameter: { Name, Type: 'String', Value: value, Version: 1 } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs a command through bash; asynchronously, so this process's SSM endpoint keeps answering meanwhile. */
function run(command: string, env: NodeJS.ProcessEnv): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { stdio: 'inherit', env });
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

async function main(): Promise<number> {
  const steps = buildSteps(process.argv[2] ?? 'cdk.out');
  const ssm = await localSsm(readFileSync(GUARDRAILS, 'utf8'));
  const endpoint = `http://127.0.0.1:${(ssm.address() as AddressInfo).port}`;
  try {
    let count = 0;
    for (const step of steps) {
      for (const command of step.commands) {
        process.stdout.write(`build-step: ${step.name}: $ ${command}\n`);
        const status = await run(command, {
          ...process.env,
          ...step.variables,
          AWS_ENDPOINT_URL_SSM: endpoint,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        });
        if (status !== 0) {
          process.stdout.write(`build-step: FAILED (exit ${status}): ${command}\n`);
          return 1;
        }
        count += 1;
      }
    }
    process.stdout.write(`build-step: ${steps.map((s) => s.name).join(' and ')}: ${count} commands passed\n`);
    return 0;
  } finally {
    ssm.close();
  }
}

void main().then((code) => (process.exitCode = code));
