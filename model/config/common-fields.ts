import { z } from 'zod';
import { AWS_REGIONS } from '../aws-regions';

/** Field formats the blocks of the configuration share. */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
export const ACCOUNT = /^\d{12}$/;

/** An AWS region, one aws-cdk-lib knows; `example` shows its form in the message. */
export const awsRegion = (example: string) =>
  z.string().refine((region) => AWS_REGIONS.includes(region), {
    message: `must be an AWS region such as ${example} (one aws-cdk-lib knows; check the spelling)`,
  });

/** A name that goes into physical names: the application's, an environment's. */
export const resourceName = () =>
  z.string().regex(NAME, "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter");

/** A CodeConnections connection ARN, under either of the service's two prefixes. */
export const connectionArn = () =>
  z
    .string()
    .regex(
      /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
      'must be a CodeConnections connection ARN (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID)',
    );

export const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ARN of ${service} (arn:aws:${service}:…)`);
