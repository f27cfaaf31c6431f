/**
 * Request signing of vendors/cortex.md §3. Called by the HTTP client once per attempt, so every
 * request and every retry carries a fresh nonce and timestamp.
 */
import { createHash, randomInt } from "node:crypto";
import type { HttpRequest } from "../../http/types.js";
import { AUTH_HEADERS, NONCE_ALPHABET, NONCE_LENGTH, type KeyType } from "./api.js";

export interface AuthKey {
  readonly keyId: string;
  readonly key: string;
  readonly keyType: KeyType;
}

export function randomNonce(): string {
  let nonce = "";
  for (let i = 0; i < NONCE_LENGTH; i++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return nonce;
}

export function createAuthenticator(
  auth: AuthKey,
  now: () => Date,
  nonce: () => string = randomNonce,
): (request: HttpRequest) => Readonly<Record<string, string>> {
  return (): Readonly<Record<string, string>> => {
    if (auth.keyType === "standard") return { [AUTH_HEADERS.keyId]: auth.keyId, [AUTH_HEADERS.authorization]: auth.key };
    const n = nonce();
    // Real milliseconds, as PANW's Go SDK sends them (§3); the seconds×1000 form is also accepted.
    const timestamp = String(now().getTime());
    return {
      [AUTH_HEADERS.keyId]: auth.keyId,
      [AUTH_HEADERS.nonce]: n,
      [AUTH_HEADERS.timestamp]: timestamp,
      [AUTH_HEADERS.authorization]: createHash("sha256").update(auth.key + n + timestamp).digest("hex"),
    };
  };
}
