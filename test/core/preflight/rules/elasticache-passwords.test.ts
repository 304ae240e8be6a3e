import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
import { elasticachePasswords } from '../../../../core/preflight/rules/elasticache-passwords';
import { assemblyOf, ref, resource, runRule, severities, stack } from '../harness';

/** What CDK writes for `secret.secretValue` / `secret.secretValueFromJson(key)`. */
const reference = (secretId: string, jsonKey = ''): JsonValue => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', ref(secretId), `:SecretString:${jsonKey}::}}`]],
});

const secret = (generate: JsonObject): TemplateResource =>
  resource('AWS::SecretsManager::Secret', { GenerateSecretString: generate });

/** CDK's usual token: `generateSecretString: { passwordLength: 64, excludePunctuation: true }`. */
const TOKEN_SECRET = secret({ PasswordLength: 64, ExcludePunctuation: true });

const replicationGroup = (authToken: JsonValue): TemplateResource =>
  resource(
    'AWS::ElastiCache::ReplicationGroup',
    { ReplicationGroupDescription: 'cache', Engine: 'valkey', TransitEncryptionEnabled: true, AuthToken: authToken },
    'prod/Data/Cache/ReplicationGroup',
  );

const user = (properties: JsonObject): TemplateResource =>
  resource('AWS::ElastiCache::User', {
    Engine: 'valkey',
    UserId: 'cache-default',
    UserName: 'default',
    AccessString: 'on ~* &* +@all',
    ...properties,
  });

const check = (resources: Record<string, TemplateResource>) =>
  runRule(elasticachePasswords, assemblyOf(stack('data', { resources })));

/** An AUTH token read from a secret generated with these settings. */
const tokenFrom = (generate: JsonObject, jsonKey = '') =>
  check({ Token: secret(generate), Cache: replicationGroup(reference('Token', jsonKey)) });

describe('elasticache-passwords', () => {
  describe('compliant', () => {
    test('the AUTH token and default user the tool writes (64 characters, no punctuation)', () => {
      expect(
        check({
          Token: TOKEN_SECRET,
          Cache: replicationGroup(reference('Token')),
          DefaultUser: user({ Passwords: [reference('Token')] }),
        }),
      ).toEqual([]);
    });

    test.each<[string, JsonObject]>([
      ['the default length (32) without punctuation', { ExcludePunctuation: true }],
      ['16 characters, the shortest', { PasswordLength: 16, ExcludePunctuation: 'true' }],
      ['128 characters, the longest', { PasswordLength: '128', ExcludePunctuation: true }],
      [
        'punctuation whose refused characters are all excluded',
        { ExcludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', IncludeSpace: false },
      ],
    ])('a token generated with %s', (_name, generate) => {
      expect(tokenFrom(generate)).toEqual([]);
    });

    test('a user password needs only , " / @ excluded', () => {
      const resources = {
        Password: secret({ ExcludeCharacters: ',"/@' }),
        AppUser: user({ AuthenticationMode: { Type: 'password', Passwords: [reference('Password')] } }),
      };
      expect(check(resources)).toEqual([]);
    });

    test('a JSON secret read by its generated key', () => {
      const generate = {
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
      };
      expect(tokenFrom(generate, 'password')).toEqual([]);
    });

    test('a secret written in Fn::Sub form, and one named by its Name', () => {
      const resources = {
        Token: TOKEN_SECRET,
        Named: resource('AWS::SecretsManager::Secret', {
          Name: 'cache/token',
          GenerateSecretString: { ExcludePunctuation: true },
        }),
        Cache: replicationGroup({ 'Fn::Sub': '{{resolve:secretsmanager:${Token}:SecretString:::}}' }),
        Other: replicationGroup('{{resolve:secretsmanager:cache/token}}'),
      };
      expect(check(resources)).toEqual([]);
    });

    test('passwords the template cannot tell (a parameter, a secret of another stack) are not judged', () => {
      const resources = {
        Cache: replicationGroup(ref('TokenParameter')),
        Other: replicationGroup('{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:1:secret:shared-AbCdEf}}'),
      };
      expect(check(resources)).toEqual([]);
    });
  });

  describe('non-compliant', () => {
    test("Secrets Manager's default punctuation in an AUTH token is an error naming the refused characters", () => {
      const findings = tokenFrom({ PasswordLength: 64 });
      expect(findings).toEqual([
        expect.objectContaining({
          severity: 'error',
          logicalId: 'Cache',
          constructPath: 'prod/Data/Cache/ReplicationGroup',
        }),
      ]);
      expect(findings[0].message).toContain('AuthToken reads secret Token');
      const generated = /may generate (.*), refused/.exec(findings[0].message)?.[1] ?? '';
      expect(generated.split(' ')).toHaveLength(24);
      expect(generated).toContain("% '");
      for (const taken of '!&#$^<>-') expect(generated).not.toContain(taken);
      expect(findings[0].message).toContain('ExcludePunctuation');
    });

    test('ExcludeCharacters that leaves one refused character is an error naming it', () => {
      const findings = tokenFrom({ ExcludeCharacters: '"%\'()*+,./:;=?@[\\]`{|}~' });
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('may generate _,');
    });

    test('a user password from a secret that may generate @ is an error', () => {
      const resources = {
        Password: secret({ ExcludeCharacters: ',"/' }),
        AppUser: user({ Passwords: [reference('Password')] }),
      };
      const findings = check(resources);
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('Passwords[0] reads secret Password, which may generate @');
    });

    test.each<[string, JsonObject, string]>([
      ['too short', { PasswordLength: 12, ExcludePunctuation: true }, 'generates 12 characters'],
      ['too long', { PasswordLength: 129, ExcludePunctuation: true }, 'generates 129 characters'],
    ])('a generated token %s is an error', (_name, generate, expected) => {
      const findings = tokenFrom(generate);
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain(expected);
    });

    test('spaces in an AUTH token are an error', () => {
      const findings = tokenFrom({ ExcludePunctuation: true, IncludeSpace: true });
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('IncludeSpace');
    });

    test('a JSON secret read without its key gives ElastiCache the whole document', () => {
      const generate = {
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
      };
      const findings = tokenFrom(generate);
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('whole JSON document');
      expect(findings[0].message).toContain(':SecretString:password}}');
    });

    test('a json key on a secret that is one generated string is an error', () => {
      const findings = tokenFrom({ ExcludePunctuation: true }, 'password');
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('not JSON');
    });

    test('a key of the template other than the generated one is judged as the literal it is', () => {
      const generate = {
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
      };
      const findings = tokenFrom(generate, 'username');
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('3 characters long');
    });

    test("a reference to a secret's attachment is judged by the secret", () => {
      const resources = {
        Token: secret({ PasswordLength: 8, ExcludePunctuation: true }),
        Attachment: resource('AWS::SecretsManager::SecretTargetAttachment', { SecretId: ref('Token') }),
        Cache: replicationGroup(reference('Attachment')),
      };
      const findings = check(resources);
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('reads secret Token, which generates 8 characters');
    });

    test('a user with three passwords is an error', () => {
      const token = reference('Token');
      const findings = check({ Token: TOKEN_SECRET, AppUser: user({ Passwords: [token, token, token] }) });
      expect(severities(findings)).toEqual(['error']);
      expect(findings[0].message).toContain('lists 3 passwords');
    });

    test('a literal AUTH token with refused characters and too short is two errors', () => {
      const findings = check({ Cache: replicationGroup('short/token') });
      expect(severities(findings)).toEqual(['error', 'error']);
      expect(findings.map((f) => f.message).join('\n')).toContain('11 characters long');
      expect(findings.map((f) => f.message).join('\n')).toContain('"/"');
    });
  });

  describe('cannot tell', () => {
    test.each<[string, JsonObject]>([
      ['PasswordLength from a parameter', { PasswordLength: ref('Length'), ExcludePunctuation: true }],
      ['ExcludePunctuation from a parameter', { ExcludePunctuation: ref('NoPunctuation') }],
      ['ExcludeCharacters from a parameter', { ExcludeCharacters: ref('Excluded') }],
    ])('%s is a warning, never an error', (_name, generate) => {
      const findings = tokenFrom(generate);
      expect(severities(findings)).toEqual(['warning']);
      expect(findings[0].message).toMatch(/^cannot tell/);
    });

    test('a json key from a parameter is a warning', () => {
      const value = {
        'Fn::Join': ['', ['{{resolve:secretsmanager:', ref('Token'), ':SecretString:', ref('Key'), '::}}']],
      };
      expect(severities(check({ Token: TOKEN_SECRET, Cache: replicationGroup(value) }))).toEqual(['warning']);
    });

    test('a reference joined with other text is a warning', () => {
      const value = { 'Fn::Join': ['', ['prefix', reference('Token')]] };
      expect(severities(check({ Token: TOKEN_SECRET, Cache: replicationGroup(value) }))).toEqual(['warning']);
    });

    test('spaces in a user password are a warning: ElastiCache documents neither way', () => {
      const resources = {
        Password: secret({ ExcludePunctuation: true, IncludeSpace: true }),
        AppUser: user({ Passwords: [reference('Password')] }),
      };
      expect(severities(check(resources))).toEqual(['warning']);
    });
  });
});
