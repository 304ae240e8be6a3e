import { z } from 'zod';
import {
  DATABASE_ENGINES,
  INSTANCE_CLASS,
  defaultInstanceClass,
  defaultVersion,
  isAurora,
  performanceInsightsSupported,
  type DatabaseEngineName,
} from './database-engines';

/**
 * The `database:` block (top level) and its per-environment override (`environments[].database`).
 * Plug in with `database: databaseSchema.optional()`, `database: databaseOverrideSchema.optional()` on
 * the environment and `refineDatabase(config, ctx)` (database-refine.ts) in the config's superRefine.
 */

const capacity = () => z.number().min(0).max(256).multipleOf(0.5);

const serverlessSchema = z
  .strictObject({
    minCapacity: capacity().describe('Aurora capacity units (ACU) when idle; 0 pauses the writer (Aurora only)'),
    maxCapacity: capacity().min(1).describe('ACU at peak; 1 ACU is about 2 GiB of memory'),
  })
  .superRefine((s, ctx) => {
    if (s.maxCapacity < s.minCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxCapacity'],
        input: s.maxCapacity,
        message: 'must be at least minCapacity',
      });
    }
  });

const restoreFromSchema = z.union([
  z.strictObject({
    snapshotArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(cluster-)?snapshot:[A-Za-z0-9:-]+$/,
        'must be an RDS snapshot ARN (arn:aws:rds:REGION:ACCOUNT:snapshot:NAME or …:cluster-snapshot:NAME)',
      )
      .describe('Snapshot (or AWS Backup recovery point) in the environment region, e.g. the DR copy'),
  }),
  z.strictObject({
    snapshotIdentifier: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9:-]{0,254}$/, 'must be an RDS snapshot identifier')
      .describe('Snapshot name in the environment account and region'),
  }),
]);

const fields = {
  instanceClass: z
    .string()
    .regex(INSTANCE_CLASS, 'must be an RDS instance class such as db.t4g.micro or db.r7g.large')
    .describe(
      'Instance class of the instance, or of each Aurora instance (default db.t4g.micro, Aurora db.t4g.medium)',
    ),
  serverless: serverlessSchema.describe('Aurora Serverless v2 capacity instead of an instance class (Aurora only)'),
  allocatedStorageGiB: z.int().min(20).max(65_536).describe('Initial storage in GiB, RDS only (default 20)'),
  maxAllocatedStorageGiB: z
    .int()
    .min(21)
    .max(65_536)
    .describe('Storage autoscaling limit in GiB, RDS only (default no autoscaling)'),
  multiAz: z
    .boolean()
    .describe('A standby (RDS) or a reader in another AZ (Aurora) (default true where the environment has approval)'),
  deletionProtection: z
    .boolean()
    .describe('Deletion protection, and a final snapshot when the stack deletes it (default the approval flag)'),
  backupRetentionDays: z
    .int()
    .min(1)
    .max(35)
    .describe('Days of automated backups and point-in-time recovery (default 7)'),
  performanceInsights: z
    .boolean()
    .describe(
      'Performance Insights (default on wherever the engine and class allow it, not on micro/small classes of the MySQL family)',
    ),
  iamAuthentication: z.boolean().describe('Also accept IAM authentication tokens (default true)'),
  requireTls: z
    .boolean()
    .describe(
      'Refuse connections without TLS (MySQL require_secure_transport, PostgreSQL rds.force_ssl); the application must connect with TLS (default true)',
    ),
  applicationUser: z
    .boolean()
    .describe(
      "Services and release tasks connect as the user 'application', which owns the application's database, instead of the master user (default true)",
    ),
  rotation: z
    .strictObject({ days: z.int().min(1).max(365).describe('Days between rotations of the password') })
    .describe('Single-user rotation of the generated password, see README: Data tier (default no rotation)'),
};

/**
 * Every field, optional: the `database:` block gives two of them a default (below), an environment's override
 * replaces only those it names. Written once so that both list the same fields in the same order.
 */
const optionalFields = z.strictObject(fields).partial().shape;

/** Top-level `database:`: one database per environment. */
export const databaseSchema = z.strictObject({
  engine: z.enum(DATABASE_ENGINES).describe('postgres, mysql, aurora-postgresql or aurora-mysql'),
  version: z.string().optional().describe('Major version; see SUPPORTED_VERSIONS (default the newest supported)'),
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'must start with a letter: letters, digits and _ (at most 63)')
    .default('app')
    .describe('Name of the database created in it (default app)'),
  ...optionalFields,
  backupRetentionDays: fields.backupRetentionDays.default(7),
  iamAuthentication: fields.iamAuthentication.default(true),
  requireTls: fields.requireTls.default(true),
  applicationUser: fields.applicationUser.default(true),
});

/** `environments[].database`: fields replace the top-level ones; `restoreFrom` creates it from a snapshot. */
export const databaseOverrideSchema = z.strictObject({
  ...optionalFields,
  restoreFrom: restoreFromSchema
    .optional()
    .describe('Create this environment from a snapshot in its own region, for DR (default a new, empty database)'),
});

export type DatabaseConfig = z.output<typeof databaseSchema>;
export type DatabaseOverride = z.output<typeof databaseOverrideSchema>;
export type RestoreFrom = z.output<typeof restoreFromSchema>;

/** The snapshot a restore names, as RDS takes it (an ARN, or an identifier in the environment's account). */
export function snapshotOf(restoreFrom: RestoreFrom): string {
  return 'snapshotArn' in restoreFrom ? restoreFrom.snapshotArn : restoreFrom.snapshotIdentifier;
}
export type ServerlessCapacity = z.output<typeof serverlessSchema>;

/** Everything the database construct needs for one environment, every default resolved. */
export interface EffectiveDatabase {
  readonly engine: DatabaseEngineName;
  readonly version: string;
  readonly name: string;
  /** Undefined for Aurora Serverless v2. */
  readonly instanceClass?: string;
  readonly serverless?: ServerlessCapacity;
  /** RDS only. */
  readonly allocatedStorageGiB?: number;
  readonly maxAllocatedStorageGiB?: number;
  readonly multiAz: boolean;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  readonly performanceInsights: boolean;
  readonly iamAuthentication: boolean;
  readonly requireTls: boolean;
  /** Whether services connect as the application user (database-users.ts) rather than the master user. */
  readonly applicationUser: boolean;
  readonly rotation?: { readonly days: number };
  readonly restoreFrom?: RestoreFrom;
}

/** What the merge needs of a configuration; structural so this file does not import schema.ts. */
export interface DatabaseConfigShape {
  readonly database?: DatabaseConfig;
  readonly environments: readonly {
    readonly name: string;
    readonly region: string;
    readonly approval?: boolean;
    readonly database?: DatabaseOverride;
  }[];
}

/**
 * The database of `environmentName` with its override merged over the top level, or undefined when the
 * config has no `database:`. Protection (Multi-AZ, deletion protection) defaults to the environment's
 * approval flag: an environment people approve releases for holds data people care about.
 */
export function effectiveDatabaseFor(
  config: DatabaseConfigShape,
  environmentName: string,
): EffectiveDatabase | undefined {
  const environment = config.environments.find((e) => e.name === environmentName);
  if (environment === undefined) {
    throw new Error(
      `unknown environment '${environmentName}' (configured: ${config.environments.map((e) => e.name).join(', ')})`,
    );
  }
  return mergeDatabase(config.database, environment.database, environment.approval ?? false);
}

function mergeDatabase(
  top: DatabaseConfig | undefined,
  override: DatabaseOverride | undefined,
  approval: boolean,
): EffectiveDatabase | undefined {
  if (top === undefined) return undefined;
  const o = override ?? {};
  // An override naming either sizing field replaces the top-level sizing as a whole.
  const sizing = o.serverless !== undefined || o.instanceClass !== undefined ? o : top;
  const serverless = sizing.serverless;
  const instanceClass = serverless ? sizing.instanceClass : (sizing.instanceClass ?? defaultInstanceClass(top.engine));
  const aurora = isAurora(top.engine);
  const allocated = o.allocatedStorageGiB ?? top.allocatedStorageGiB;
  const maxAllocated = o.maxAllocatedStorageGiB ?? top.maxAllocatedStorageGiB;
  const rotation = o.rotation ?? top.rotation;
  return {
    engine: top.engine,
    version: top.version ?? defaultVersion(top.engine),
    name: top.name,
    ...(instanceClass !== undefined ? { instanceClass } : {}),
    ...(serverless !== undefined ? { serverless } : {}),
    ...(aurora ? {} : { allocatedStorageGiB: allocated ?? 20 }),
    ...(!aurora && maxAllocated !== undefined ? { maxAllocatedStorageGiB: maxAllocated } : {}),
    multiAz: o.multiAz ?? top.multiAz ?? approval,
    deletionProtection: o.deletionProtection ?? top.deletionProtection ?? approval,
    backupRetentionDays: o.backupRetentionDays ?? top.backupRetentionDays,
    performanceInsights:
      o.performanceInsights ?? top.performanceInsights ?? performanceInsightsSupported(top.engine, instanceClass),
    iamAuthentication: o.iamAuthentication ?? top.iamAuthentication,
    requireTls: o.requireTls ?? top.requireTls,
    applicationUser: o.applicationUser ?? top.applicationUser,
    ...(rotation !== undefined ? { rotation } : {}),
    ...(o.restoreFrom !== undefined ? { restoreFrom: o.restoreFrom } : {}),
  };
}
