import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseGuardrails, type GuardrailsV2 } from '../../../core/guardrails';
import { loadConfig, type PipelineConfig } from '../../../model/config';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const SHIPPED_CONFIG = join(REPO_ROOT, 'pipeline.config.yaml');
export const EXAMPLE_GUARDRAILS = join(REPO_ROOT, 'guardrails.example.yaml');

/** The day every pure test counts allowlist expiries from (late in the day: only the UTC date counts). */
export const TODAY = new Date('2026-03-01T23:30:00Z');

/** `days` after TODAY, as YYYY-MM-DD. */
export function daysAfterToday(days: number, today = TODAY): string {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return new Date(start + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export function shippedConfig(): PipelineConfig {
  return loadConfig(SHIPPED_CONFIG, REPO_ROOT);
}

/** The shipped config, parsed, with `change` applied to a copy. */
export function configWith(change: (config: PipelineConfig) => void): PipelineConfig {
  const config = structuredClone(shippedConfig());
  change(config);
  return config;
}

/** guardrails.example.yaml (version 2; the shipped config's prod account is its protected account). */
export function exampleGuardrails(): GuardrailsV2 {
  const guardrails = parseGuardrails(readFileSync(EXAMPLE_GUARDRAILS, 'utf8'), EXAMPLE_GUARDRAILS);
  if (guardrails.version !== 2) throw new Error('guardrails.example.yaml must be version 2');
  return guardrails;
}

/** The example guardrails with `change` applied to a copy. */
export function guardrailsWith(change: (guardrails: GuardrailsV2) => void): GuardrailsV2 {
  const guardrails = structuredClone(exampleGuardrails());
  change(guardrails);
  return guardrails;
}

/** The shipped config's YAML with `change` applied to its raw (YAML-level) object. */
export function configYamlWith(change: (raw: Record<string, unknown>) => void): string {
  const raw = parse(readFileSync(SHIPPED_CONFIG, 'utf8')) as Record<string, unknown>;
  change(raw);
  return stringify(raw);
}

/**
 * Takes the approval off the shipped config's prod, as a weakening commit would: with it goes the release account,
 * which validation admits only beside a protected environment.
 */
export function dropProdApproval(raw: Record<string, unknown>): Record<string, unknown> {
  const prod = (raw.environments as Record<string, unknown>[]).find((environment) => environment.name === 'prod');
  if (!prod) throw new Error('the shipped config has no prod environment');
  prod.approval = false;
  delete (raw.pipeline as Record<string, unknown>).releaseAccount;
  delete (raw.pipeline as Record<string, unknown>).releaseConnectionArn;
  return prod;
}

/** The example guardrails' YAML with `change` applied to its raw object. */
export function guardrailsYamlWith(change: (raw: GuardrailsV2) => void): string {
  const raw = parse(readFileSync(EXAMPLE_GUARDRAILS, 'utf8')) as GuardrailsV2;
  change(raw);
  return stringify(raw);
}
