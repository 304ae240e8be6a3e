import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { rotationInvokePermission } from '../../../../core/preflight/rules/rotation-invoke-permission';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

const fn = resource('AWS::Lambda::Function', { Role: getAtt('FnRole'), Runtime: 'nodejs24.x' });
const secret = resource('AWS::SecretsManager::Secret', { GenerateSecretString: { ExcludePunctuation: true } });

/** What the tool writes: a permission for Secrets Manager on the function, scoped to the secret and the account. */
function permission(properties: JsonObject = {}): TemplateResource {
  return resource('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: getAtt('Fn'),
    Principal: 'secretsmanager.amazonaws.com',
    SourceAccount: ref('AWS::AccountId'),
    SourceArn: ref('Token'),
    ...properties,
  });
}

function schedule(dependsOn: string[] = ['Invoke'], properties: JsonObject = {}): TemplateResource {
  return {
    ...resource(
      'AWS::SecretsManager::RotationSchedule',
      {
        SecretId: ref('Token'),
        RotationLambdaARN: getAtt('Fn'),
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
        RotateImmediatelyOnUpdate: false,
        ...properties,
      },
      'prod/Data/CacheRotation/Schedule',
    ),
    DependsOn: dependsOn,
  };
}

/** The resource without some of its properties. */
function without(template: TemplateResource, ...keys: string[]): TemplateResource {
  const Properties = { ...template.Properties };
  for (const key of keys) delete Properties[key];
  return { ...template, Properties };
}

const check = (resources: Record<string, TemplateResource>) =>
  runRule(rotationInvokePermission, assemblyOf(stack('data', { resources })));

describe('rotation-invoke-permission', () => {
  describe('compliant', () => {
    test('what the tool synthesizes: a permission scoped to the secret, the schedule depending on it', () => {
      expect(check({ Fn: fn, Token: secret, Invoke: permission(), Schedule: schedule() })).toEqual([]);
    });

    test("CDK's addRotationSchedule: a permission without SourceArn, the schedule DependsOn it", () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Invoke: without(permission(), 'SourceArn', 'SourceAccount'),
        Schedule: schedule(),
      };
      expect(check(resources)).toEqual([]);
    });

    test('a schedule on the secret attachment and a permission on the secret: the same secret', () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Attachment: resource('AWS::SecretsManager::SecretTargetAttachment', {
          SecretId: ref('Token'),
          TargetId: ref('Db'),
          TargetType: 'AWS::RDS::DBInstance',
        }),
        Invoke: permission(),
        Schedule: schedule(['Invoke'], { SecretId: ref('Attachment') }),
      };
      expect(check(resources)).toEqual([]);
    });

    test('ordered through another resource the schedule depends on', () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Invoke: permission(),
        Group: { ...resource('AWS::ElastiCache::UserGroup', {}), DependsOn: 'Invoke' },
        Schedule: schedule(['Group']),
      };
      expect(check(resources)).toEqual([]);
    });

    test('a permission naming the function by name, SourceArn a pattern covering the secret ARN', () => {
      const resources = {
        Fn: resource('AWS::Lambda::Function', { FunctionName: 'app-rotation', Role: getAtt('FnRole') }),
        Invoke: permission({
          FunctionName: 'arn:aws:lambda:eu-west-1:111111111111:function:app-rotation',
          SourceArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:app-token-*',
        }),
        Schedule: schedule(['Invoke'], {
          SecretId: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:app-token-AbCdEf',
        }),
      };
      expect(check(resources)).toEqual([]);
    });

    test('a hosted rotation and a function outside the template are not judged', () => {
      const resources = {
        Token: secret,
        Hosted: without(
          schedule([], { HostedRotationLambda: { RotationType: 'PostgreSQLSingleUser' } }),
          'RotationLambdaARN',
        ),
        Imported: schedule([], { RotationLambdaARN: 'arn:aws:lambda:eu-west-1:1:function:shared' }),
      };
      expect(check(resources)).toEqual([]);
    });
  });

  describe('non-compliant', () => {
    test('no permission for Secrets Manager is an error naming the function', () => {
      const findings = check({ Fn: fn, Token: secret, Schedule: schedule([]) });
      expect(findings).toEqual([
        expect.objectContaining({
          severity: 'error',
          logicalId: 'Schedule',
          constructPath: 'prod/Data/CacheRotation/Schedule',
        }),
      ]);
      expect(findings[0].message).toContain('no AWS::Lambda::Permission lets secretsmanager.amazonaws.com invoke');
      expect(findings[0].message).toContain('Fn');
    });

    test.each<[string, JsonObject]>([
      ['another principal', { Principal: 'events.amazonaws.com' }],
      ['another function', { FunctionName: getAtt('OtherFn') }],
      ['another action', { Action: 'lambda:GetFunction' }],
    ])('a permission for %s does not count', (_name, properties) => {
      const resources = { Fn: fn, OtherFn: fn, Token: secret, Invoke: permission(properties), Schedule: schedule() };
      expect(severities(check(resources))).toEqual(['error']);
    });

    test('a permission whose SourceArn is another secret of the stack is an error', () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Other: secret,
        Invoke: permission({ SourceArn: ref('Other') }),
        Schedule: schedule(),
      };
      const findings = check(resources);
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('only for another secret');
    });

    test('a permission for another account is an error', () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Invoke: permission({ SourceAccount: '999999999999' }),
        Schedule: schedule(),
      };
      const findings = check(resources);
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('SourceAccount');
    });

    test('a schedule not ordered after the permission is an error: the first create can race it', () => {
      const findings = check({ Fn: fn, Token: secret, Invoke: permission(), Schedule: schedule([]) });
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('add DependsOn Invoke');
    });
  });

  describe('cannot tell', () => {
    test('a SourceArn from a parameter is a warning', () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Invoke: permission({ SourceArn: ref('SecretArn') }),
        Schedule: schedule(),
      };
      const findings = check(resources);
      expect(severities(findings)).toEqual(['warning']);
      expect(findings[0].message).toMatch(/^cannot tell/);
    });

    test('a permission whose FunctionName is imported is a warning, not an error', () => {
      const resources = {
        Fn: fn,
        Token: secret,
        Invoke: permission({ FunctionName: { 'Fn::ImportValue': 'rotation-function' } }),
        Schedule: schedule(),
      };
      expect(severities(check(resources))).toEqual(['warning']);
    });
  });
});
