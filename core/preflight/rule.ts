import type { AssemblyStack, CloudAssembly, TemplateResource } from './assembly-model';
import { cdkPath, type ResourceRef } from './template-values';

export type Severity = 'error' | 'warning';

/** One problem a rule found: where it is and what to change. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  readonly artifactId: string;
  readonly logicalId?: string;
  /** The construct path from `Metadata.aws:cdk:path`, when the resource has one. */
  readonly constructPath?: string;
  /** What is wrong and what to change. */
  readonly message: string;
  /**
   * The other places (`stack logicalId`) where the same rule found the same problem: one file that several
   * resources share (a Dockerfile built for several services) is one problem, reported once.
   */
  readonly alsoAt?: readonly string[];
}

/** What a rule may read besides the assembly: files of the source tree (the Dockerfiles a build uses). */
export interface RuleContext {
  /** The file's text at a path relative to the source root, or undefined when it does not exist. */
  readonly readSourceFile: (relativePath: string) => string | undefined;
}

/** The location a rule reports, with the severity and message it chose. */
export interface RuleFinding {
  readonly severity: Severity;
  readonly stack: AssemblyStack;
  readonly logicalId?: string;
  readonly resource?: TemplateResource;
  readonly message: string;
}

/**
 * A preflight rule, cdk-nag style: data about the AWS behaviour it guards, and a pure check over the
 * loaded assembly. Add one by writing a file under rules/ and listing it in rules/index.ts.
 */
export interface Rule {
  /** Stable kebab-case id, printed with every finding. */
  readonly id: string;
  /** The worst severity the rule reports; some findings of an 'error' rule may be warnings (unknown state). */
  readonly severity: Severity;
  readonly title: string;
  /** The AWS behaviour the rule guards, in one or two sentences. */
  readonly awsBehaviour: string;
  /** Where AWS documents that behaviour. */
  readonly docUrl: string;
  readonly check: (assembly: CloudAssembly, context: RuleContext) => RuleFinding[];
}

/** A rule's finding in the shape the runner reports. */
export function toFinding(rule: Rule, found: RuleFinding): Finding {
  return {
    ruleId: rule.id,
    severity: found.severity,
    stackName: found.stack.stackName,
    artifactId: found.stack.artifactId,
    logicalId: found.logicalId,
    constructPath: cdkPath(found.resource),
    message: found.message,
  };
}

/** An error at one resource of a stack (a policy, a role, a pipeline). */
export function errorAt(ref: ResourceRef, message: string): RuleFinding {
  return { severity: 'error', stack: ref.stack, logicalId: ref.logicalId, resource: ref.resource, message };
}
