import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { BuildConfig, TestCommands } from '../../model/config';
import { loadBuildSpec } from './buildspec-file';

export interface SynthStepProps {
  readonly input: pipelines.IFileSetProducer;
  /** The application's own tests (`build.test`), run by a Test step before this one. */
  readonly build: BuildConfig;
  /** The SSM parameter the guardrails check reads. */
  readonly guardrailsParameter: string;
  /** What the step's role may do besides what CDK Pipelines grants (read the guardrails parameter). */
  readonly rolePolicyStatements: iam.PolicyStatement[];
  /** The pipeline's artifact bucket, which the Test step may read but never write. */
  readonly artifactBucket: s3.IBucket;
}

/**
 * The Build stage: the application's tests (`build.test`) in a Test step of their own, then the Synth step
 * (buildspecs/synth.yml: install, guardrails check, synth, preflight), whose output cdk.out the pipeline deploys.
 * The tests run third-party code (test runners, `pip install`), so they get their own container and a role that
 * cannot write the artifacts: nothing they do can reach the assembly Synth produces from the untouched source.
 */
export function buildStageSteps(props: SynthStepProps): {
  readonly synth: pipelines.CodeBuildStep;
  /** Undefined with `build.test: none`. */
  readonly test?: pipelines.CodeBuildStep;
} {
  const spec = loadBuildSpec('synth.yml');
  const synth = new pipelines.CodeBuildStep('Synth', {
    input: props.input,
    primaryOutputDirectory: 'cdk.out',
    installCommands: spec.installCommands,
    commands: spec.commands,
    partialBuildSpec: codebuild.BuildSpec.fromObject(spec.rest),
    env: { GUARDRAILS_PARAMETER: props.guardrailsParameter },
    rolePolicyStatements: props.rolePolicyStatements,
  });
  if (props.build.test === 'none') return { synth };
  const test = testStep(props.input, props.build.test, props.artifactBucket);
  synth.addStepDependency(test);
  return { synth, test };
}

/** The application's tests, in the runtimes they name beside Node, with no output and no write to the artifacts. */
export function testStep(
  input: pipelines.IFileSetProducer,
  test: TestCommands,
  artifactBucket: s3.IBucket,
): pipelines.CodeBuildStep {
  return new pipelines.CodeBuildStep('Test', {
    input,
    commands: test.commands,
    partialBuildSpec:
      Object.keys(test.runtime).length > 0
        ? codebuild.BuildSpec.fromObject({ phases: { install: { 'runtime-versions': test.runtime } } })
        : undefined,
    rolePolicyStatements: [
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['s3:PutObject*', 's3:DeleteObject*', 's3:AbortMultipartUpload', 's3:RestoreObject'],
        resources: [artifactBucket.arnForObjects('*')],
      }),
    ],
  });
}
