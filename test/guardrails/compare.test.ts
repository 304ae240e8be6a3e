import { compareGuardrails, type Guardrails, type Violation } from '../../core/guardrails';
import { exampleGuardrails, guardrailsWith } from './fixtures';

describe('compareGuardrails: the repository file may tighten the live guardrails, never loosen them', () => {
  test('the same guardrails pass', () => {
    expect(compareGuardrails(exampleGuardrails(), exampleGuardrails())).toEqual([]);
  });

  test('stricter proposed guardrails pass', () => {
    const stricter = guardrailsWith((g) => {
      g.environments.requireApproval.push('staging');
      g.environments.requireDeploymentWindow.push('staging');
      g.scan.mustBlock.push('MEDIUM');
      g.scan.allowlistMaxDays = 30;
    });

    expect(compareGuardrails(stricter, exampleGuardrails())).toEqual([]);
  });

  test('forbidding onlyFixable where the live guardrails allow it passes', () => {
    const live = guardrailsWith((g) => (g.scan.onlyFixableAllowed = true));

    expect(compareGuardrails(exampleGuardrails(), live)).toEqual([]);
  });

  test.each<[string, (g: Guardrails) => void, Violation]>([
    [
      'fewer environments needing approval',
      (g) => (g.environments.requireApproval = []),
      {
        path: 'environments.requireApproval',
        found: '[] (drops prod)',
        required: 'to include [prod], as the live guardrails do',
      },
    ],
    [
      'fewer environments needing a deployment window',
      (g) => (g.environments.requireDeploymentWindow = ['staging']),
      {
        path: 'environments.requireDeploymentWindow',
        found: '[staging] (drops prod)',
        required: 'to include [prod], as the live guardrails do',
      },
    ],
    [
      'fewer blocking severities',
      (g) => (g.scan.mustBlock = ['CRITICAL']),
      {
        path: 'scan.mustBlock',
        found: '[CRITICAL] (drops HIGH)',
        required: 'to include [CRITICAL, HIGH], as the live guardrails do',
      },
    ],
    [
      'onlyFixable allowed where the live guardrails forbid it',
      (g) => (g.scan.onlyFixableAllowed = true),
      { path: 'scan.onlyFixableAllowed', found: 'true', required: 'false, as the live guardrails say' },
    ],
    [
      'a longer allowlistMaxDays',
      (g) => (g.scan.allowlistMaxDays = 91),
      { path: 'scan.allowlistMaxDays', found: '91', required: 'at most 90, as the live guardrails say' },
    ],
  ])('%s is refused', (_, change, violation) => {
    expect(compareGuardrails(guardrailsWith(change), exampleGuardrails())).toEqual([violation]);
  });

  test('a proposal that swaps one gate for another is still weaker', () => {
    const swapped = guardrailsWith((g) => (g.scan.mustBlock = ['CRITICAL', 'MEDIUM']));

    expect(compareGuardrails(swapped, exampleGuardrails()).map((v) => v.path)).toEqual(['scan.mustBlock']);
  });
});
