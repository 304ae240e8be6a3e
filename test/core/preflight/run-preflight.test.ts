import { globMatch } from '../../../model/glob';
import { allowsAction, roleStatements, wildcardMatch } from '../../../core/preflight/policy';
import { runPreflight } from '../../../core/preflight/run-preflight';
import type { Rule } from '../../../core/preflight/rule';
import { parseArn, textOf } from '../../../core/preflight/template-values';
import { assemblyOf, attachedPolicy, inlinePolicy, partitionArn, resource, role, stack, statement } from './harness';

describe('globMatch (CodePipeline file paths)', () => {
  test.each([
    ['**', 'a/b/c.json', true],
    ['**/*.md', 'README.md', true],
    ['**/*.md', 'docs/a/b.md', true],
    ['*.json', 'package.json', true],
    ['*.json', 'service/package.json', false],
    ['service/**', 'service/src/main.ts', true],
    ['service/**', 'services/x', false],
    ['package?json', 'package.json', true],
    ['package.json', 'packageXjson', false],
  ])('%s matches %s: %p', (pattern, path, expected) => {
    expect(globMatch(pattern, path)).toBe(expected);
  });
});

describe('policy helpers', () => {
  test('wildcardMatch is case-insensitive and honours * and ?', () => {
    expect([
      wildcardMatch('EC2:*', 'ec2:CreateNetworkInterface'),
      wildcardMatch('ecs:Tag?esource', 'ecs:TagResource'),
      wildcardMatch('ecs:Tag*', 'ecs:UntagResource'),
    ]).toEqual([true, true, false]);
  });

  test('roleStatements gathers inline, attached (by Ref and by name) and known managed policies', () => {
    const env = stack('env', {
      resources: {
        Role: role({
          RoleName: 'named',
          ManagedPolicyArns: [partitionArn(':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole')],
          ...inlinePolicy(statement('s3:GetObject')),
        }),
        ByRef: attachedPolicy('Role', statement('sns:Publish')),
        ByName: resource('AWS::IAM::ManagedPolicy', {
          PolicyDocument: { Statement: [statement('sqs:SendMessage')] },
          Roles: ['named'],
        }),
        Other: attachedPolicy('OtherRole', statement('kms:Decrypt')),
      },
    });
    const statements = roleStatements({ stack: env, logicalId: 'Role', resource: env.template.Resources.Role });
    const allowed = ['s3:GetObject', 'sns:Publish', 'sqs:SendMessage', 'ec2:CreateNetworkInterface', 'kms:Decrypt'].map(
      (a) => allowsAction(statements, a),
    );
    expect(allowed).toEqual([true, true, true, true, false]);
  });

  // Found by the attacker review (December 2026): each of these granted a task role what no check then saw.
  test('roleStatements also reads a policy attached by a token of the role, by a parameter, or written as text', () => {
    const arnPart = (index: number, separator: string, of: unknown) => ({
      'Fn::Select': [index, { 'Fn::Split': [separator, of] }],
    });
    const selectSplit = arnPart(1, '/', arnPart(5, ':', { 'Fn::GetAtt': ['Role', 'Arn'] }));
    const policy = (Roles: unknown[], PolicyDocument: unknown) =>
      resource('AWS::IAM::Policy', { PolicyName: 'p', Roles, PolicyDocument } as never);
    const env = stack('env', {
      resources: {
        Role: role({}),
        BySelect: policy([selectSplit], { Statement: [statement('sns:Publish')] }),
        AsText: policy([{ Ref: 'Role' }], JSON.stringify({ Statement: [statement('sqs:SendMessage')] })),
        ByParameter: policy([{ Ref: 'RoleParameter' }], { Statement: [statement('kms:Decrypt')] }),
        Unreadable: policy([{ Ref: 'Role' }], {
          Statement: [{ Effect: 'Allow', Action: { 'Fn::Join': ['', ['lambda:', 'Update*']] }, Resource: '*' }],
        }),
      },
    });
    (env.template as { Parameters?: unknown }).Parameters = { RoleParameter: { Type: 'String' } };
    const statements = roleStatements({ stack: env, logicalId: 'Role', resource: env.template.Resources.Role });
    const allowed = ['sns:Publish', 'sqs:SendMessage', 'kms:Decrypt', 'lambda:UpdateFunctionCode'].map((a) =>
      allowsAction(statements, a),
    );
    expect(allowed).toEqual([true, true, true, true]);
  });

  test('NotAction allows everything it does not list', () => {
    const env = stack('env', {
      resources: { Role: role(inlinePolicy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })) },
    });
    const statements = roleStatements({ stack: env, logicalId: 'Role', resource: env.template.Resources.Role });
    expect([allowsAction(statements, 'ecs:TagResource'), allowsAction(statements, 'iam:PassRole')]).toEqual([
      true,
      false,
    ]);
  });

  test('textOf renders Fn::Join, Ref and GetAtt with placeholders', () => {
    expect(textOf(partitionArn(':iam::1:role/x'))).toBe('arn:${AWS::Partition}:iam::1:role/x');
    expect(textOf({ 'Fn::GetAtt': ['Alb', 'DNSName'] })).toBe('${Alb.DNSName}');
  });
});

describe('runPreflight', () => {
  const throwing: Rule = {
    id: 'throws',
    severity: 'warning',
    title: 'throws',
    awsBehaviour: '',
    docUrl: 'https://example.com',
    check: () => {
      throw new Error('boom');
    },
  };
  const warns: Rule = {
    ...throwing,
    id: 'warns',
    check: (assembly) => [{ severity: 'warning', stack: assembly.stacks[0], message: 'careful' }],
  };

  test('a rule that throws is an error finding, and errors come before warnings', () => {
    const report = runPreflight(assemblyOf(stack('app')), { readSourceFile: () => undefined }, [warns, throwing]);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['throws', 'error', 'the rule could not run: boom'],
      ['warns', 'warning', 'careful'],
    ]);
    expect([report.errorCount, report.warningCount]).toEqual([1, 1]);
  });

  test('one problem found at several places is one finding that lists the other places', () => {
    const twice: Rule = {
      ...throwing,
      id: 'twice',
      check: (assembly) => [
        { severity: 'warning', stack: assembly.stacks[0], logicalId: 'WebBuild', message: 'Dockerfile:1: FROM node' },
        {
          severity: 'warning',
          stack: assembly.stacks[0],
          logicalId: 'WorkerBuild',
          message: 'Dockerfile:1: FROM node',
        },
        { severity: 'warning', stack: assembly.stacks[0], logicalId: 'WorkerBuild', message: 'Dockerfile:2: FROM x' },
      ],
    };
    const report = runPreflight(assemblyOf(stack('app')), { readSourceFile: () => undefined }, [twice]);
    expect(report.findings.map((f) => [f.logicalId, f.message, f.alsoAt])).toEqual([
      ['WebBuild', 'Dockerfile:1: FROM node', ['app WorkerBuild']],
      ['WorkerBuild', 'Dockerfile:2: FROM x', undefined],
    ]);
    expect(report.warningCount).toBe(2);
  });
});

describe('parseArn', () => {
  test('reads a plain ARN', () => {
    expect(parseArn('arn:aws:backup:eu-west-1:333333333333:backup-vault:dr')).toEqual({
      service: 'backup',
      region: 'eu-west-1',
      account: '333333333333',
      resource: 'backup-vault:dr',
    });
  });

  test('keeps a ${AWS::Partition} token in one piece', () => {
    const arn = parseArn(textOf(partitionArn(':acm:eu-central-1:222222222222:certificate/1')));
    expect(arn).toEqual({ service: 'acm', region: 'eu-central-1', account: '222222222222', resource: 'certificate/1' });
  });

  test('is undefined for what is not an ARN', () => {
    expect(parseArn('queue-prod-dr')).toBeUndefined();
  });
});
