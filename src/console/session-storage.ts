// What the console remembers, in this browser tab only (sessionStorage): closing the tab signs
// out. The key never goes into a URL, a cookie or localStorage.

const KEY_ITEM = "astra-console.api-key";
const TENANT_ITEM = "astra-console.tenant";

function read(item: string): string | null {
  try {
    return sessionStorage.getItem(item);
  } catch {
    // Storage can be turned off; then the console asks for the key on every load.
    return null;
  }
}

function write(item: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(item);
    else sessionStorage.setItem(item, value);
  } catch {
    // As above: nothing is kept, nothing breaks.
  }
}

export const storedKey = () => read(KEY_ITEM);
export const storeKey = (key: string | null) => write(KEY_ITEM, key);
/** The tenant the admin last picked. */
export const storedTenant = () => read(TENANT_ITEM);
export const storeTenant = (tenantId: string | null) => write(TENANT_ITEM, tenantId);

/** Forgets the key and the picked tenant. */
export function forgetSession(): void {
  storeKey(null);
  storeTenant(null);
}
