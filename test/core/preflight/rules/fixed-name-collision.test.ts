import { fixedNameCollision } from '../../../../core/preflight/rules/fixed-name-collision';
import { assemblyOf, resource, role, runRule, severities, stack, STAGING } from '../harness';

const roleNamed = (RoleName: string) => ({ ...role({ RoleName }), Metadata: { 'aws:cdk:path': `app/${RoleName}` } });
const bucketNamed = (BucketName: string) => resource('AWS::S3::Bucket', { BucketName });
const repositoryNamed = (RepositoryName: string) => resource('AWS::ECR::Repository', { RepositoryName });

describe('fixed-name-collision', () => {
  test('compliant: role names that carry their region, in two regions of one account', () => {
    const original = stack('original', {
      account: STAGING,
      region: 'eu-west-1',
      resources: { R: roleNamed('shop-prod-cd-action-euw1') },
    });
    const rebuild = stack('rebuild', {
      account: STAGING,
      region: 'eu-central-1',
      resources: { R: roleNamed('shop-prod-cd-action-euc1') },
    });
    expect(runRule(fixedNameCollision, assemblyOf(original, rebuild))).toEqual([]);
  });

  test('compliant: the same regional name in two regions, and generated names anywhere', () => {
    const a = stack('a', {
      account: STAGING,
      region: 'eu-west-1',
      resources: { Repo: repositoryNamed('shop/web'), R: role() },
    });
    const b = stack('b', {
      account: STAGING,
      region: 'eu-central-1',
      resources: { Repo: repositoryNamed('shop/web'), R: role() },
    });
    expect(runRule(fixedNameCollision, assemblyOf(a, b))).toEqual([]);
  });

  test('compliant: a bucket name CDK generated, whose hash covers the region', () => {
    const support = stack('support', {
      account: STAGING,
      region: 'eu-west-1',
      resources: { B: bucketNamed('notejam-pipeline-support-eplicationbucket889381c527673a879de0') },
    });
    expect(runRule(fixedNameCollision, assemblyOf(support))).toEqual([]);
  });

  test('non-compliant: one role name in two stacks of one account, whatever the regions and the case', () => {
    const first = stack('first', {
      account: STAGING,
      region: 'eu-west-1',
      resources: { R: roleNamed('shop-prod-cd-action-euw1') },
    });
    const second = stack('second', {
      account: STAGING,
      region: 'eu-central-1',
      resources: { R: roleNamed('Shop-Prod-CD-Action-euw1') },
    });
    // (The second name carries eu-west-1's code in eu-central-1, which is also warned about.)
    const findings = runRule(fixedNameCollision, assemblyOf(first, second)).filter((f) => f.severity === 'error');
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', stackName: 'second', logicalId: 'R' })]);
    expect(findings[0].message).toContain('is also created by first (R) in the same account');
  });

  test('non-compliant: one bucket name in two accounts, and one repository name twice in one region', () => {
    const a = stack('a', {
      account: '111111111111',
      region: 'eu-west-1',
      resources: { B: bucketNamed('shop-site-euw1'), Repo: repositoryNamed('shop/web') },
    });
    const b = stack('b', { account: STAGING, region: 'eu-west-1', resources: { B: bucketNamed('shop-site-euw1') } });
    const c = stack('c', {
      account: '111111111111',
      region: 'eu-west-1',
      resources: { Repo: repositoryNamed('shop/web') },
    });
    expect(severities(runRule(fixedNameCollision, assemblyOf(a, b, c)))).toEqual(['error', 'error']);
  });

  test('warning: an account-wide name without its region would be taken again by a rebuild in another region', () => {
    const findings = runRule(
      fixedNameCollision,
      assemblyOf(
        stack('service', { account: STAGING, region: 'eu-west-1', resources: { R: roleNamed('shop-pipeline-role') } }),
      ),
    );
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0].message).toContain(
      "'shop-pipeline-role' is unique in the whole account but does not carry its region",
    );
  });
});
