import { equal, match, ok } from 'node:assert/strict';
import { test } from 'node:test';
import { get, targetUrl } from './target';

// The sample service's integration suite: black-box HTTP tests against TARGET_URL. The release gate runs it
// against green through the test listener before any user is sent there (`npm run test:integration`).

const base = targetUrl(process.env.TARGET_URL);

test('GET /health answers 200 with status ok', async () => {
  const answer = await get(base, '/health');

  equal(answer.status, 200);
  equal(((await answer.json()) as { status?: unknown }).status, 'ok');
});

test('GET /version answers JSON naming the service and its version', async () => {
  const answer = await get(base, '/version');

  equal(answer.status, 200);
  match(answer.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await answer.json()) as { service?: unknown; version?: unknown };
  ok(
    typeof body.service === 'string' && body.service !== '',
    `service must be a non-empty string, got ${JSON.stringify(body.service)}`,
  );
  ok(
    typeof body.version === 'string' && body.version !== '',
    `version must be a non-empty string, got ${JSON.stringify(body.version)}`,
  );
});

test('an unknown path answers 404', async () => {
  const answer = await get(base, '/no-such-page-7d1f');

  equal(answer.status, 404);
  await answer.body?.cancel();
});

test('answers are never cached, since each describes the task that sent it', async () => {
  const answer = await get(base, '/version');

  equal(answer.headers.get('cache-control'), 'no-store');
  await answer.body?.cancel();
});
