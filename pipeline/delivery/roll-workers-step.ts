import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, ServiceConfig } from '../../model/config';
import { environmentNames } from '../../model/naming';
import type { EnvironmentStack } from '../environment/environment-stack';
import { roleArn } from '../partition';
import { buildSpecStep } from './pipeline-steps';
import { stepRole } from './step-role';

/** How long `bluegreen roll-workers` waits for the workers' deployments; the step gets ten minutes more. */
export const ROLL_WORKERS_TIMEOUT_MINUTES = 30;

/**
 * The variables that carry each worker's new revision to the RollWorkers step, `WORKER_TASK_DEFINITION_<n>` (the
 * buildspec turns each into one `--task-definition`), with `value` giving the worker's task definition ARN.
 */
export function workerTaskDefinitionVariables<T>(
  workers: readonly ServiceConfig[],
  value: (worker: ServiceConfig) => T,
): Record<string, T> {
  return Object.fromEntries(workers.map((worker, index) => [`WORKER_TASK_DEFINITION_${index}`, value(worker)]));
}

export interface RollWorkersStepProps {
  readonly application: string;
  readonly pipelineRegion: string;
  readonly environment: EnvironmentConfig;
  readonly stack: EnvironmentStack;
  readonly source: pipelines.CodePipelineSource;
  /** The environment's workers, in configuration order. */
  readonly workers: readonly ServiceConfig[];
}

/**
 * The delivery pipeline's RollWorkers step: `bluegreen roll-workers` through the environment's worker roller role,
 * with the revisions the stack registered (its outputs). The caller orders it after every release step and every
 * blue/green deployment of the environment, with or without a release task, so a worker always moves by this one
 * path.
 */
export function rollWorkersStep(scope: Construct, props: RollWorkersStepProps): pipelines.CodeBuildStep {
  const { environment, stack } = props;
  const names = environmentNames(props.application, environment, props.pipelineRegion);
  const rollerRoleArn = roleArn(environment.region, environment.account, names.workerRollerRole);
  return buildSpecStep('RollWorkers', {
    buildSpec: 'roll-workers.yml',
    input: props.source,
    role: stepRole(scope, `${environment.name}RollWorkersStepRole`, names.rollWorkersStepRole),
    timeout: Duration.minutes(ROLL_WORKERS_TIMEOUT_MINUTES + 10),
    env: {
      ENVIRONMENT: environment.name,
      ROLLER_ROLE_ARN: rollerRoleArn,
      TIMEOUT_SECONDS: String(ROLL_WORKERS_TIMEOUT_MINUTES * 60),
    },
    envFromCfnOutputs: workerTaskDefinitionVariables(
      props.workers,
      (worker) => stack.serviceOutputs[worker.name].taskDefinitionArn,
    ),
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [rollerRoleArn] })],
  });
}
