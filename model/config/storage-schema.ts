import { z } from 'zod';

/**
 * Storage that outlives a task: EFS volumes a service mounts (uploads, attachments), and S3 buckets of the
 * application that services `use`. Both are per environment; the constructs are in pipeline/environment/storage.
 */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
const NAME_MESSAGE = "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter";
const POSIX_ID = () => z.int().min(0).max(4_294_967_294);

/** One EFS volume of a service: a directory of the environment's file system, seen through its own access point. */
export const volumeSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME, NAME_MESSAGE)
    .describe('Names the directory /<name> on the file system; services that name the same volume share it'),
  path: z
    .string()
    .regex(/^\/[^\s]*[^\s/]$/, 'must be an absolute directory path such as /app/uploads')
    .describe('Where the app container sees the volume'),
  readOnly: z
    .boolean()
    .default(false)
    .describe('Mount read-only: the task role gets ClientMount, not ClientWrite (default false)'),
  uid: POSIX_ID()
    .optional()
    .describe("POSIX user of every file access through the access point (default the service's user)"),
  gid: POSIX_ID().optional().describe("POSIX group of every file access (default the service's user's group)"),
  permissions: z
    .string()
    .regex(/^[0-7]{3,4}$/, 'must be an octal mode such as 750')
    .default('750')
    .describe('Mode of the directory when the access point creates it (default 750)'),
});

export const serviceStorageSchema = z.strictObject({
  volumes: z
    .array(volumeSchema)
    .min(1, 'needs at least one volume (or leave storage out)')
    .refine((volumes) => new Set(volumes.map((v) => v.name)).size === volumes.length, 'names a volume twice')
    .refine((volumes) => new Set(volumes.map((v) => v.path)).size === volumes.length, 'mounts two volumes at one path')
    .describe("The service's EFS volumes, each mounted at its path in the app container"),
});

/** An S3 bucket of the application, one per environment. */
export const bucketSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME, NAME_MESSAGE)
    .describe('Services that list it in uses receive its name as <NAME>_BUCKET'),
  readOnly: z
    .array(z.string().regex(NAME, NAME_MESSAGE))
    .default([])
    .describe('Services that use the bucket but may only read it; the others read and write (default none)'),
  noncurrentVersionDays: z
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Days an overwritten or deleted object version is kept (the bucket is versioned) (default 30)'),
});

export type VolumeConfig = z.output<typeof volumeSchema>;
export type ServiceStorageConfig = z.output<typeof serviceStorageSchema>;
export type BucketConfig = z.output<typeof bucketSchema>;

/** The POSIX identity a volume's access point enforces: the volume's uid/gid, else the service's `user`. */
export function volumeOwner(volume: VolumeConfig, serviceUser: string): { uid: number; gid: number } {
  const [userPart, groupPart] = serviceUser.split(':');
  const uid = volume.uid ?? Number(userPart);
  return { uid, gid: volume.gid ?? (groupPart === undefined ? uid : Number(groupPart)) };
}

/** The variable a service receives a bucket's name in: `media` → `MEDIA_BUCKET`. */
export function bucketVariable(bucket: string): string {
  return `${bucket.toUpperCase().replace(/-/g, '_')}_BUCKET`;
}

interface StorageService {
  readonly name: string;
  readonly user?: string;
  readonly uses: readonly string[];
  readonly storage?: ServiceStorageConfig;
}
type Issue = (path: (string | number)[], message: string, input?: unknown) => void;

/**
 * What one field cannot see: bucket names that collide with services, read-only grants to services that do not
 * use the bucket, and services that share a volume but would create its directory as different owners.
 */
export function refineStorage(
  services: readonly StorageService[],
  buckets: readonly BucketConfig[],
  reserved: readonly string[],
  issue: Issue,
): void {
  const serviceNames = services.map((s) => s.name);
  buckets.forEach((bucket, b) => {
    if (buckets.findIndex((other) => other.name === bucket.name) !== b) {
      issue(['buckets', b, 'name'], 'is used by two buckets; bucket names must be unique', bucket.name);
    } else if (serviceNames.includes(bucket.name) || reserved.includes(bucket.name)) {
      issue(
        ['buckets', b, 'name'],
        `is also the name of a service or of the data tier; 'uses' could not tell them apart: rename the bucket`,
        bucket.name,
      );
    }
    bucket.readOnly.forEach((reader, r) => {
      const service = services.find((s) => s.name === reader);
      if (!service || !service.uses.includes(bucket.name)) {
        issue(
          ['buckets', b, 'readOnly', r],
          `names no service that uses this bucket (add '${bucket.name}' to that service's uses)`,
          reader,
        );
      }
    });
  });
  const owners = new Map<string, { service: string; owner: string }>();
  services.forEach((service, s) => {
    service.storage?.volumes.forEach((volume, v) => {
      const { uid, gid } = volumeOwner(volume, service.user ?? '1000:1000');
      const owner = `${uid}:${gid}`;
      const first = owners.get(volume.name);
      if (first && first.owner !== owner) {
        issue(
          ['services', s, 'storage', 'volumes', v, 'uid'],
          `makes volume '${volume.name}' owned by ${owner}, but service '${first.service}' shares it as ${first.owner}; ` +
            'give both the same uid and gid',
          owner,
        );
      } else if (!first) owners.set(volume.name, { service: service.name, owner });
    });
  });
}
