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
  const { name, message, code } = errorFields(error);
  const where = describeGroup(ref);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return (
      `no AWS credentials found for ${where}: the SDK looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ` +
      `the shared config and credentials files, SSO and instance/container metadata. Sign in with a role in account ` +
      `${ref.account} (for example 'aws sso login' and AWS_PROFILE=<profile>) and run again`
    );
  }
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

function errorFields(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as Error & { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}
