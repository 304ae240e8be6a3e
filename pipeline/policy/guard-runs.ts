/**
 * How the Control Tower controls are split into cfn-guard runs, each reading only the resources its rules can
 * judge. cfn-guard evaluates every rule file against every template it is given, and its cost grows with the
 * size of each template for each rule file (about 100 ms per rule file on a 160 kB service template): most of
 * an example's synth went to reading IAM policies and task definitions for controls about buckets and keys.
 *
 * Every control selects its resources by type (`Resources.*[ Type == %S3_BUCKET_TYPE ]`) and finds
 * nothing in a template holding none of them. How else it reads `Resources` decides what it needs to see:
 * - nothing else: the resources of its types, so it finds the same violations at the same paths in a template
 *   holding only those;
 * - the resources that theirs reference (`Resources[ keys == %resource_key ]`, reached through `Ref` and
 *   `Fn::GetAtt`): those too, and the ones they reference in turn;
 * - any other way, or no type it selects can be told: whole templates.
 * The check in test/e2e/app-policy.check.ts holds this against one run of every control over the whole templates
 * of an app.
 */

/** A guard rule file and its text. */
export interface RuleFile {
  readonly path: string;
  readonly text: string;
}

/** A synthesized template, as read from its file. */
export interface GuardTemplate {
  readonly path: string;
  readonly template: {
    readonly Resources?: Record<string, { readonly Type?: unknown; readonly [property: string]: unknown }>;
  } & Record<string, unknown>;
}

/** One cfn-guard invocation. */
export interface GuardRun {
  readonly rules: readonly string[];
  /**
   * The templates it reads: each by the path of its file, with `scoped`, the template holding only the resources
   * this run's rules read, or without it when the run reads the file as it is.
   */
  readonly templates: readonly { readonly path: string; readonly scoped?: Record<string, unknown> }[];
}

/** Which resources of a template a rule file reads, besides those of the types it selects. */
export type ResourceReach = 'own-types' | 'referenced' | 'any';

/**
 * Scoped resources one run may read, in bytes of JSON, before the next rule files start a run of their own. A
 * cfn-guard process costs about 40 ms to start, as much as reading ~60 kB for one rule file: rule files whose
 * resources are few share a run; those naming types with much JSON (IAM policies) get one to themselves.
 */
const SCOPED_BYTES_PER_RUN = 64 * 1024;

/** A rule file's code: its text without its full-line comments, which may name types and `Resources` freely. */
function codeOf(ruleText: string): string {
  return ruleText.replace(/^\s*#.*$/gm, '');
}

/** A selection of resources by type, `Resources.*[ Type == %A or Type == %B ]` (guard also reads `Resources[ … ]`). */
const TYPE_SELECTION = /Resources(?:\.\*)?\[(\s*Type\s*==[^\]]*)\]/g;

/**
 * What a rule file reads of `Resources`, from its code. Besides selecting by type it may look a referenced resource
 * up by its key and ask whether the template has resources at all (every control checks it is given a template);
 * any other mention of `Resources` (a wildcard, an alias, a key of its own) reads any resource.
 */
export function resourceReach(ruleText: string): ResourceReach {
  const code = codeOf(ruleText).replace(TYPE_SELECTION, '');
  const withoutLookups = code.replace(/Resources\[\s*keys\s*==/g, '').replace(/\bResources\s+exists\b/g, '');
  if (/\bResources\b/.test(withoutLookups)) return 'any';
  return /Resources\[\s*keys\s*==/.test(code) ? 'referenced' : 'own-types';
}

/**
 * The resource types a rule file selects (`Type == %NAME` in a selection, joined by `or`, where `let NAME = "AWS::…"`
 * or with single quotes), each once, sorted; undefined when a selection says anything else, which this cannot tell
 * the types of.
 */
export function selectedResourceTypes(ruleText: string): string[] | undefined {
  const code = codeOf(ruleText);
  const literals = new Map(
    [...code.matchAll(/^\s*let\s+(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')\s*$/gm)].map((m) => [m[1], m[2] ?? m[3]]),
  );
  const types = new Set<string>();
  for (const [, selection] of code.matchAll(TYPE_SELECTION)) {
    for (const alternative of selection.split(/\bor\b/)) {
      const match = /^\s*Type\s*==\s*(?:%(\w+)|"([^"]*)"|'([^']*)')\s*$/.exec(alternative);
      const type = match && (match[1] === undefined ? (match[2] ?? match[3]) : literals.get(match[1]));
      if (!type) return undefined;
      types.add(type);
    }
  }
  return [...types].sort();
}

/**
 * True when a template has a shape CloudFormation does not deploy but cfn-guard still reads: a resource that is not
 * an object or whose `Type` is not a string (cfn-guard's `Type ==` matches a list holding the type), or a top-level
 * key named like a resource type (every control also reads the hook form, `%INPUT_DOCUMENT.<type>`).
 */
function irregular({ template }: GuardTemplate): boolean {
  const resources: unknown = template.Resources ?? {};
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) return true;
  const odd = Object.values(resources).some(
    (r: unknown) => typeof r !== 'object' || r === null || typeof (r as { Type?: unknown }).Type !== 'string',
  );
  return odd || Object.keys(template).some((key) => /^\w+::\w+::\w+$/.test(key));
}

/** Rule files that share how they read: their types, and whether they follow references. */
interface ScopedGroup {
  readonly types: Set<string>;
  readonly references: boolean;
  readonly rules: string[];
}

/**
 * The cfn-guard runs that judge `templates` with `rules`: a rule file naming only types no template holds is in
 * none (it finds nothing), every other one in exactly one.
 */
export function guardRuns(rules: readonly RuleFile[], templates: readonly GuardTemplate[]): GuardRun[] {
  // What no deployable template holds is judged as cfn-guard judges it without scoping: every control, whole.
  if (templates.some(irregular)) {
    return [{ rules: rules.map((rule) => rule.path), templates: templates.map(({ path }) => ({ path })) }];
  }
  const bytesByType = new Map<string, number>();
  for (const { template } of templates) {
    for (const resource of Object.values(template.Resources ?? {})) {
      if (typeof resource.Type !== 'string') continue;
      bytesByType.set(resource.Type, (bytesByType.get(resource.Type) ?? 0) + JSON.stringify(resource).length);
    }
  }
  const holding = (types: readonly string[]) =>
    templates.filter(({ template }) =>
      Object.values(template.Resources ?? {}).some((r) => types.includes(String(r.Type))),
    );

  // Rule files reading whole templates, by the templates they read; the others by their types and reach.
  const whole = new Map<string, { paths: string[]; rules: string[] }>();
  const scoped = new Map<string, ScopedGroup>();
  for (const rule of rules) {
    const types = selectedResourceTypes(rule.text) ?? [];
    if (types.length > 0 && !types.some((type) => bytesByType.has(type))) continue;
    const reach = resourceReach(rule.text);
    if (types.length === 0 || reach === 'any') {
      const paths = (types.length === 0 ? templates : holding(types)).map(({ path }) => path);
      const key = paths.join('\n');
      whole.set(key, { paths, rules: [...(whole.get(key)?.rules ?? []), rule.path] });
    } else {
      const references = reach === 'referenced';
      const key = `${references} ${types.join(' ')}`;
      const rules = [...(scoped.get(key)?.rules ?? []), rule.path];
      scoped.set(key, { types: new Set(types), references, rules });
    }
  }
  const bytesOf = (types: ReadonlySet<string>) => [...types].reduce((n, type) => n + (bytesByType.get(type) ?? 0), 0);

  const runs: GuardRun[] = [...whole.values()].map(({ paths, rules }) => ({
    rules,
    templates: paths.map((path) => ({ path })),
  }));
  for (const references of [false, true]) {
    // Smallest first, so the rule files reading little fill shared runs before a large one starts its own.
    const groups = [...scoped.values()]
      .filter((group) => group.references === references)
      .sort((a, b) => bytesOf(a.types) - bytesOf(b.types));
    let shared: ScopedGroup | undefined;
    for (const group of groups) {
      const joined = shared && new Set([...shared.types, ...group.types]);
      if (shared && joined && bytesOf(joined) <= SCOPED_BYTES_PER_RUN) {
        shared = { types: joined, references, rules: [...shared.rules, ...group.rules] };
        continue;
      }
      if (shared) runs.push(scopedRun(shared, templates));
      shared = { types: new Set(group.types), references, rules: [...group.rules] };
    }
    if (shared) runs.push(scopedRun(shared, templates));
  }
  return runs;
}

/**
 * A run of a group's rules over the templates holding any of its types, each with only its resources of those types
 * and, for rule files that follow references, every resource those reference, directly or through others.
 */
function scopedRun({ types, references, rules }: ScopedGroup, templates: readonly GuardTemplate[]): GuardRun {
  return {
    rules,
    templates: templates.flatMap(({ path, template }) => {
      const all = template.Resources ?? {};
      const kept = new Set(
        Object.keys(all).filter((id) => typeof all[id].Type === 'string' && types.has(all[id].Type as string)),
      );
      if (kept.size === 0) return [];
      if (references) {
        const pending = [...kept];
        for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
          for (const target of referencedIds(all[id])) {
            if (target in all && !kept.has(target)) {
              kept.add(target);
              pending.push(target);
            }
          }
        }
      }
      const resources = Object.fromEntries(Object.entries(all).filter(([id]) => kept.has(id)));
      return [{ path, scoped: { ...template, Resources: resources } }];
    }),
  };
}

/** The logical ids a value names through `Ref` and `Fn::GetAtt` (both its list and its `Id.Attribute` form). */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === 'Ref' && typeof inner === 'string') return [inner];
    if (key === 'Fn::GetAtt') {
      if (typeof inner === 'string') return [inner.split('.')[0]];
      if (Array.isArray(inner) && typeof inner[0] === 'string') return [inner[0], ...referencedIds(inner.slice(1))];
    }
    return referencedIds(inner);
  });
}
