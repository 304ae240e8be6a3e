import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { pipelinesOf, type PipelineRef } from '../pipelines';
import { coversAction, roleStatements } from '../policy';
import { resolveRole } from '../role-lookup';
import { parseArn, refTarget, textOf } from '../template-values';
import type { Rule, RuleFinding } from '../rule';

/**
 * The stack holding a self-mutating pipeline must not depend on a stack of another account, unless the
 * self-mutation project may assume roles there: UpdatePipeline runs `cdk deploy <pipeline stack>`,
 * which deploys the dependencies too.
 */
export const crossAccountSelfMutation: Rule = {
  id: 'cross-account-self-mutation',
  severity: 'error',
  title: 'Self-mutation cannot deploy stacks of another account',
  awsBehaviour:
    "UpdatePipeline runs 'cdk deploy' on the pipeline stack, which also deploys the stacks it depends on (such as " +
    "CDK's cross-account-support-stack-<account>); the self-mutation role may only assume roles in its own account, " +
    'so every run fails with "not authorized to perform sts:AssumeRole".',
  docUrl: 'https://github.com/aws/aws-cdk/issues/16374',
  check: (assembly) =>
    pipelinesOf(assembly)
      .filter(selfMutates)
      .flatMap((pipeline) => {
        const own = pipeline.stack.environment.account;
        if (own === undefined) return [];
        return transitiveDependencies(assembly, pipeline.stack)
          .filter((dep) => dep.environment.account !== undefined && dep.environment.account !== own)
          .filter((dep) => !selfMutationMayAssumeInto(assembly, pipeline, dep.environment.account ?? ''))
          .map((dep): RuleFinding => ({
            severity: 'error',
            stack: pipeline.stack,
            logicalId: pipeline.logicalId,
            resource: pipeline.resource,
            message:
              `the pipeline stack (account ${own}) depends on stack '${dep.stackName}' in account ` +
              `${dep.environment.account}, which UpdatePipeline cannot deploy: allow the self-mutation role ` +
              `sts:AssumeRole on the bootstrap deploy and file-publishing roles of account ${dep.environment.account}`,
          }));
      }),
};

function selfMutates(pipeline: PipelineRef): boolean {
  return pipeline.stages.some(
    (stage) =>
      stage.name === 'UpdatePipeline' ||
      stage.actions.some((a) => a.name === 'SelfMutate' && a.provider === 'CodeBuild'),
  );
}

/** The stacks `stack` depends on, directly or through other stacks, in its own (nested) assembly. */
function transitiveDependencies(assembly: CloudAssembly, stack: AssemblyStack): AssemblyStack[] {
  const sameAssembly = new Map(
    assembly.stacks.filter((s) => s.assemblyPath === stack.assemblyPath).map((s) => [s.artifactId, s]),
  );
  const found = new Map<string, AssemblyStack>();
  const pending = [...stack.dependencies];
  while (pending.length > 0) {
    const id = pending.pop() ?? '';
    const dep = sameAssembly.get(id);
    // Asset manifests are published, not deployed; only stacks carry an account that matters here.
    if (dep === undefined || id.endsWith('.assets') || found.has(id) || id === stack.artifactId) continue;
    found.set(id, dep);
    pending.push(...dep.dependencies);
  }
  return [...found.values()];
}

/** True when the self-mutation project's role may assume a role in `account` (the way out the CDK docs show). */
function selfMutationMayAssumeInto(assembly: CloudAssembly, pipeline: PipelineRef, account: string): boolean {
  const projectIds = pipeline.stages
    .flatMap((stage) =>
      stage.name === 'UpdatePipeline' ? stage.actions : stage.actions.filter((a) => a.name === 'SelfMutate'),
    )
    .map((action) => refTarget(action.configuration.ProjectName))
    .filter((id): id is string => id !== undefined);
  return projectIds.some((id) => {
    const project = pipeline.stack.template.Resources[id];
    const role = resolveRole(assembly, pipeline.stack, project?.Properties.ServiceRole);
    if (role === undefined) return false;
    return roleStatements(role).some(
      (s) =>
        s.effect === 'Allow' &&
        coversAction(s, 'sts:AssumeRole') &&
        s.resources.some((r) => {
          const text = textOf(r);
          if (text === '*') return true;
          const arnAccount = parseArn(text)?.account;
          return arnAccount === account || arnAccount === '*';
        }),
    );
  });
}
