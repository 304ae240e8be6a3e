import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
import { checkUrlDnsRecord } from '../../../../core/preflight/rules/check-url-dns-record';
import { assemblyOf, codeBuildProject, getAtt, resource, runRule, severities, stack } from '../harness';

const hook = (url: JsonValue, name = 'CodeDeployHook_shop-prod-web-smoke') =>
  resource(
    'AWS::Lambda::Function',
    { FunctionName: name, Role: getAtt('HookRole'), Environment: { Variables: { TARGET_URL: url, CHECKS: '[]' } } },
    'prod/Service/Web/SmokeHook/Function/Resource',
  );
const record = (Name: string) => resource('AWS::Route53::RecordSet', { Name, Type: 'A', HostedZoneId: 'Z1' });
const lbUrl = { 'Fn::Join': ['', ['http://', getAtt('Balancer', 'DNSName'), ':8443']] };

const check = (resources: Record<string, TemplateResource>, outputs: JsonObject = {}) =>
  runRule(checkUrlDnsRecord, assemblyOf(stack('service', { resources, outputs })));

describe('check-url-dns-record', () => {
  test('compliant: a smoke hook on a name the assembly records (trailing dot, wildcard)', () => {
    expect(check({ Smoke: hook('https://shop.example.com'), R: record('shop.example.com.') })).toEqual([]);
    expect(check({ Smoke: hook('https://api.example.com/health'), R: record('*.example.com') })).toEqual([]);
  });

  test("compliant: a hook on the load balancer's own DNS name, and functions that are not hooks", () => {
    expect(check({ Hook: hook(lbUrl), Other: hook('https://shop.example.com', 'some-function') })).toEqual([]);
  });

  test('non-compliant: a smoke hook on a name nothing records, with no output about it', () => {
    const findings = check({ Smoke: hook('https://shop.example.com') });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Smoke',
        constructPath: 'prod/Service/Web/SmokeHook/Function/Resource',
      }),
    ]);
    expect(findings[0].message).toContain('TARGET_URL https://shop.example.com names a host');
  });

  test('non-compliant: a CodeBuild check on a name nothing records', () => {
    const project = codeBuildProject(undefined, { TARGET_URL: 'https://shop.example.com' });
    expect(severities(check({ Suite: project }))).toEqual(['error']);
  });

  test('warning: an output says the record must be made by hand', () => {
    const outputs = {
      WebDnsRecordRequired: {
        Value: { 'Fn::Join': ['', ['shop.example.com -> ', getAtt('Balancer', 'DNSName')]] },
        Description: 'No stack of this app creates this DNS record',
      },
    };
    const findings = check({ Smoke: hook('https://shop.example.com') }, outputs);
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0].message).toContain('output WebDnsRecordRequired');
  });
});
