/**
 * An application's `extendEnvironment` (test/pipeline/app.test.ts): grants each environment's service task role
 * `ses:SendEmail` on an identity named after the call's order and the environment it was given, so the templates
 * show which environment each call received and in which order. A module of its own, so the synthesis it extends
 * is shared through `synthesized(config, tag, SEND_EMAIL_EXTENSION)` (test/support/synthesized.ts).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { EnvironmentConfig } from '../../../model/config';
import type { EnvironmentStage } from '../../../pipeline';

/** This module, as `synthesized()` names it. */
export const SEND_EMAIL_EXTENSION = __filename;

/** The identity the call numbered `call` (from 1, per app) grants for `environment`. */
export const identityArn = (call: number, environment: string) =>
  `arn:aws:ses:eu-west-1:1:identity/call-${call}-${environment}`;

const calls = new WeakMap<IConstruct, number>();

export function extendEnvironment(stage: EnvironmentStage, environment: EnvironmentConfig): void {
  const app = stage.node.root;
  const call = (calls.get(app) ?? 0) + 1;
  calls.set(app, call);
  stage.serviceStack.taskDefinitions.service.addToTaskRolePolicy(
    new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn(call, environment.name)] }),
  );
}
