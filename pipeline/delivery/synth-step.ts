import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { BuildConfig } from '../config';
import { loadBuildSpec, type StepCommands } from './buildspec-file';

export interface SynthStepProps {
  readonly input: pipelines.IFileSetProducer;
  /** The application's own tests (`build.test`). */
  readonly build: BuildConfig;
  /** The SSM parameter the guardrails check reads. */
  readonly guardrailsParameter: string;
  /** What the step's role may do besides what CDK Pipelines grants (read the guardrails parameter). */
  readonly rolePolicyStatements: iam.PolicyStatement[];
}

/** The command of buildspecs/synth.yml after which the application's tests run. */
const GUARDRAILS_CHECK = 'bluegreen guardrails check';

/**
 * The Build step's commands: buildspecs/synth.yml with the application's test commands after the guardrails
 * check, so tests never run against a configuration that weakens a gate, and synth never runs on code whose
 * tests fail. The runtimes the tests need join Node in `runtime-versions`.
 */
export function synthStepCommands(spec: StepCommands, build: BuildConfig): StepCommands {
  const at = spec.commands.findIndex((command) => command.includes(GUARDRAILS_CHECK));
  if (at < 0) throw new Error(`buildspecs/synth.yml: no '${GUARDRAILS_CHECK}' command to run the tests after`);
  if (build.test === 'none') return spec;
  const phases = (spec.rest.phases ?? {}) as Record<string, Record<string, unknown>>;
  const install = phases.install ?? {};
  return {
    installCommands: spec.installCommands,
    commands: [...spec.commands.slice(0, at + 1), ...build.test.commands, ...spec.commands.slice(at + 1)],
    rest: {
      ...spec.rest,
      phases: {
        ...phases,
        install: {
          ...install,
          'runtime-versions': { ...(install['runtime-versions'] as object | undefined), ...build.test.runtime },
        },
      },
    },
  };
}

/** The Build step: install, guardrails check, the application's tests, synth, preflight; its output is cdk.out. */
export function synthStep(props: SynthStepProps): pipelines.CodeBuildStep {
  const spec = synthStepCommands(loadBuildSpec('synth.yml'), props.build);
  return new pipelines.CodeBuildStep('Synth', {
    input: props.input,
    primaryOutputDirectory: 'cdk.out',
    installCommands: spec.installCommands,
    commands: spec.commands,
    partialBuildSpec: codebuild.BuildSpec.fromObject(spec.rest),
    env: { GUARDRAILS_PARAMETER: props.guardrailsParameter },
    rolePolicyStatements: props.rolePolicyStatements,
  });
}
