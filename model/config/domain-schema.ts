import { z } from 'zod';

/**
 * The per-environment `domain:` block: a Route 53 hosted zone (by id and name, never looked up) and the
 * names the web service and the frontend answer on, with DNS-validated certificates unless existing
 * ones are given. environment-schema.ts only plugs it in.
 */

/** A lower-case DNS name without the trailing dot: labels of letters, digits and '-'. */
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const US_EAST_1_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/;

const ACCOUNT = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/;

const dnsName = () =>
  z.string().regex(DNS_NAME, "must be a lower-case DNS name such as app.example.com (no trailing '.')");

export const domainSchema = z
  .strictObject({
    hostedZoneId: z
      .string()
      .regex(HOSTED_ZONE_ID, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ')
      .describe('Id of the public hosted zone that holds the records (the zone is not looked up)'),
    zoneName: dnsName().describe('Name of that hosted zone, e.g. example.com'),
    zoneAccount: z
      .string()
      .regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)')
      .optional()
      .describe(
        "The account that holds hostedZoneId; another account needs delegation (default the environment's account)",
      ),
    delegation: z
      .strictObject({
        zoneName: dnsName().describe(
          "The environment's own zone, created in its account below zoneName, e.g. prod.example.com",
        ),
        roleArn: z
          .string()
          .regex(ROLE_ARN, 'must be an IAM role ARN (arn:aws:iam::<zone account>:role/<name>)')
          .describe("Role in the zone's account that may write the NS record of zoneName into hostedZoneId"),
      })
      .optional()
      .describe(
        'A subdomain zone in the environment account, delegated from hostedZoneId (its NS record written there ' +
          'through roleArn); the names and certificates use it (default records written into hostedZoneId directly)',
      ),
    serviceName: dnsName().describe(
      'Host name of the web service (its load balancer), in the zone, e.g. api.example.com',
    ),
    frontendName: dnsName()
      .optional()
      .describe(
        'Host name of the frontend, in the zone (default no custom name: the distribution answers on its ' +
          'cloudfront.net name)',
      ),
    certificateArn: z
      .string()
      .regex(CERTIFICATE_ARN, 'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)')
      .optional()
      .describe(
        "Existing certificate for serviceName in the environment's region (default a new DNS-validated certificate)",
      ),
    frontendCertificateArn: z
      .string()
      .regex(
        US_EAST_1_CERTIFICATE_ARN,
        'must be an ACM certificate ARN in us-east-1, where CloudFront reads certificates',
      )
      .optional()
      .describe('Existing certificate for frontendName (default a new DNS-validated certificate in us-east-1)'),
  })
  .superRefine((domain, ctx) => {
    const delegated = domain.delegation?.zoneName;
    if (delegated !== undefined && (delegated === domain.zoneName || !isInZone(delegated, domain.zoneName))) {
      ctx.addIssue({
        code: 'custom',
        path: ['delegation', 'zoneName'],
        input: delegated,
        message: `must be a subdomain of ${domain.zoneName} (ending in .${domain.zoneName})`,
      });
    }
    const recordZone = recordZoneName(domain);
    for (const field of ['serviceName', 'frontendName'] as const) {
      const value = domain[field];
      if (value !== undefined && !isInZone(value, recordZone)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          input: value,
          message:
            `must be inside the ${delegated ? 'delegated zone' : 'hosted zone'} ${recordZone} ` +
            `(equal to it or ending in .${recordZone})`,
        });
      }
    }
    const roleAccount = domain.delegation?.roleArn.split(':')[4];
    if (roleAccount !== undefined && domain.zoneAccount !== undefined && roleAccount !== domain.zoneAccount) {
      ctx.addIssue({
        code: 'custom',
        path: ['delegation', 'roleArn'],
        input: domain.delegation!.roleArn,
        message: `must be a role of the zone's account ${domain.zoneAccount}, which alone may write into hostedZoneId`,
      });
    }
    if (domain.delegation && domain.frontendName !== undefined && domain.frontendCertificateArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['frontendCertificateArn'],
        input: undefined,
        message:
          'is required with delegation and frontendName: the us-east-1 certificate stack deploys before the stack that ' +
          'creates the delegated zone, so it cannot validate there; give an existing us-east-1 certificate',
      });
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

/** The zone the records and certificate validations are written into: the delegated one, else the configured one. */
export function recordZoneName(domain: Pick<DomainConfig, 'zoneName' | 'delegation'>): string {
  return domain.delegation?.zoneName ?? domain.zoneName;
}

/** The account that holds `hostedZoneId`: the delegation role's, the configured one, else the environment's. */
export function zoneAccountOf(domain: Pick<DomainConfig, 'zoneAccount' | 'delegation'>, environmentAccount: string) {
  return domain.zoneAccount ?? domain.delegation?.roleArn.split(':')[4] ?? environmentAccount;
}

/** True when `name` is the zone's apex or a name below it. */
export function isInZone(name: string, zoneName: string): boolean {
  return name === zoneName || name.endsWith(`.${zoneName}`);
}
