/**
 * What a protected template may hold beyond the resources Verify's rules read. The rules judge the resources in the
 * template itself; a nested stack or stack set, a transform (AWS::Include), an extension, a custom resource backed by a
 * function elsewhere or a function whose code lives outside the bootstrap bucket would add or change what deploys when
 * CloudFormation runs it, after the approval, from something no check read; an image the template names for a
 * function or a build would run unscanned.
 */
import { bootstrapAssetsBucketName } from '../../model/naming';
import { refTarget } from '../preflight/template-values';
import { runtimeReferenceProblems } from './runtime-references';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where the judged stack deploys, and the objects its assembly publishes there (`<bucket>/<key>`). */
export interface StackContext {
  readonly account: string;
  readonly region: string;
  readonly publishedObjects: ReadonlySet<string>;
}

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, Json>;
  readonly Condition?: unknown;
}

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Rules',
  'Resources',
  'Outputs',
  'Transform',
]);

/** Types that deploy a template, an extension, a hook or a product from elsewhere, or run an image no gate judged. */
const REFUSED_TYPES: Readonly<Record<string, string>> = {
  'AWS::CloudFormation::Stack': 'a nested stack, whose template no check reads',
  'AWS::CloudFormation::StackSet': 'a stack set, whose template no check reads',
  'AWS::CloudFormation::TypeActivation': 'an extension whose handler no check reads',
  'AWS::CloudFormation::ResourceVersion': 'an extension whose handler no check reads',
  'AWS::CloudFormation::HookVersion': 'a hook whose handler no check reads',
  'AWS::CloudFormation::HookTypeConfig': 'a hook setting no check reads',
  'AWS::CloudFormation::LambdaHook': 'a hook whose function no check reads',
  'AWS::CloudFormation::GuardHook': 'a hook whose rules no check reads',
  'AWS::CloudFormation::Macro': 'a macro, which rewrites templates',
  'AWS::CloudFormation::ModuleVersion': 'a module whose template no check reads',
  'AWS::CloudFormation::PublicTypeVersion': 'a public extension',
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct': 'a product whose template no check reads',
  'AWS::Batch::JobDefinition': 'a job whose image no check judges',
  'AWS::AppRunner::Service': 'a service whose image no check judges',
};

/** The problems of one protected template, each a line naming the resource. */
export function templateShapeProblems(template: Json, context: StackContext): string[] {
  const shape = (template ?? {}) as { Transform?: Json; Resources?: Record<string, Resource> };
  const problems: string[] = [];
  if (shape.Transform !== undefined)
    problems.push(
      `the template declares Transform ${JSON.stringify(shape.Transform)}, which adds resources no check reads`,
    );
  // Conditions too: every check reads a resource as if CloudFormation creates it with the values it holds, and a
  // condition makes a resource, or a value, one that is never created (a user whose id is another application's,
  // read as the one a rotation may change). The tool's templates have none.
  const unknown = Object.keys(shape).filter((section) => !SECTIONS.has(section));
  if (unknown.length > 0) problems.push(`the template has sections ${unknown.join(', ')}, which Verify does not judge`);
  // A parameter's value is decided when the stack deploys, where no check reads it (a function's ARN, a role's name,
  // a secret's id): CDK's synthesizer writes one, the bootstrap version the template checks in its Rules.
  const parameters = Object.keys(((template ?? {}) as { Parameters?: object }).Parameters ?? {}).filter(
    (name) => name !== 'BootstrapVersion',
  );
  if (parameters.length > 0)
    problems.push(
      `the template has the parameters ${parameters.join(', ')}, whose values are decided at deploy where Verify ` +
        'reads none: a protected template holds its values (CDK writes only BootstrapVersion)',
    );
  // AWS::Include works anywhere but in Parameters and the format version (CloudFormation user guide, AWS::Include).
  if (JSON.stringify(template).includes('"Fn::Transform"'))
    problems.push('the template uses Fn::Transform, which inserts what no check reads when CloudFormation runs it');
  const resources = shape.Resources ?? {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const type = typeof resource === 'object' && resource !== null ? resource.Type : undefined;
    if (typeof type !== 'string' || !/^(AWS|Custom)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$/.test(type)) {
      problems.push(
        `${logicalId} has type ${JSON.stringify(type)}: protected templates hold AWS:: and Custom:: resources only`,
      );
      continue;
    }
    const properties = resource.Properties ?? {};
    if (resource.Condition !== undefined)
      problems.push(
        `${logicalId} is created only on the condition ${JSON.stringify(resource.Condition)}: a protected template's ` +
          'resources are all created, as Verify reads them',
      );
    if (REFUSED_TYPES[type] !== undefined) problems.push(`${logicalId} is ${REFUSED_TYPES[type]}`);
    if (
      (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') &&
      !ownFunction(properties.ServiceToken, resources)
    )
      problems.push(
        `${logicalId} is a custom resource served by ${JSON.stringify(properties.ServiceToken)}, not by a function of this template`,
      );
    if (type === 'AWS::Lambda::Function' || type === 'AWS::Lambda::LayerVersion') {
      const code = type === 'AWS::Lambda::Function' ? properties.Code : properties.Content;
      if (!publishedCode(code, context))
        problems.push(
          `${logicalId} deploys code from ${JSON.stringify(code ?? null)}, not an asset this candidate publishes to the ` +
            `bootstrap bucket ${bootstrapAssetsBucketName(context.account, context.region)}`,
        );
      const foreign = (Array.isArray(properties.Layers) ? properties.Layers : []).filter(
        (layer) => resources[refTarget(layer) ?? '']?.Type !== 'AWS::Lambda::LayerVersion',
      );
      if (foreign.length > 0)
        problems.push(
          `${logicalId} runs the layers ${JSON.stringify(foreign)}, not layer versions of this template: their code is read ` +
            'when the function is created, from wherever they live',
        );
    }
    if (type === 'AWS::ECS::TaskDefinition') {
      const containers = Array.isArray(properties.ContainerDefinitions) ? properties.ContainerDefinitions : [];
      if (containers.some((c) => (c as { EnvironmentFiles?: Json } | null)?.EnvironmentFiles !== undefined))
        problems.push(
          `${logicalId} gives a container environment files, which ECS reads from S3 each time a task starts, whatever ` +
            'they hold then: set the values in the task definition or as secrets',
        );
    }
    if (type === 'AWS::CodeBuild::Project') {
      const image = (properties.Environment as { Image?: Json } | undefined)?.Image;
      if (typeof image !== 'string' || !image.startsWith('aws/codebuild/'))
        problems.push(
          `${logicalId} builds in image ${JSON.stringify(image)}; protected projects use CodeBuild's curated images (aws/codebuild/...)`,
        );
    }
  }
  problems.push(...runtimeReferenceProblems(resources as never, context.account));
  return problems;
}

/** `{ Fn::GetAtt: [<a Lambda function of this template>, 'Arn'] }`. */
function ownFunction(token: Json | undefined, resources: Record<string, Resource>): boolean {
  const getAtt = (token as { 'Fn::GetAtt'?: Json } | null | undefined)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn' || typeof getAtt[0] !== 'string') return false;
  return resources[getAtt[0]]?.Type === 'AWS::Lambda::Function';
}

/**
 * Code CDK publishes: a `<hash>.zip` that this candidate's assembly publishes to the bootstrap bucket of the stack's
 * own environment, named literally or with `${AWS::AccountId}`/`${AWS::Region}`. Another bucket, even one named like a
 * bootstrap bucket, holds whatever its owner puts there when CloudFormation reads it, after the approval.
 */
function publishedCode(code: Json | undefined, context: StackContext): boolean {
  const { S3Bucket: bucket, S3Key: key } = (code ?? {}) as { S3Bucket?: Json; S3Key?: Json };
  const name = typeof bucket === 'string' ? bucket : (bucket as { 'Fn::Sub'?: Json } | null)?.['Fn::Sub'];
  if (typeof name !== 'string' || typeof key !== 'string' || !/^[0-9a-f]{64}\.zip$/.test(key)) return false;
  const resolved = name.replaceAll('${AWS::AccountId}', context.account).replaceAll('${AWS::Region}', context.region);
  return (
    resolved === bootstrapAssetsBucketName(context.account, context.region) &&
    context.publishedObjects.has(`${resolved}/${key}`)
  );
}
