import { z } from 'zod';
import { backupOverrideSchema } from './backup-schema';
import { cacheOverrideSchema } from './cache-schema';
import { ACCOUNT, arn, awsRegion, resourceName } from './common-fields';
import { databaseOverrideSchema } from './database-schema';
import { alarmsSchema, deploymentSchema, deploymentWindowSchema } from './deployment-schema';
import { domainSchema } from './domain-schema';
import { refineDomain } from './frontend-refine';
import { existingVpcSchema, refineNetwork } from './network-schema';
import { scalingOverrideSchema, scalingSchema } from './scaling-schema';
import { secretsSchema } from './secret-schema';
import { environmentVariables, serviceName } from './service-fields';

/** One entry of `environments:`: where it deploys, how, and what it overrides of the top-level blocks. */

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** An IPv4 CIDR of prefix length 8 to 32. */
const OPERATOR_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}\\/([89]|[12]\\d|3[0-2])$`);

export const environmentSchema = z
  .strictObject({
    name: resourceName().describe('Name of the environment, each once; it goes into physical names'),
    account: z
      .string()
      .regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)')
      .describe('The AWS account the environment deploys to'),
    region: awsRegion('eu-west-1').describe('The AWS region the environment deploys to'),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-1a'))
      .min(2, 'needs at least 2 availability zones')
      .max(6)
      .describe("Availability zones of the environment's region the network spans, 2 to 6 (configured, no lookups)"),
    vpcCidr: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/, 'must be an IPv4 CIDR from /16 to /24')
      .default('10.0.0.0/16')
      .describe('IPv4 CIDR of the new VPC, from /16 to /24 (default 10.0.0.0/16)'),
    natGateways: z
      .int()
      .min(1)
      .max(6)
      .optional()
      .describe('NAT gateways of the new VPC (default one per availability zone)'),
    vpc: existingVpcSchema
      .optional()
      .describe('An existing VPC, imported by id with its subnets per role (default a new VPC of vpcCidr)'),
    certificateArn: arn('acm').optional().describe('Serves HTTPS on the production listener and redirects HTTP'),
    domainName: z
      .string()
      .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS name such as app.example.com')
      .optional()
      .describe('The host name the certificate covers; the production URL uses it'),
    testListenerPort: z
      .int()
      .min(1)
      .max(65535)
      // The production listener serves 80, and 443 with a certificate (which redirects 80): a load balancer takes one
      // listener per port (ELB refuses a second one, DuplicateListener).
      .refine((port) => port !== 80 && port !== 443, 'must not be 80 or 443, the production listener ports')
      .default(8443)
      .describe('Port of the test listener, which serves green before the traffic shifts (default 8443)'),
    operatorCidrs: z
      .array(
        // The test listener serves green before any user does, so it is never public: a /0 or any range
        // wider than a /8 (the largest block ever allocated to one organisation) is refused.
        z
          .string()
          .regex(
            OPERATOR_CIDR,
            'must be an IPv4 CIDR from /8 to /32, e.g. 203.0.113.0/24; the test listener serves unreleased code, ' +
              'so 0.0.0.0/0 and ranges wider than /8 are refused',
          ),
      )
      .default([])
      .describe(
        'Extra sources allowed to reach the test listener (the hook always can); IPv4 CIDRs from /8 to /32 ' +
          '(default none)',
      ),
    deployment: deploymentSchema,
    terminationWaitMinutes: z
      .int()
      .min(0)
      .max(2880)
      .default(5)
      .describe(
        'Minutes the blue task set keeps running after the traffic shift before CodeDeploy stops it (default 5)',
      ),
    alarms: alarmsSchema,
    scaling: scalingSchema,
    approval: z
      .boolean()
      .default(false)
      .describe('A person approves in the console before this environment deploys (default false)'),
    exec: z
      .boolean()
      .default(false)
      .describe(
        'ECS Exec into running tasks (`bluegreen exec`), with sessions logged, encrypted, to CloudWatch Logs. ' +
          'CloudFormation cannot switch it on an existing web service (CODE_DEPLOY): choose it when the environment ' +
          'is created (default false)',
      ),
    deploymentWindow: deploymentWindowSchema
      .optional()
      .describe('Days and hours (UTC) in which this environment may deploy; any time when absent'),
    backup: backupOverrideSchema.optional().describe('Overrides the top-level backup block for this environment'),
    database: databaseOverrideSchema.optional().describe('Overrides the top-level database in this environment'),
    cache: cacheOverrideSchema.optional().describe('Overrides the top-level cache in this environment'),
    domain: domainSchema
      .optional()
      .describe(
        'Route 53 zone and names: HTTPS for the web service (instead of certificateArn/domainName) and the frontend',
      ),
    services: z
      .record(
        serviceName(),
        z.strictObject({
          desiredCount: z
            .int()
            .min(1)
            .max(1000)
            .optional()
            .describe("The service's desiredCount in this environment; the service's own when absent"),
          scaling: scalingOverrideSchema
            .optional()
            .describe("The service's scaling in this environment, field by field over the environment's scaling"),
          environment: environmentVariables().describe(
            "Variables of the service in this environment, over the service's own (default none)",
          ),
          secrets: secretsSchema()
            .default({})
            .describe(
              "Secrets of the service in this environment (each in this environment's account), over its own " +
                '(default none)',
            ),
        }),
      )
      .default({})
      .describe(
        "Per-service settings in this environment, by service name (override the environment's scaling and the " +
          "service's variables and secrets) (default none)",
      ),
  })
  .superRefine((environment, ctx) => {
    refineDomain(environment, ctx);
    refineNetwork(environment, (path, message, input) => ctx.addIssue({ code: 'custom', path, input, message }));
    if (environment.certificateArn && !environment.domainName && !environment.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['domainName'],
        input: undefined,
        message:
          "is required with certificateArn: the certificate covers this name, not the load balancer's generated one, " +
          'so clients and the integration tests must use it',
      });
    }
    if (environment.approval && !environment.certificateArn && !environment.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificateArn'],
        input: undefined,
        message:
          'is required where approval is true (or a domain block): a production listener people approve for must serve HTTPS',
      });
    }
  });
