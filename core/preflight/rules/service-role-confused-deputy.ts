import { CONFUSED_DEPUTY_SERVICES, conditionNamesSource } from '../../../model/confused-deputy-services';
import { asList, asObject, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';

/** The services of a trust statement's `Principal.Service`. */
function servicesOf(statement: JsonValue): string[] {
  const service = asObject(asObject(statement)?.Principal)?.Service;
  return (Array.isArray(service) ? service : service === undefined ? [] : [service]).filter(
    (s): s is string => typeof s === 'string',
  );
}

/**
 * A role that a service assumes on the caller's behalf (CodeBuild, CodePipeline, CodeDeploy, VPC flow logs, RDS
 * enhanced monitoring) can be used by that service for anyone who may point it at the role, unless its trust policy
 * says for which account or resource: AWS documents aws:SourceAccount / aws:SourceArn for each of these services.
 */
export const serviceRoleConfusedDeputy: Rule = {
  id: 'service-role-confused-deputy',
  severity: 'error',
  title: 'Roles that AWS services assume name their source account or resource',
  awsBehaviour:
    'A service principal assumes a role for any request that names it, from any project, flow log or DB instance; ' +
    'AWS documents aws:SourceAccount and aws:SourceArn in the trust policy to limit it to the intended source ' +
    '(the confused-deputy problem). A step role trusted without aws:SourceArn can be attached to any CodeBuild project.',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  check: (assembly) =>
    assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources).flatMap(([logicalId, resource]): RuleFinding[] => {
        if (resource.Type !== 'AWS::IAM::Role') return [];
        const statements = asList(asObject(resource.Properties.AssumeRolePolicyDocument)?.Statement);
        return statements.flatMap((statement): RuleFinding[] => {
          const services = servicesOf(statement).filter((s) => CONFUSED_DEPUTY_SERVICES[s] !== undefined);
          if (services.length === 0 || conditionNamesSource(asObject(statement)?.Condition)) return [];
          return [
            {
              severity: 'error',
              stack,
              logicalId,
              resource,
              message:
                `role '${logicalId}' trusts ${services.join(', ')} with no aws:SourceAccount or aws:SourceArn ` +
                `condition, so that service assumes it for any source: add them (${services
                  .map((s) => CONFUSED_DEPUTY_SERVICES[s])
                  .join(', ')})`,
            },
          ];
        });
      }),
    ),
};
