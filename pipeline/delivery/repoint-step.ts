import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../model/config';
import { environmentNames } from '../../model/naming';
import { roleArn } from '../partition';
import { buildSpecStep } from './pipeline-steps';
import { stepRole } from './step-role';

/** The step's id in the delivery pipeline and its action's name in the release pipeline. */
export const REPOINT_STEP = 'RepointListeners';

export interface RepointStepProps {
  readonly application: string;
  readonly pipelineRegion: string;
  readonly environment: EnvironmentConfig;
  readonly source: pipelines.CodePipelineSource;
}

/**
 * `bluegreen listeners --repoint --invoke` right after the environment's CloudFormation deployment and before its
 * blue/green deployments: a stack update that touched a traffic listener left it forwarding to the template's
 * target group while the live tasks may stand behind the other one (aws-cdk#36649). It runs through the
 * environment's listener re-point role, which trusts exactly this step's fixed-name role and may only invoke the
 * environment's re-point function (no input), so the step itself can change no listener.
 */
export function repointStep(scope: Construct, props: RepointStepProps): pipelines.CodeBuildStep {
  const { environment } = props;
  const names = environmentNames(props.application, environment, props.pipelineRegion);
  const repointRoleArn = roleArn(environment.region, environment.account, names.listenerRepointRole);
  return buildSpecStep(REPOINT_STEP, {
    buildSpec: 'repoint-listeners.yml',
    input: props.source,
    role: stepRole(scope, `${environment.name}RepointStepRole`, names.repointStepRole),
    env: { ENVIRONMENT: environment.name, REPOINT_ROLE_ARN: repointRoleArn },
    rolePolicyStatements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [repointRoleArn] })],
  });
}
