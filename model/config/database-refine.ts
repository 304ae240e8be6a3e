import type { z } from 'zod';
import {
  SUPPORTED_VERSIONS,
  SYSTEM_DATABASES,
  engineFamily,
  instanceClassProblem,
  isAurora,
  isSystemDatabase,
  performanceInsightsSupported,
} from './database-engines';
import {
  effectiveDatabaseFor,
  type DatabaseConfig,
  type DatabaseConfigShape,
  type DatabaseOverride,
} from './database-schema';

type Block = Partial<DatabaseConfig> & Partial<DatabaseOverride>;

/**
 * Rules that need the engine or the environment: checked on the top-level block, on each environment's
 * override, and on the merged result, each reported at the field the user wrote (once per path).
 */
export function refineDatabase(config: DatabaseConfigShape, ctx: z.core.$RefinementCtx): void {
  const top = config.database;
  if (top === undefined) {
    config.environments.forEach((environment, index) => {
      if (environment.database !== undefined) {
        issue(
          ctx,
          ['environments', index, 'database'],
          environment.database,
          'needs a top-level database block (engine, version)',
        );
      }
    });
    return;
  }
  const seen = new Set<string>();
  const report = (path: PropertyKey[], input: unknown, message: string) => {
    const key = `${path.join('.')}\n${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issue(ctx, path, input, message);
  };
  const engine = top.engine;
  const versions = SUPPORTED_VERSIONS[engine];
  if (top.version !== undefined && !versions.includes(top.version)) {
    report(
      ['database', 'version'],
      top.version,
      `must be one of ${versions.map((v) => `'${v}'`).join(', ')} for ${engine}`,
    );
  }
  checkBlock(top, ['database'], engine, report);
  if (isSystemDatabase(top.name, engineFamily(engine))) {
    report(
      ['database', 'name'],
      top.name,
      `is a system database of ${engine} (${SYSTEM_DATABASES[engineFamily(engine)].join(', ')}, or a name starting with rds): name the application's own database, e.g. app`,
    );
  }
  config.environments.forEach((environment, index) => {
    const envPath = ['environments', index, 'database'];
    const override = environment.database;
    if (override !== undefined) checkBlock(override, envPath, engine, report);
    const merged = effectiveDatabaseFor(config, environment.name);
    if (merged === undefined) return;
    const from = (field: keyof DatabaseOverride): PropertyKey[] =>
      override?.[field] !== undefined ? [...envPath, field] : ['database', field];
    if (merged.performanceInsights && !performanceInsightsSupported(engine, merged.instanceClass)) {
      report(
        from('performanceInsights'),
        true,
        `is not available for ${engine} on ${merged.instanceClass}; use a medium or larger class`,
      );
    }
    const { allocatedStorageGiB: allocated, maxAllocatedStorageGiB: max } = merged;
    if (allocated !== undefined && max !== undefined && max <= allocated) {
      report(
        from('maxAllocatedStorageGiB'),
        max,
        `must exceed allocatedStorageGiB (${allocated}) to allow autoscaling`,
      );
    }
    const restore = override?.restoreFrom;
    if (restore !== undefined && !isAurora(engine) && override?.allocatedStorageGiB === undefined) {
      // CloudFormation modifies the restored instance to the template's AllocatedStorage, and RDS cannot shrink
      // storage: a default of 20 GiB fails the create of any restore from a database that grew past it.
      report(
        [...envPath, 'allocatedStorageGiB'],
        undefined,
        "is required with restoreFrom: set it to at least the source database's allocated storage (the snapshot's AllocatedStorage), as RDS cannot shrink storage",
      );
    }
    if (restore !== undefined && 'snapshotArn' in restore) {
      const [, , , region, , kind] = restore.snapshotArn.split(':');
      const restorePath = [...envPath, 'restoreFrom', 'snapshotArn'];
      if (region !== environment.region) {
        report(
          restorePath,
          restore.snapshotArn,
          `must be in the region of environment '${environment.name}' (${environment.region}): copy the snapshot there first (the DR copy already is)`,
        );
      }
      const wanted = isAurora(engine) ? 'cluster-snapshot' : 'snapshot';
      if (kind !== wanted) {
        report(restorePath, restore.snapshotArn, `must be a ${wanted} ARN for ${engine}`);
      }
    }
  });
}

/** Rules on one block's own fields against the engine. */
function checkBlock(
  block: Block,
  path: PropertyKey[],
  engine: DatabaseConfig['engine'],
  report: (path: PropertyKey[], input: unknown, message: string) => void,
): void {
  const aurora = isAurora(engine);
  if (block.serverless !== undefined && !aurora) {
    report(
      [...path, 'serverless'],
      block.serverless,
      `is only for aurora-postgresql and aurora-mysql (engine is ${engine})`,
    );
  }
  if (block.serverless !== undefined && block.instanceClass !== undefined) {
    report([...path, 'instanceClass'], block.instanceClass, 'cannot be set together with serverless: choose one');
  }
  for (const field of ['allocatedStorageGiB', 'maxAllocatedStorageGiB'] as const) {
    if (block[field] !== undefined && aurora) {
      report(
        [...path, field],
        block[field],
        `is only for postgres and mysql: Aurora storage grows by itself (engine is ${engine})`,
      );
    }
  }
  if (block.instanceClass !== undefined) {
    const problem = instanceClassProblem(engine, block.instanceClass);
    if (problem) report([...path, 'instanceClass'], block.instanceClass, problem);
  }
}

function issue(ctx: z.core.$RefinementCtx, path: PropertyKey[], input: unknown, message: string): void {
  ctx.addIssue({ code: 'custom', path, input, message });
}
