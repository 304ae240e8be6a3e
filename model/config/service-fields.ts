import { z } from 'zod';
import { ENV_VAR, ENV_VAR_NAME_MESSAGE } from './secret-schema';

/** The field formats of a service and its containers. */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;

export const serviceName = () =>
  z.string().regex(NAME, "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter");

export const urlPath = z.string().regex(/^\/[^\s]*$/, "must be a URL path starting with '/'");
export const port = () => z.int().min(1).max(65535);

export const environmentVariables = () =>
  z
    .record(z.string().regex(ENV_VAR, ENV_VAR_NAME_MESSAGE), z.string())
    .default({})
    .describe('Environment variables of the container, by name (default none)');

export const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

export const cpu = () =>
  z
    .union(FARGATE_CPU.map((c) => z.literal(c)) as unknown as [z.ZodLiteral<256>, ...z.ZodLiteral<number>[]])
    .default(256)
    .describe('CPU units of the task, one of the Fargate sizes; memory must fit it (default 256)');
