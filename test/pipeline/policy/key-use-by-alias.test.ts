import { narrowKeyUseToAliases, type PolicyDocumentJson } from '../../../pipeline/policy/key-use-by-alias';

const KEY_USE = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'];
const OWN_KEY = { 'Fn::GetAtt': ['ArtifactsKey', 'Arn'] };
const ALIASES = ['alias/support-a', 'alias/support-b'];
const KEYS = ['arn:aws:kms:us-east-1:111111111111:key/*', 'arn:aws:kms:eu-west-1:111111111111:key/*'];
const documentOf = (...Statement: PolicyDocumentJson['Statement']): PolicyDocumentJson => ({
  Version: '2012-10-17',
  Statement,
});

test("a key grant on '*' merged with a key of this stack splits: the stack's key as it was, '*' narrowed to the aliased keys of those accounts and regions", () => {
  const narrowed = narrowKeyUseToAliases(
    documentOf({ Effect: 'Allow', Action: KEY_USE, Resource: ['*', OWN_KEY] }),
    ALIASES,
    KEYS,
  );
  expect(narrowed.Statement).toEqual([
    { Effect: 'Allow', Action: KEY_USE, Resource: OWN_KEY },
    {
      Effect: 'Allow',
      Action: KEY_USE,
      Resource: KEYS,
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ALIASES } },
    },
  ]);
  expect(narrowed.Version).toBe('2012-10-17');
});

test("a statement's own conditions stay beside the alias condition", () => {
  const [narrowed] = narrowKeyUseToAliases(
    documentOf({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    }),
    ALIASES,
    KEYS,
  ).Statement;
  expect(narrowed.Condition).toEqual({
    StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
    'ForAnyValue:StringEquals': { 'kms:ResourceAliases': ALIASES },
  });
});

test.each([
  ['a Deny', { Effect: 'Deny', Action: KEY_USE, Resource: '*' }],
  [
    'an Allow of other actions beside KMS ones',
    { Effect: 'Allow', Action: ['kms:Decrypt', 's3:GetObject'], Resource: '*' },
  ],
  ['a key grant on named keys only', { Effect: 'Allow', Action: KEY_USE, Resource: OWN_KEY }],
])('%s is left as it is', (_, statement) => {
  expect(narrowKeyUseToAliases(documentOf(statement), ALIASES, KEYS).Statement).toEqual([statement]);
});

test('without aliases the document is returned unchanged', () => {
  const document = documentOf({ Effect: 'Allow', Action: KEY_USE, Resource: '*' });
  expect(narrowKeyUseToAliases(document, [], [])).toBe(document);
});
