import { exampleConfig, fixtureConfig } from '../../support/configs';
import { synthesized, type SynthesizedTemplates } from '../../support/synthesized';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resourcesOf = (templates: SynthesizedTemplates, path: string) =>
  templates.stacks[path].template.toJSON().Resources as Resources;

/** The alias names of the replication keys in the pipeline account's support stacks. */
const replicationAliases = (templates: SynthesizedTemplates) =>
  Object.values(templates.stacks)
    .filter((stack) => stack.path.startsWith('cross-region-stack-'))
    .flatMap((stack) =>
      Object.values(resourcesOf(templates, stack.path))
        .filter((r) => r.Type === 'AWS::KMS::Alias')
        .map((r) => r.Properties.AliasName),
    );

/** Every KMS-only Allow of the pipeline role's default policy in stack `path`. */
const pipelineRoleKeyGrants = (templates: SynthesizedTemplates, path: string): Statement[] =>
  Object.entries(resourcesOf(templates, path))
    .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('PipelineRoleDefaultPolicy'))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().every((a) => a.startsWith('kms:')));

// GIVEN vikunja (its delivery pipeline deploys the frontend's certificate in us-east-1), the existing-network fixture
// (an environment in another region) and the all-capabilities fixture (its release pipeline deploys prod in another
// region): each pipeline keeps a replication bucket, encrypted with a key of its support stack, in that region.
describe.each([
  ['vikunja', () => synthesized(exampleConfig('vikunja')), 'vikunja-pipeline'],
  ['existing-network', () => synthesized(fixtureConfig('existing-network')), 'netapp-pipeline'],
  ['all-capabilities', () => synthesized(fixtureConfig('all-capabilities')), 'helpdesk-release'],
])('%s', (_, templatesOf, pipelineStack) => {
  test("no key grant of the pipeline role is on '*' (as aws-kms renders a key of another region): the support stacks' keys, where a replication alias names them", () => {
    const templates = templatesOf();
    const aliases = replicationAliases(templates);
    expect(aliases.length).toBeGreaterThan(0);
    const grants = pipelineRoleKeyGrants(templates, pipelineStack);
    expect(grants.filter((s) => [s.Resource].flat().includes('*'))).toEqual([]);
    const narrowed = grants.filter((s) => s.Condition !== undefined);
    expect(narrowed).toHaveLength(1);
    expect(narrowed[0].Condition).toEqual({ 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': aliases } });
    const supportPlaces = Object.values(templates.stacks)
      .filter((stack) => stack.path.startsWith('cross-region-stack-'))
      .map((stack) => `:kms:${stack.region}:${stack.account}:key/*`);
    expect([narrowed[0].Resource].flat()).toEqual(supportPlaces.map((place) => `arn:aws${place}`));
  });

  test('its grant on the artifact key of its own stack keeps no condition', () => {
    const artifactKey = { 'Fn::GetAtt': ['ArtifactsKeyA4B22E2B', 'Arn'] };
    const grants = pipelineRoleKeyGrants(templatesOf(), pipelineStack).filter((s) =>
      [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify(artifactKey)),
    );
    expect(grants).toHaveLength(1);
    expect(grants[0].Resource).toEqual(artifactKey);
    expect(grants[0].Condition).toBeUndefined();
  });
});
