import type { JsonObject } from '../../../../core/preflight/json-value';
import { ecrExpiryDeployedImages } from '../../../../core/preflight/rules/ecr-expiry-deployed-images';
import { assemblyOf, resource, runRule, severities, stack } from '../harness';

const untaggedByCount = {
  rulePriority: 1,
  selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: 5 },
  action: { type: 'expire' },
};
const byAge = {
  rulePriority: 2,
  selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 180 },
  action: { type: 'expire' },
};

function check(rules: JsonObject[]) {
  const repository = resource(
    'AWS::ECR::Repository',
    { LifecyclePolicy: { LifecyclePolicyText: JSON.stringify({ rules }) } },
    'app/Repo/Resource',
  );
  return runRule(ecrExpiryDeployedImages, assemblyOf(stack('app', { resources: { Repo: repository } })));
}

describe('ecr-expiry-deployed-images', () => {
  test('compliant: untagged images by count, every image by age', () => {
    expect(check([untaggedByCount, byAge])).toEqual([]);
  });

  test.each(['any', 'tagged'])('non-compliant: %s images expired by count', (tagStatus) => {
    const byCount = {
      rulePriority: 3,
      selection: { tagStatus, countType: 'imageCountMoreThan', countNumber: 50 },
      action: { type: 'expire' },
    };
    const findings = check([untaggedByCount, byCount]);
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0]).toMatchObject({ logicalId: 'Repo', constructPath: 'app/Repo/Resource' });
    expect(findings[0].message).toContain('lifecycle rule 3');
  });
});
