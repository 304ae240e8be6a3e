import { z } from 'zod';

/**
 * The per-environment `domain:` block: a Route 53 hosted zone (by id and name, never looked up) and the
 * names the web service and the frontend answer on, with DNS-validated certificates unless existing
 * ones are given. Kept apart from schema.ts; schema.ts only plugs it in.
 */

/** A lower-case DNS name without the trailing dot: labels of letters, digits and '-'. */
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const US_EAST_1_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;

const dnsName = () =>
  z.string().regex(DNS_NAME, "must be a lower-case DNS name such as app.example.com (no trailing '.')");

export const domainSchema = z
  .strictObject({
    hostedZoneId: z
      .string()
      .regex(HOSTED_ZONE_ID, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ')
      .describe('Id of the public hosted zone that holds the records (the zone is not looked up)'),
    zoneName: dnsName().describe('Name of that hosted zone, e.g. example.com'),
    serviceName: dnsName().describe(
      'Host name of the web service (its load balancer), in the zone, e.g. api.example.com',
    ),
    frontendName: dnsName()
      .optional()
      .describe(
        '@default no custom name (the distribution answers on its cloudfront.net name). Host name of the frontend, in the zone',
      ),
    certificateArn: z
      .string()
      .regex(CERTIFICATE_ARN, 'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)')
      .optional()
      .describe(
        "@default a new DNS-validated certificate. Existing certificate for serviceName in the environment's region",
      ),
    frontendCertificateArn: z
      .string()
      .regex(
        US_EAST_1_CERTIFICATE_ARN,
        'must be an ACM certificate ARN in us-east-1, where CloudFront reads certificates',
      )
      .optional()
      .describe('@default a new DNS-validated certificate in us-east-1. Existing certificate for frontendName'),
  })
  .superRefine((domain, ctx) => {
    for (const field of ['serviceName', 'frontendName'] as const) {
      const value = domain[field];
      if (value !== undefined && !isInZone(value, domain.zoneName)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          input: value,
          message: `must be inside the hosted zone ${domain.zoneName} (equal to it or ending in .${domain.zoneName})`,
        });
      }
    }
    if (domain.frontendName !== undefined && domain.frontendName === domain.serviceName) {
      ctx.addIssue({
        code: 'custom',
        path: ['frontendName'],
        input: domain.frontendName,
        message: 'must differ from serviceName: each name gets its own alias record',
      });
    }
    if (domain.frontendCertificateArn !== undefined && domain.frontendName === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['frontendCertificateArn'],
        input: domain.frontendCertificateArn,
        message: 'needs frontendName: the certificate is only used for the custom frontend name',
      });
    }
  });

export type DomainConfig = z.output<typeof domainSchema>;

/** True when `name` is the zone's apex or a name below it. */
export function isInZone(name: string, zoneName: string): boolean {
  return name === zoneName || name.endsWith(`.${zoneName}`);
}
