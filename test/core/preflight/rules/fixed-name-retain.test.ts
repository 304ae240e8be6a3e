import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { fixedNameRetain } from '../../../../core/preflight/rules/fixed-name-retain';
import { assemblyOf, ref, resource, runRule, severities, stack } from '../harness';

function withPolicy(Type: string, properties: JsonObject, DeletionPolicy?: string): TemplateResource {
  return { ...resource(Type, properties, 'prod/Data/Thing/Resource'), DeletionPolicy };
}

const check = (resources: Record<string, TemplateResource>) =>
  runRule(fixedNameRetain, assemblyOf(stack('data', { account: '333333333333', region: 'eu-west-2', resources })));

describe('fixed-name-retain', () => {
  test.each<[string, string, JsonObject, string | undefined]>([
    [
      'a fixed-name repository with RetainExceptOnCreate',
      'AWS::ECR::Repository',
      { RepositoryName: 'shop/web' },
      'RetainExceptOnCreate',
    ],
    [
      'a fixed-name vault with the default (Delete)',
      'AWS::Backup::BackupVault',
      { BackupVaultName: 'shop-prod' },
      undefined,
    ],
    ['a retained bucket whose name CloudFormation generates', 'AWS::S3::Bucket', {}, 'Retain'],
    [
      'a retained log group named after another resource',
      'AWS::Logs::LogGroup',
      { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', ref('Fn')]] } },
      'Retain',
    ],
  ])('compliant: %s', (_name, type, properties, policy) => {
    expect(check({ Thing: withPolicy(type, properties, policy) })).toEqual([]);
  });

  test('non-compliant: a retained repository with a fixed name is an error naming the name and the fix', () => {
    const findings = check({ Repo: withPolicy('AWS::ECR::Repository', { RepositoryName: 'shop/web' }, 'Retain') });
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', logicalId: 'Repo', constructPath: 'prod/Data/Thing/Resource' }),
    ]);
    expect(findings[0].message).toContain("AWS::ECR::Repository 'shop/web' has a fixed RepositoryName");
    expect(findings[0].message).toContain('RetainExceptOnCreate');
  });

  test('non-compliant: a name built from pseudo parameters is fixed, and shows them filled in', () => {
    const name = { 'Fn::Join': ['', ['shop-dr-', { Ref: 'AWS::Region' }, '-', { Ref: 'AWS::AccountId' }]] };
    const findings = check({ Vault: withPolicy('AWS::Backup::BackupVault', { BackupVaultName: name }, 'Retain') });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain("'shop-dr-eu-west-2-333333333333'");
  });
});
