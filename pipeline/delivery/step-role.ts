import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { createHash } from 'node:crypto';

/**
 * A CodeBuild step's role with a fixed name, so a role in an environment account can trust exactly it
 * (`aws:PrincipalArn`) instead of the whole pipeline account. CodeBuild of this account only may assume it, and
 * {@link pinStepRolesToProjects} narrows that to the projects that use it.
 */
export function stepRole(scope: Construct, id: string, roleName: string): iam.Role {
  return new iam.Role(scope, id, {
    roleName,
    assumedBy: codeBuildPrincipal(scope),
  });
}

/** codebuild.amazonaws.com acting for this account: the confused-deputy condition CodeBuild documents. */
export function codeBuildPrincipal(scope: Construct): iam.IPrincipal {
  return new iam.ServicePrincipal('codebuild.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
  });
}

/**
 * Lets CodeBuild assume each fixed-name step role only for the projects of the pipeline that use it
 * (`aws:SourceArn` = the project ARN, which CodeBuild sets when it assumes a service role). Without it any
 * CodeBuild project of the tools account could run as, say, prod's release-step role and reach prod before the
 * approval. The ARN is built from a project name fixed here, not read from the project: the project already
 * refers to the role, and a reference back would be a circular dependency. Call after `buildPipeline()`.
 */
export function pinStepRolesToProjects(steps: readonly pipelines.CodeBuildStep[]): void {
  pinRolesToProjects(steps.map((step) => step.project));
}

/**
 * Gives each project whose role has a fixed name a fixed name of its own, and lets that role trust CodeBuild only
 * for those projects (`aws:SourceArn`): no other project of the account, a commit's included, can run as it.
 */
export function pinRolesToProjects(projects: readonly codebuild.IProject[]): void {
  const projectsOf = new Map<iam.CfnRole, string[]>();
  for (const project of projects) {
    const role = project.role;
    if (!(project instanceof codebuild.Project) || !(role instanceof iam.Role)) continue;
    const cfnRole = role.node.defaultChild as iam.CfnRole;
    const roleName = cfnRole.roleName;
    // Only the fixed-name step roles: environment accounts trust them by name. Generated roles serve one project.
    // A role without a name of ours has an unresolved token there (CDK's generate-if-needed), not a name.
    if (typeof roleName !== 'string' || Token.isUnresolved(roleName)) continue;
    const cfnProject = project.node.defaultChild as codebuild.CfnProject;
    const name = stepProjectName(roleName, project.node.path);
    cfnProject.name = name;
    const arn = Stack.of(project).formatArn({
      service: 'codebuild',
      resource: 'project',
      resourceName: name,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    projectsOf.set(cfnRole, [...(projectsOf.get(cfnRole) ?? []), arn]);
  }
  for (const [cfnRole, arns] of projectsOf) {
    cfnRole.addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition.ArnEquals', {
      'aws:SourceArn': arns.length === 1 ? arns[0] : arns,
    });
  }
}

/**
 * A step project's name: its role's name and a hash of its construct path, so it stays the same from one synth to
 * the next (a new name replaces the project) and differs between the projects that share a role.
 */
export function stepProjectName(roleName: string, path: string): string {
  return `${roleName}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}`;
}
