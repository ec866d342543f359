/**
 * Resource ids: a type prefix, then a time-ordered part and randomness, so ids sort by creation
 * time (cursor pagination relies on that) and tell at a glance what they name.
 */
export type IdPrefix =
  | "ten"
  | "key"
  | "agt"
  | "bnd"
  | "cred"
  | "call"
  | "tok"
  | "kbc"
  | "kbd"
  | "evt"
  | "whe"
  | "dlv";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

let lastMs = 0;
let counter = 0;

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  // A counter keeps ids made within the same millisecond in creation order.
  if (now <= lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  const time = lastMs.toString(32).padStart(10, "0");
  const seq = counter.toString(32).padStart(3, "0");
  const random = crypto.getRandomValues(new Uint8Array(10));
  let tail = "";
  for (const byte of random) tail += ALPHABET[byte & 31];
  return `${prefix}_${time}${seq}${tail}`;
}

export const ID_PATTERN = /^[a-z]{3,4}_[0-9a-z]{23}$/;
