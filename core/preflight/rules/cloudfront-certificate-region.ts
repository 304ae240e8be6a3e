import { pathOf } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { isLiteral, parseArn, resourcesOfType, textOf } from '../template-values';

/** CloudFront reads viewer certificates from ACM in us-east-1 only, wherever the distribution's stack is. */
export const cloudfrontCertificateRegion: Rule = {
  id: 'cloudfront-certificate-region',
  severity: 'error',
  title: 'CloudFront viewer certificates must be in us-east-1',
  awsBehaviour:
    'CloudFront only supports ACM certificates in the US East (N. Virginia) Region (us-east-1); a ' +
    'ViewerCertificate.AcmCertificateArn in any other region is rejected and the distribution is not created or updated.',
  docUrl: 'https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::CloudFront::Distribution'))
      .flatMap((distribution): RuleFinding[] => {
        const value = pathOf(
          distribution.resource.Properties.DistributionConfig,
          'ViewerCertificate',
          'AcmCertificateArn',
        );
        const arn = parseArn(textOf(value));
        // A token (a Ref to a certificate, a stack output read at deploy time) cannot be judged here.
        if (arn === undefined || arn.service !== 'acm' || !isLiteral(arn.region)) return [];
        if (arn.region === 'us-east-1') return [];
        return [
          {
            severity: 'error',
            stack: distribution.stack,
            logicalId: distribution.logicalId,
            resource: distribution.resource,
            message:
              `the viewer certificate '${textOf(value)}' is in ${arn.region}, but CloudFront only accepts ACM ` +
              'certificates from us-east-1: request or import the certificate in us-east-1 (a certificate stack there, ' +
              'or cross-region references) and use that ARN',
          },
        ];
      }),
};
