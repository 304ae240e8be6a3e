import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPlan } from '../../../core/plan/render-plan';
import { parseConfig } from '../../../model/config';
import { REPO_ROOT } from '../../support/configs';

// GIVEN the web + worker + singleton beat fixture with one image, per-environment secrets, a shared secret and
// task role statements; the plan without a synthesized pipeline (these lines come from the configuration).
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'django-celery.yaml');
const plan = renderPlan(parseConfig(readFileSync(FIXTURE, 'utf8'), FIXTURE), undefined, 'cdk.out');
const lines = plan.split('\n');

test('says the one image is built and scanned once for the three services', () => {
  expect(plan).toContain(
    "1 image(s) built and scanned side by side: web (worker runs web's, beat runs web's: same digest, built and " +
      'scanned once)',
  );
});

test('says a singleton runs one task and the old one stops before the new one starts', () => {
  const beat = lines.filter((l) => l.includes('service beat'));
  expect(beat).toHaveLength(3);
  for (const line of beat) {
    expect(line).toContain('(worker, singleton): one task, the old one stops before the new one starts');
    expect(line).toContain('no scaling');
  }
});

test('names the environment variable and the values each environment sets for itself', () => {
  expect(plan).toContain(
    'values: BLUEGREEN_ENVIRONMENT=dev in every container; 2 variable(s), 2 secret(s) ' +
      '(DJANGO_DEBUG, DJANGO_SECRET_KEY set for dev)',
  );
});

test('tells what the owner of a shared secret must add on its side', () => {
  expect(plan).toContain(
    'shared secret STRIPE_API_KEY: owned by account 410000000009; its owner must allow ' +
      "secretsmanager:GetSecretValue to 410000000004 in the secret's resource policy and kms:Decrypt (via Secrets " +
      'Manager) in the policy of arn:aws:kms:eu-central-1:410000000009:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  );
});

test("lists the task role's statements from the configuration", () => {
  expect(plan).toContain('task role: SendMail (ses:SendEmail, ses:SendRawEmail); ReadUploads (s3:GetObject)');
});
