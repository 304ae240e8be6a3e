import { createHash, createHmac } from 'node:crypto';
import { scramSha256Verifier, verifierMatchesServer } from '../../../core/database/scram-verifier';

// RFC 7677's example exchange (user "user", password "pencil"): a verifier is right when the client's proof in it
// opens to the verifier's StoredKey and its ServerKey signs the exchange as the RFC's server did.
const SALT = 'W22ZaJ0SNY7soEsUEjb6gQ==';
const NONCE = 'rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const AUTH_MESSAGE = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${NONCE},s=${SALT},i=4096,c=biws,r=${NONCE}`;
const CLIENT_PROOF = 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const SERVER_SIGNATURE = '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

function parts(verifier: string) {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) throw new Error(`not a SCRAM-SHA-256 verifier: ${verifier}`);
  const [, iterations, salt, storedKey, serverKey] = match;
  return {
    iterations: Number(iterations),
    salt,
    storedKey: Buffer.from(storedKey, 'base64'),
    serverKey: Buffer.from(serverKey, 'base64'),
  };
}

test("the verifier of RFC 7677's password accepts the RFC's client proof and makes the RFC's server signature", () => {
  const verifier = parts(scramSha256Verifier('pencil', Buffer.from(SALT, 'base64'), 4096));

  const clientSignature = createHmac('sha256', verifier.storedKey).update(AUTH_MESSAGE).digest();
  const clientKey = Buffer.from(Buffer.from(CLIENT_PROOF, 'base64').map((byte, i) => byte ^ clientSignature[i]));
  expect(createHash('sha256').update(clientKey).digest()).toEqual(verifier.storedKey);
  expect(createHmac('sha256', verifier.serverKey).update(AUTH_MESSAGE).digest('base64')).toBe(SERVER_SIGNATURE);
  expect(verifier).toMatchObject({ iterations: 4096, salt: SALT });
});

test('each verifier has a salt of its own, so two of one password differ', () => {
  const [a, b] = [scramSha256Verifier('pencil'), scramSha256Verifier('pencil')].map(parts);

  expect(Buffer.from(a.salt, 'base64')).toHaveLength(16);
  expect(a.salt).not.toBe(b.salt);
  expect(a.storedKey.equals(b.storedKey)).toBe(false);
});

test.each([
  ['printable ASCII, quotes and backslash included', `a'b"c\\d ~`, true],
  ['a letter outside ASCII, which SASLprep may change', 'pässwörd', false],
  ['a control character', 'tab\there', false],
])('a verifier is made here only for a password the server would not normalize: %s', (_, password, matches) => {
  expect(verifierMatchesServer(password)).toBe(matches);
});
