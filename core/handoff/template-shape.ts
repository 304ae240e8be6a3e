/**
 * What a protected template may hold beyond the resources Verify's rules read. The rules judge the resources in the
 * template itself; a nested stack, a transform (AWS::Include) or a custom resource backed by a function elsewhere
 * would add or change resources when CloudFormation runs it, after the approval, from something no check read; an
 * image the template names for a function or a build would run unscanned.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Resource {
  readonly Type?: string;
  readonly Properties?: Record<string, Json>;
}

/** The problems of one protected template, each a line naming the resource. */
export function templateShapeProblems(template: Json): string[] {
  const shape = template as { Transform?: Json; Resources?: Record<string, Resource> };
  const problems: string[] = [];
  if (shape.Transform !== undefined)
    problems.push(
      `the template declares Transform ${JSON.stringify(shape.Transform)}, which adds resources no check reads`,
    );
  const resources = shape.Resources ?? {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const type = String(resource.Type);
    const properties = resource.Properties ?? {};
    if (JSON.stringify(properties).includes('"Fn::Transform"'))
      problems.push(`${logicalId} uses Fn::Transform, which inserts what no check reads when CloudFormation runs it`);
    if (type === 'AWS::CloudFormation::Stack')
      problems.push(
        `${logicalId} is a nested stack, whose template no check reads; protected templates hold their resources`,
      );
    if (
      (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') &&
      !ownFunction(properties.ServiceToken, resources)
    )
      problems.push(
        `${logicalId} is a custom resource served by ${JSON.stringify(properties.ServiceToken)}, not by a function of this template`,
      );
    if (type === 'AWS::Lambda::Function' && JSON.stringify(properties.Code ?? null).includes('"ImageUri"'))
      problems.push(`${logicalId} runs a container image no scan gate judged; protected functions deploy code assets`);
    if (type === 'AWS::CodeBuild::Project') {
      const image = (properties.Environment as { Image?: Json } | undefined)?.Image;
      if (typeof image !== 'string' || !image.startsWith('aws/codebuild/'))
        problems.push(
          `${logicalId} builds in image ${JSON.stringify(image)}; protected projects use CodeBuild's curated images (aws/codebuild/...)`,
        );
    }
    if (type === 'AWS::Batch::JobDefinition' || type === 'AWS::AppRunner::Service')
      problems.push(`${logicalId} is an ${type}, whose image no check judges`);
  }
  return problems;
}

/** `{ Fn::GetAtt: [<a Lambda function of this template>, 'Arn'] }`. */
function ownFunction(token: Json | undefined, resources: Record<string, Resource>): boolean {
  const getAtt = (token as { 'Fn::GetAtt'?: Json } | null | undefined)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || getAtt[1] !== 'Arn' || typeof getAtt[0] !== 'string') return false;
  return resources[getAtt[0]]?.Type === 'AWS::Lambda::Function';
}
