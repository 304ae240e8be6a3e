import type { AssemblyStack, CloudAssembly } from './assembly-model';

/** A role ARN as text: its account and its name (the path, if any, dropped). */
export const ROLE_ARN = /^arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/** Every stack `stack` is deployed after: its dependencies, transitively, within its own (nested) assembly. */
export function deployedBefore(assembly: CloudAssembly, stack: AssemblyStack): Set<AssemblyStack> {
  const same = assembly.stacks.filter((s) => s.assemblyPath === stack.assemblyPath);
  const seen = new Set<AssemblyStack>();
  const visit = (s: AssemblyStack) => {
    for (const id of s.dependencies) {
      const dependency = same.find((d) => d.artifactId === id);
      if (dependency && !seen.has(dependency)) {
        seen.add(dependency);
        visit(dependency);
      }
    }
  };
  visit(stack);
  return seen;
}

/** Every role of the assembly created with a fixed name, and the stack that creates it. */
export function namedRoles(assembly: CloudAssembly): { readonly stack: AssemblyStack; readonly name: string }[] {
  return assembly.stacks.flatMap((stack) =>
    Object.values(stack.template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Role' && typeof r.Properties.RoleName === 'string')
      .map((r) => ({ stack, name: r.Properties.RoleName as string })),
  );
}
