import type { JsonObject, JsonValue } from './json-value';

/** One resource of a CloudFormation template, as CDK writes it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties: JsonObject;
  readonly Metadata?: JsonObject;
  /** `Delete` (CloudFormation's default when absent), `Retain`, `RetainExceptOnCreate` or `Snapshot`. */
  readonly DeletionPolicy?: string;
  /** The logical ids CloudFormation creates before this resource, besides those its properties reference. */
  readonly DependsOn?: string | readonly string[];
}

/** The parts of a CloudFormation template the rules read. */
export interface Template {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs: Readonly<Record<string, JsonValue>>;
}

/** Where a stack deploys: unknown parts (`unknown-account`, `unknown-region`) are undefined. */
export interface StackEnvironment {
  readonly account?: string;
  readonly region?: string;
}

/** One `aws:cloudformation:stack` artifact of the assembly or of a nested assembly. */
export interface AssemblyStack {
  readonly artifactId: string;
  /** The CloudFormation stack name: the manifest's `stackName`, else the artifact id (CDK's own default). */
  readonly stackName: string;
  readonly displayName: string;
  /** The nested assembly directory relative to the root assembly, '' for the root (`assembly-<stage>` for a stage). */
  readonly assemblyPath: string;
  readonly environment: StackEnvironment;
  /** Artifact ids in the same (nested) assembly this stack depends on, asset manifests included. */
  readonly dependencies: readonly string[];
  readonly template: Template;
}

/** A loaded cloud assembly: every stack of the root and of every nested assembly. */
export interface CloudAssembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
}
