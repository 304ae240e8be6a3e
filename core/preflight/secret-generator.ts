/**
 * What Secrets Manager's password generator makes unless told otherwise (GetRandomPassword, and a secret's
 * GenerateSecretString): 32 characters, from letters, digits and this punctuation.
 */
export const DEFAULT_PASSWORD_LENGTH = 32;
export const SECRETS_MANAGER_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
