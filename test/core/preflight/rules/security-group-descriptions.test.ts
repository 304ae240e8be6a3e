import { securityGroupDescriptions } from '../../../../core/preflight/rules/security-group-descriptions';
import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import { assemblyOf, ref, resource, runRule, stack } from '../harness';

const check = (resources: Record<string, TemplateResource>) =>
  runRule(securityGroupDescriptions, assemblyOf(stack('data', { resources })));

describe('security-group-descriptions', () => {
  test('compliant: the characters EC2 allows, and values CloudFormation computes', () => {
    expect(
      check({
        Group: resource('AWS::EC2::SecurityGroup', {
          GroupDescription: 'Database users: out to the database & Secrets Manager (443) [tcp] {x} !$*',
          SecurityGroupEgress: [
            { IpProtocol: 'tcp', Description: 'Secrets Manager API: 443/tcp', CidrIp: '0.0.0.0/0' },
          ],
        }),
        Rule: resource('AWS::EC2::SecurityGroupIngress', {
          GroupId: ref('Group'),
          Description: { 'Fn::Join': ['', ['from ', ref('Other')]] },
        }),
      }),
    ).toEqual([]);
  });

  test('refuses an apostrophe in a group description, naming the character', () => {
    const findings = check({
      Group: resource('AWS::EC2::SecurityGroup', { GroupDescription: "Rotates the database's secrets" }),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Group',
        message: expect.stringMatching(/^GroupDescription holds "'", which EC2 refuses in a description/),
      }),
    ]);
  });

  test('refuses & in a rule description (allowed in a group description only) and a description over 255', () => {
    const findings = check({
      Group: resource('AWS::EC2::SecurityGroup', {
        GroupDescription: 'x'.repeat(256),
        SecurityGroupIngress: [{ IpProtocol: 'tcp', Description: 'web & api' }],
      }),
      Egress: resource('AWS::EC2::SecurityGroupEgress', { GroupId: ref('Group'), Description: 'café' }),
    });
    expect(findings.map((f) => `${f.logicalId} ${f.message.split(':')[0]}`)).toEqual([
      'Group GroupDescription is 256 characters long; EC2 allows 255',
      'Group SecurityGroupIngress[0].Description holds "&", which EC2 refuses in a description',
      'Egress Description holds "é", which EC2 refuses in a description',
    ]);
  });
});
