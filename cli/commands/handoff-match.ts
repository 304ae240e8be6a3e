import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CANDIDATE_INCLUDES, FULL_COMMIT_ID } from '../../model/candidate-layout';
import { commitMatchProblems } from '../../core/handoff/commit-match';
import { verifyCandidate } from '../../core/handoff/candidate';
import { required, type Flags } from '../args';
import { UsageError } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';
import { candidateOperand } from './candidate-operand';

export const HANDOFF_MATCH_HELP: CommandHelp = {
  command: 'handoff match',
  operands: 'DIR',
  flags: {
    commit: {
      type: 'string',
      value: 'SHA',
      required: true,
      help: 'the commit the release pipeline fetched itself (its Repository action)',
    },
    source: { type: 'string', value: 'DIR', required: true, help: "that commit's files, as the pipeline fetched them" },
    synthesized: {
      type: 'string',
      value: 'DIR',
      required: true,
      help: "the Resynthesize action's output (the commit's cdk.out/)",
    },
    'synthesized-hash': {
      type: 'string',
      value: 'SHA256',
      required: true,
      help: 'the hash the Resynthesize build exported for its output',
    },
  },
  description: `
Fails (exit 1) unless the candidate is what the commit gives: it names --commit, and its protected assemblies and
file assets (images pinned by the manifest's digests), its configuration and its suite source (suite.zip, extracted
with unzip) are the commit's. The frontend build is not compared. The release pipeline's Verify step runs it, so
the approval shows a commit the pipeline read itself.`,
};

/** `bluegreen handoff match DIR`: the candidate against its commit (core/handoff/commit-match.ts). */
export const handoffMatch: Command = async (args, context) => {
  const operand = candidateOperand(args, HANDOFF_MATCH_HELP, context);
  if (!operand) return 0;
  const { candidate, flags } = operand;
  const commit = required(flags, 'commit');
  if (!FULL_COMMIT_ID.test(commit)) {
    throw new UsageError(`--commit must be a full 40-character commit id, got '${commit}'`);
  }
  const synthesizedHash = required(flags, 'synthesized-hash');
  if (!/^[0-9a-f]{64}$/.test(synthesizedHash)) {
    throw new UsageError(`--synthesized-hash must be a SHA-256 in hex, got '${synthesizedHash}'`);
  }
  const sourceDir = directoryFlag(flags, 'source', context.cwd);
  const synthesizedDir = directoryFlag(flags, 'synthesized', context.cwd);
  const { manifest } = verifyCandidate(candidate);
  const suiteDir = extractedSuite(candidate);
  let problems: string[];
  try {
    problems = commitMatchProblems(candidate, manifest, {
      commit,
      sourceDir,
      synthesizedDir,
      synthesizedHash,
      suiteDir,
    });
  } finally {
    if (suiteDir !== undefined) rmSync(suiteDir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    throw new Error(`the candidate is not what commit ${commit} gives:\n${problems.join('\n')}`);
  }
  context.stdout(`the candidate is what commit ${commit} synthesizes\n`);
  return 0;
};

/** The candidate's suite.zip extracted into a directory of its own (`unzip`, which drops `../` from entry paths). */
function extractedSuite(candidate: string): string | undefined {
  const zip = join(candidate, CANDIDATE_INCLUDES.suite);
  if (!existsSync(zip)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bluegreen-suite-'));
  try {
    execFileSync('unzip', ['-q', zip, '-d', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    throw new Error(`the candidate's ${CANDIDATE_INCLUDES.suite} could not be extracted: ${detail.split('\n')[0]}`);
  }
  return dir;
}

/** A flag naming a directory, resolved; a usage error naming the flag when there is no directory there. */
function directoryFlag(flags: Flags, flag: string, cwd: string): string {
  const dir = resolve(cwd, required(flags, flag));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--${flag} must name a directory, and ${dir} is none`);
  }
  return dir;
}
