import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';

/** The guardrails parameter could not be read: the check fails closed with this message. */
export class GuardrailsUnavailable extends Error {
  override readonly name = 'GuardrailsUnavailable';
}

/** The text of the parameter and which version of it was read. */
export interface ParameterText {
  readonly value: string;
  readonly version?: number;
}

/** A read that hangs this long fails; nothing waits forever for an answer. */
export const READ_TIMEOUT_MS = 30_000;

const CREDENTIALS_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
]);

/**
 * Reads the guardrails parameter with GetParameter (WithDecryption, so a SecureString works too).
 * Throttling and transient errors are retried by the SDK's standard retry strategy; anything that
 * still fails throws GuardrailsUnavailable naming the parameter and what to fix. Never returns a
 * default: without the parameter there are no known minimums, so the check cannot pass.
 */
export async function readGuardrailsParameter(client: SSMClient, name: string): Promise<ParameterText> {
  const answer = await client
    .send(new GetParameterCommand({ Name: name, WithDecryption: true }), {
      abortSignal: AbortSignal.timeout(READ_TIMEOUT_MS),
    })
    .catch((error: unknown) => {
      throw new GuardrailsUnavailable(explain(error, name));
    });
  const value = answer.Parameter?.Value;
  if (value === undefined || value.trim() === '') {
    throw new GuardrailsUnavailable(`SSM parameter ${name} has no value; it must hold the guardrails document`);
  }
  return { value, ...(answer.Parameter?.Version === undefined ? {} : { version: answer.Parameter.Version }) };
}

function explain(error: unknown, name: string): string {
  const type = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const prefix = `cannot read the guardrails from SSM parameter ${name}`;
  if (type === 'ParameterNotFound') {
    return `${prefix}: it does not exist in this account and region (the platform team publishes it with bluegreen guardrails publish; check --region and the credentials' account)`;
  }
  if (type === 'AccessDeniedException') {
    return `${prefix}: access denied: the caller needs ssm:GetParameter on it (and kms:Decrypt on its key if it is a SecureString): ${message}`;
  }
  if (CREDENTIALS_ERRORS.has(type)) {
    return `${prefix}: no usable AWS credentials (${type}: ${message})`;
  }
  if (type === 'TimeoutError' || type === 'AbortError') {
    return `${prefix}: no answer within ${READ_TIMEOUT_MS / 1000} s`;
  }
  return `${prefix}: ${type}: ${message}`;
}
