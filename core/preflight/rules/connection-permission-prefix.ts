import { actionRole, actionRoleArn, pipelinesOf } from '../pipelines';
import { allowsAction, roleStatements } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import { isLiteral, parseArn, textOf } from '../template-values';

const PREFIXES = ['codeconnections', 'codestar-connections'];

/** A connection source action's role must be granted UseConnection under the connection ARN's own service prefix. */
export const connectionPermissionPrefix: Rule = {
  id: 'connection-permission-prefix',
  severity: 'error',
  title: "UseConnection must be granted under the connection ARN's service prefix",
  awsBehaviour:
    'Connections exist under two service prefixes (codeconnections and codestar-connections) and an IAM policy must ' +
    "use the prefix of the connection's ARN; otherwise the Source action fails on permissions.",
  docUrl: 'https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html',
  check: (assembly) =>
    pipelinesOf(assembly).flatMap((pipeline) =>
      pipeline.stages
        .flatMap((stage) => stage.actions)
        .filter((action) => action.provider === 'CodeStarSourceConnection')
        .flatMap((action): RuleFinding[] => {
          const where = { stack: pipeline.stack, logicalId: pipeline.logicalId, resource: pipeline.resource };
          const prefix = parseArn(textOf(action.configuration.ConnectionArn))?.service ?? '';
          if (!isLiteral(prefix) || !PREFIXES.includes(prefix)) return [];
          const role = actionRole(assembly, pipeline, action);
          if (role === undefined) {
            const arn = textOf(actionRoleArn(pipeline, action));
            return [
              {
                ...where,
                severity: 'warning',
                message: `cannot check source action '${action.name}': its role '${arn}' is not defined in the assembly; it needs ${prefix}:UseConnection`,
              },
            ];
          }
          const statements = roleStatements(role);
          if (allowsAction(statements, `${prefix}:UseConnection`)) return [];
          const other = PREFIXES.find((p) => p !== prefix) ?? '';
          const grantsOther = allowsAction(statements, `${other}:UseConnection`);
          return [
            {
              ...where,
              severity: 'error',
              message:
                `source action '${action.name}' uses a ${prefix} connection but its role '${role.logicalId}' ` +
                (grantsOther ? `is granted only ${other}:UseConnection` : 'is granted no UseConnection') +
                `: grant ${prefix}:UseConnection on the connection`,
            },
          ];
        }),
    ),
};
