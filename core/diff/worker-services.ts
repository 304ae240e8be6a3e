import { asObject, asString } from '../preflight/json-value';
import type { TemplateResource } from '../preflight/assembly-model';
import type { Mark } from './resource-change';

/**
 * A change of a service the ECS controller deploys (a worker): its task definition is named by family, so the
 * stack update calls UpdateService with the family, which starts the latest revision at once (ECS UpdateService),
 * inside the CloudFormation step and so before the release task and RollWorkers. A service under CodeDeploy is left.
 */
export function marksOfWorkerServiceChange(resource: TemplateResource): Mark[] {
  if (resource.Type !== 'AWS::ECS::Service') return [];
  if (asString(asObject(resource.Properties.DeploymentController)?.Type) === 'CODE_DEPLOY') return [];
  return [
    {
      word: 'ROLLS',
      reason:
        'an update of a worker service makes CloudFormation call UpdateService with its task definition family, ' +
        "which starts the newest revision at once: this commit's worker code runs before the release task; ship the " +
        'change in a commit whose workers need no migration of that commit',
    },
  ];
}
