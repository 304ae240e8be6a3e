import { z } from 'zod';

/** Field formats the blocks of the configuration share. */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
export const ACCOUNT = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** A name that goes into physical names: the application's, an environment's. */
export const resourceName = () =>
  z.string().regex(NAME, "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter");

export const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ARN of ${service} (arn:aws:${service}:…)`);
