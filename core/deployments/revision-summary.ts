import type { RevisionLocation } from '@aws-sdk/client-codedeploy';
import { parse } from 'yaml';

/** The task definition an ECS appspec revision deploys, when the revision carries its appspec inline. */
export function taskDefinitionOf(revision: RevisionLocation | undefined): string | undefined {
  const content = revision?.appSpecContent?.content ?? revision?.string?.content;
  if (content === undefined) return undefined;
  let appspec: unknown;
  try {
    appspec = parse(content);
  } catch {
    return undefined;
  }
  const resources = (appspec as { Resources?: unknown } | null)?.Resources;
  if (!Array.isArray(resources)) return undefined;
  for (const resource of resources) {
    for (const body of Object.values((resource ?? {}) as Record<string, unknown>)) {
      const taskDefinition = (body as { Properties?: { TaskDefinition?: unknown } } | null)?.Properties?.TaskDefinition;
      if (typeof taskDefinition === 'string' && taskDefinition !== '') return taskDefinition;
    }
  }
  return undefined;
}

/** One line saying what a revision deploys: the task definition, else where the revision is stored. */
export function describeRevision(revision: RevisionLocation | undefined): string {
  if (revision === undefined) return 'not reported';
  const taskDefinition = taskDefinitionOf(revision);
  if (taskDefinition !== undefined) return `task definition ${taskDefinition}`;
  const s3 = revision.s3Location;
  if (s3?.bucket) return `s3://${s3.bucket}/${s3.key ?? ''}${s3.version ? ` (version ${s3.version})` : ''}`;
  const github = revision.gitHubLocation;
  if (github?.repository) return `${github.repository}@${github.commitId ?? '?'}`;
  const sha256 = revision.appSpecContent?.sha256 ?? revision.string?.sha256;
  return `${revision.revisionType ?? 'unknown type'}${sha256 ? ` sha256 ${sha256.slice(0, 12)}` : ''} (no task definition found in it)`;
}
