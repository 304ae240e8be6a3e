import { Match, type Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { fixtureConfig, shippedConfig } from '../../../support/configs';
import { stageStacks, synthesized, type SynthesizedTemplates } from '../../../support/synthesized';

// GIVEN an API, a worker and a frontend; staging names existing certificates, prod has DNS-validated ones made.
const config = fixtureConfig('frontend-app');

type Action = { Name: string; RunOrder: number; ActionTypeId: { Provider: string }; Configuration?: unknown };
type PipelineStage = { Name: string; Actions: Action[] };
type Resource = { Type: string; Properties: Record<string, unknown> };

// WHEN the whole app is synthesized once (its policy gates, preflight and cfn-lint run in CI: scripts/check-examples.sh).
let app: SynthesizedTemplates;
let pipeline: Template;
let release: Template;
let staging: Template;
let prod: Template;
let stages: PipelineStage[];
beforeAll(() => {
  app = synthesized(config);
  pipeline = app.pipeline;
  release = app.release!;
  ({ staging, prod } = app.environments);
  // prod is protected: the release pipeline deploys it, so its stages follow the delivery pipeline's.
  stages = [pipeline, release].flatMap(
    (template) => Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages,
  );
});

const distributionConfig = (template: Template) =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0].Properties.DistributionConfig;

describe('each environment has the frontend site', () => {
  test('a private bucket: public access blocked on all four settings', () => {
    for (const template of [staging, prod]) {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
      });
    }
  });

  test('a distribution reading it through OAC, HTTPS-only viewers, the API path routed to the web service by its name', () => {
    const distribution = distributionConfig(prod);
    prod.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const s3Origin = distribution.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const api = distribution.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api.ViewerProtocolPolicy).toBe('redirect-to-https');
    const apiOrigin = distribution.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(apiOrigin).toMatchObject({
      DomainName: 'api.example.com',
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
    expect(distribution.Aliases).toEqual(['www.example.com']);
    expect(distribution.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('outputs for the publish step: bucket, distribution id and URL', () => {
    const outputs = Object.keys(prod.toJSON().Outputs as Record<string, unknown>);
    for (const name of ['BucketName', 'DistributionId', 'Url']) {
      expect(outputs.some((o) => o.startsWith('Frontend') && o.includes(name))).toBe(true);
    }
  });

  test('a publisher role trusting exactly the pipeline publish step role, allowed to invalidate', () => {
    prod.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'shop-prod-frontend-publisher-euw1',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::666666666666:role/shop-prod-frontend-publish-euw1' },
            },
          }),
        ],
      },
    });
    prod.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'cloudfront:CreateInvalidation' })]),
      },
      Roles: [Match.objectLike({ Ref: Match.stringLikeRegexp('FrontendPublisher') })],
    });
  });
});

describe('domains', () => {
  test("prod: the frontend's certificate is made in us-east-1, validated by DNS in the zone", () => {
    const certificates = stageStacks(app, 'prod').FrontendCertificate;
    expect(certificates.region).toBe('us-east-1');
    expect(certificates.stackName).toBe('shop-prod-frontend-certificate');
    certificates.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'www.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'www.example.com', HostedZoneId: 'Z9876543210ABCDEFGHIJ' }],
    });
  });

  test("prod: the service's certificate is made in its region, and the production listener serves HTTPS with it", () => {
    prod.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
    });
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('ServiceCertificate') } }],
    });
  });

  test('staging: the given certificates, and no us-east-1 stack', () => {
    expect(stageStacks(app, 'staging').FrontendCertificate).toBeUndefined();
    staging.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    staging.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Certificates: [
        { CertificateArn: 'arn:aws:acm:eu-west-1:222222222222:certificate/11111111-2222-3333-4444-555555555555' },
      ],
    });
    expect(distributionConfig(staging).ViewerCertificate.AcmCertificateArn).toBe(
      'arn:aws:acm:us-east-1:222222222222:certificate/66666666-7777-8888-9999-000000000000',
    );
  });

  test('alias records: the service on its load balancer, the frontend on its distribution (A and AAAA)', () => {
    const records = Object.values(prod.findResources('AWS::Route53::RecordSet')).map(
      (r) => `${r.Properties.Name} ${r.Properties.Type}`,
    );
    expect(records.sort()).toEqual(['api.example.com. A', 'www.example.com. A', 'www.example.com. AAAA']);
  });
});

describe('the pipeline', () => {
  const actionsOf = (name: string) => stages.find((s) => s.Name === name)!.Actions;

  test('builds the frontend once, in the Image stage, unprivileged, with Node pinned', () => {
    const builds = stages.flatMap((s) => s.Actions.filter((a) => a.Name === 'BuildFrontend').map(() => s.Name));
    expect(builds).toEqual(['Image']);
    const project = Object.values(pipeline.findResources('AWS::CodeBuild::Project')).find((p) =>
      String(p.Properties.Source.BuildSpec).includes('$BUILD_COMMAND'),
    )!;
    expect(project.Properties.Environment.PrivilegedMode).toBe(false);
    const spec = parse(project.Properties.Source.BuildSpec);
    expect(spec.phases.install['runtime-versions']).toEqual({ nodejs: 22 });
    expect(spec.artifacts['base-directory']).toBe('service/frontend/dist');
  });

  test.each(['staging', 'prod'])('%s: PublishFrontend runs after every blue/green deployment of the stage', (name) => {
    const actions = actionsOf(name);
    const publish = actions.filter((a) => a.Name === 'PublishFrontend');
    expect(publish).toHaveLength(1);
    const blueGreen = actions.filter((a) => a.ActionTypeId.Provider === 'CodeDeployToECS');
    expect(blueGreen.length).toBeGreaterThan(0);
    for (const deployment of blueGreen) expect(publish[0].RunOrder).toBeGreaterThan(deployment.RunOrder);
  });

  test('the publish step runs as its named role, which may assume only the publisher role of its environment', () => {
    // prod's publish step belongs to the release pipeline.
    const role = Object.entries(release.findResources('AWS::IAM::Role')).find(
      ([, r]) => (r as Resource).Properties.RoleName === 'shop-prod-frontend-publish-euw1',
    );
    expect(role).toBeDefined();
    release.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Resource: 'arn:aws:iam::333333333333:role/shop-prod-frontend-publisher-euw1',
          },
        ]),
      },
      Roles: [{ Ref: role![0] }],
    });
    for (const template of [pipeline, release]) {
      const project = Object.values(template.findResources('AWS::CodeBuild::Project')).find((p) =>
        String(p.Properties.Source.BuildSpec).includes('frontend publish'),
      )!;
      expect(project.Properties.Environment.PrivilegedMode ?? false).toBe(false);
    }
  });
});

test('the shipped configuration has no frontend: no site, no frontend steps', () => {
  const shipped = synthesized(shippedConfig());
  for (const template of Object.values(shipped.environments)) {
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
  }
  const names = Object.values(
    shipped.pipeline.findResources('AWS::CodePipeline::Pipeline'),
  )[0].Properties.Stages.flatMap((s: PipelineStage) => s.Actions.map((a) => a.Name));
  expect(names).not.toContain('BuildFrontend');
  expect(names).not.toContain('PublishFrontend');
});
