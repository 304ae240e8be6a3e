/**
 * Runs the synthesized Build step of an application's pipeline on this machine, as CodeBuild would run it, in
 * the application's directory: every install and build command of the pipeline stack's Synth project, in order,
 * each through bash, stopping at the first that fails. The one command that needs AWS, the guardrails check
 * against the SSM parameter, runs against the tool's guardrails.example.yaml instead.
 * Usage (in the application's directory, after `npm start`): tsx run-build-step.ts [cdk.out]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Project {
  readonly Type: string;
  readonly Properties: { readonly Source?: { readonly BuildSpec?: string } };
}
interface BuildSpec {
  readonly phases: Record<string, { readonly commands?: string[] } | undefined>;
}

const SSM_GUARDRAILS = /--parameter "\$GUARDRAILS_PARAMETER"/;
const LOCAL_GUARDRAILS = '--guardrails node_modules/ecs-bluegreen-pipeline/guardrails.example.yaml';

function buildStepSpec(assembly: string): BuildSpec {
  const file = readdirSync(assembly).find((name) => name.endsWith('-pipeline.template.json'));
  if (!file) throw new Error(`no <application>-pipeline.template.json in ${assembly}`);
  const template = JSON.parse(readFileSync(join(assembly, file), 'utf8')) as { Resources: Record<string, Project> };
  const specs = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::CodeBuild::Project')
    .map((r) => r.Properties.Source?.BuildSpec ?? '')
    .filter((spec) => spec.includes('bluegreen cdk synth'));
  if (specs.length !== 1) throw new Error(`expected one Build step project in ${file}, found ${specs.length}`);
  return JSON.parse(specs[0]) as BuildSpec;
}

const spec = buildStepSpec(process.argv[2] ?? 'cdk.out');
const commands = ['install', 'build'].flatMap((phase) => spec.phases[phase]?.commands ?? []);
for (const command of commands) {
  const local = command.replace(SSM_GUARDRAILS, LOCAL_GUARDRAILS);
  process.stdout.write(`build-step: $ ${local}${local === command ? '' : '   (instead of the SSM parameter)'}\n`);
  const run = spawnSync('bash', ['-c', local], { stdio: 'inherit' });
  if (run.status !== 0) {
    process.stdout.write(`build-step: FAILED (exit ${run.status ?? run.signal}): ${local}\n`);
    process.exit(1);
  }
}
process.stdout.write(`build-step: ${commands.length} commands passed\n`);
