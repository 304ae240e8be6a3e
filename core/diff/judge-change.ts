import { asObject, asString } from '../preflight/json-value';
import type { TemplateResource } from '../preflight/assembly-model';
import type { Mark } from './resource-change';
import { topLevelProperty } from './property-paths';
import {
  CODE_DEPLOY_SERVICE_UPDATABLE,
  ECS_SERVICE_REPLACEMENT_PROPERTIES,
  KEEPING_DELETION_POLICIES,
  STATEFUL_REPLACEMENT_PROPERTIES,
} from './update-rules';

const ECS_SERVICE = 'AWS::ECS::Service';

/** True for the resource types `diff` treats as holding data (a database, a bucket, a file system, ...). */
export function isStateful(type: string): boolean {
  return type in STATEFUL_REPLACEMENT_PROPERTIES;
}

/** Marks of a resource whose properties changed (`paths`), judged on its type and its state before. */
export function marksOfChange(before: TemplateResource, after: TemplateResource, paths: readonly string[]): Mark[] {
  if (before.Type !== after.Type) {
    return [
      { word: 'REFUSED', reason: `CloudFormation does not change a resource's type (${before.Type} to ${after.Type})` },
    ];
  }
  const changed = [...new Set(paths.map(topLevelProperty))];
  if (before.Type === ECS_SERVICE) return codeDeployServiceMarks(before, after, changed);
  const replacing = changed.filter((p) => STATEFUL_REPLACEMENT_PROPERTIES[before.Type]?.includes(p));
  if (replacing.length === 0) return [];
  return [
    {
      word: 'REPLACES',
      reason:
        `a change of ${list(replacing)} replaces this ${before.Type} (Update requires: Replacement): a new, empty one ` +
        `is created and the old one ${keptOrDeleted(before)}`,
    },
  ];
}

/** A stateful resource the stack no longer has is deleted with its data, unless its DeletionPolicy keeps it. */
export function marksOfRemoval(before: TemplateResource): Mark[] {
  if (!isStateful(before.Type) || KEEPING_DELETION_POLICIES.has(before.DeletionPolicy ?? '')) return [];
  return [
    {
      word: 'DELETES',
      reason: `the stack deletes this ${before.Type} and its data (DeletionPolicy ${before.DeletionPolicy ?? 'Delete'})`,
    },
  ];
}

function codeDeployServiceMarks(before: TemplateResource, after: TemplateResource, changed: string[]): Mark[] {
  const wasCodeDeploy = controllerOf(before) === 'CODE_DEPLOY';
  if (!wasCodeDeploy) {
    return controllerOf(after) === 'CODE_DEPLOY'
      ? [{ word: 'REFUSED', reason: 'an existing service cannot be switched to the CODE_DEPLOY deployment controller' }]
      : [];
  }
  const marks: Mark[] = [];
  const replacing = changed.filter((p) => ECS_SERVICE_REPLACEMENT_PROPERTIES.includes(p));
  if (replacing.length > 0) {
    marks.push({
      word: 'REPLACES',
      reason: `a change of ${list(replacing)} replaces this CODE_DEPLOY service: CloudFormation creates a new one beside the one its deployment group deploys`,
    });
  }
  const refused = changed.filter((p) => !CODE_DEPLOY_SERVICE_UPDATABLE.has(p) && !replacing.includes(p));
  if (refused.length > 0) {
    marks.push({
      word: 'REFUSED',
      reason:
        `CloudFormation refuses to update ${list(refused)} of a service with a CODE_DEPLOY deployment controller ` +
        '(only DesiredCount, DeploymentConfiguration, HealthCheckGracePeriodSeconds, placement, tags); ' +
        'roll such a change out through CodeDeploy, or create a new service',
    });
  }
  return marks;
}

function controllerOf(resource: TemplateResource): string {
  return asString(asObject(resource.Properties.DeploymentController)?.Type) ?? 'ECS';
}

function keptOrDeleted(resource: TemplateResource): string {
  return KEEPING_DELETION_POLICIES.has(resource.DeletionPolicy ?? '')
    ? `is kept (DeletionPolicy ${resource.DeletionPolicy}), outside the stack`
    : 'is deleted with its data';
}

function list(properties: string[]): string {
  return properties.join(', ');
}
