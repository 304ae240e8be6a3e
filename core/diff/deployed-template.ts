import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { parseTemplate } from '../preflight/assembly';
import type { Template } from '../preflight/assembly-model';
import { asObject, type JsonValue } from '../preflight/json-value';
import { DeployedReadError, explainGetTemplateError, type DeployedStackRef } from './deployed-error';

/** Socket bounds for every CloudFormation call, so no command waits forever on a silent endpoint. */
export const CLOUDFORMATION_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;

/** GetTemplate's answer for a stack that does not exist: a ValidationError, "Stack with id X does not exist". */
const NO_SUCH_STACK = /does not exist/i;

/**
 * The template CloudFormation holds for a running stack, as it was submitted (TemplateStage Original: what
 * CDK synthesized, before any transform), or undefined when no stack of that name exists yet.
 */
export async function readDeployedTemplate(
  client: CloudFormationClient,
  ref: DeployedStackRef,
): Promise<Template | undefined> {
  let body: string | undefined;
  try {
    const answer = await client.send(new GetTemplateCommand({ StackName: ref.stackName, TemplateStage: 'Original' }));
    body = answer.TemplateBody;
  } catch (error) {
    if (isNoSuchStack(error)) return undefined;
    throw new DeployedReadError(explainGetTemplateError(error, ref));
  }
  return parseDeployedTemplate(body, ref);
}

/** The deployed template body as a template; CDK deploys JSON, so anything else is reported, not guessed at. */
export function parseDeployedTemplate(body: string | undefined, ref: DeployedStackRef): Template {
  const label = `the deployed template of stack ${ref.stackName} (account ${ref.account}, ${ref.region})`;
  let document: JsonValue;
  try {
    document = JSON.parse(body ?? '') as JsonValue;
  } catch {
    throw new DeployedReadError(
      `${label} is not JSON (deployed by hand in YAML?); diff compares the JSON templates CDK deploys`,
    );
  }
  const object = asObject(document);
  if (object === undefined) throw new DeployedReadError(`${label} is not a JSON object`);
  try {
    return parseTemplate(object, label);
  } catch (error) {
    throw new DeployedReadError((error as Error).message);
  }
}

function isNoSuchStack(error: unknown): boolean {
  const { name, message } = error instanceof Error ? error : { name: '', message: '' };
  return name === 'ValidationError' && NO_SUCH_STACK.test(message);
}

/** Created per region and run, so the SDK reads AWS_ENDPOINT_URL_CLOUDFORMATION and the credentials as they are now. */
export function cloudFormationClient(region: string): CloudFormationClient {
  return new CloudFormationClient({ region, requestHandler: CLOUDFORMATION_TIMEOUTS });
}
