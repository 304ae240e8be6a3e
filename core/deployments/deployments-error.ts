import { errorFields, isMissingCredentials, missingCredentialsMessage } from '../aws-errors';
import { describeGroup, type GroupRef } from './group-ref';

/** A CodeDeploy call that failed or answered nonsense; the message says what to do, without a stack trace. */
export class DeploymentsError extends Error {
  override readonly name = 'DeploymentsError';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const REFUSED_CREDENTIALS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

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
  if (REFUSED_CREDENTIALS.has(name)) {
    return `CodeDeploy refused ${operation} for ${where} (${name}: ${message}); use credentials of a role in account ${ref.account} that may call it`;
  }
  if (name === 'TimeoutError' || (code !== undefined && NETWORK_CODES.has(code))) {
    return `cannot reach CodeDeploy in ${ref.region} for ${operation} (${code ?? name}: ${message})`;
  }
  return `CodeDeploy ${operation} failed for ${where}: ${name}: ${message}`;
}
