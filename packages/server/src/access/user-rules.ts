import { invalidArgument } from '@slipway/core';

const USERNAME = /^[A-Za-z0-9._@+-]{1,256}$/u;
const RESERVED = new Set(['anonymous']);
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

export function checkUsername(username: unknown): string {
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw invalidArgument(
      `Invalid username '${String(username).slice(0, 300)}': use 1-256 letters, digits and . _ @ + - (no spaces or colons).`,
    );
  }
  if (RESERVED.has(username.toLowerCase())) {
    throw invalidArgument(`The username '${username}' is reserved; choose another.`);
  }
  return username;
}

export function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw invalidArgument(`Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw invalidArgument(`Passwords may have at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  return password;
}
