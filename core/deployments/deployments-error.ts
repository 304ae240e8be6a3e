import {
  errorFields,
  isMissingCredentials,
  isRefusedCredentials,
  isUnreachable,
  missingCredentialsMessage,
  refusedCredentialsMessage,
} from '../aws-errors';
import { describeGroup, type GroupRef } from './group-ref';

/** A CodeDeploy call that failed or answered nonsense; the message says what to do, without a stack trace. */
export class DeploymentsError extends Error {
  override readonly name = 'DeploymentsError';
}

/** Turns an SDK error of `operation` into one readable sentence that names the group and the way out. */
export function explainCodeDeployError(error: unknown, operation: string, ref: GroupRef): string {
  const fields = errorFields(error);
  const { name, message, code } = fields;
  const where = describeGroup(ref);
  if (isMissingCredentials(fields)) return missingCredentialsMessage(where, ref.account);
  if (name === 'DeploymentGroupDoesNotExistException') {
    return (
      `deployment group '${ref.deploymentGroup}' of application '${ref.application}' does not exist in ${ref.region}: ` +
      `has the ${ref.environment} environment been deployed, and are your credentials for its account ${ref.account}?`
    );
  }
  if (name === 'ApplicationDoesNotExistException') {
    return (
      `CodeDeploy application '${ref.application}' does not exist in ${ref.region}: has the ${ref.environment} ` +
      `environment been deployed, and are your credentials for its account ${ref.account}?`
    );
  }
  if (name === 'DeploymentDoesNotExistException' || name === 'InvalidDeploymentIdException') {
    return `${operation}: ${message} (looked in ${where})`;
  }
  if (name === 'DeploymentAlreadyCompletedException') {
    return `${operation}: the deployment finished before it could be stopped (${message}); see 'bluegreen status --environment ${ref.environment}'`;
  }
  if (name === 'AccessDeniedException' || isRefusedCredentials(fields)) {
    return refusedCredentialsMessage('CodeDeploy', operation, where, ref.account, fields);
  }
  if (isUnreachable(fields)) {
    return `cannot reach CodeDeploy in ${ref.region} for ${operation} (${code ?? name}: ${message})`;
  }
  return `CodeDeploy ${operation} failed for ${where}: ${name}: ${message}`;
}
