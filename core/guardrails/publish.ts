import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { READ_TIMEOUT_MS } from './parameter';

/** SSM's Standard tier holds up to 4 KB; a longer document needs the Advanced tier. */
const STANDARD_TIER_LIMIT = 4096;

/**
 * Writes the guardrails document to the parameter (PutParameter, overwriting): what the platform team runs with its
 * own credentials. No stack the pipeline updates owns the parameter, so no commit rewrites it. Returns the version
 * SSM gave the new value.
 */
export async function publishGuardrailsParameter(
  client: SSMClient,
  name: string,
  text: string,
): Promise<number | undefined> {
  const answer = await client.send(
    new PutParameterCommand({
      Name: name,
      Value: text,
      Type: 'String',
      Overwrite: true,
      Tier: text.length > STANDARD_TIER_LIMIT ? 'Advanced' : 'Standard',
      Description:
        'Minimums of the delivery pipeline gates; published by the platform team (bluegreen guardrails publish)',
    }),
    { abortSignal: AbortSignal.timeout(READ_TIMEOUT_MS) },
  );
  return answer.Version;
}
