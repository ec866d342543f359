/** Where a call's recording lives in the blob store: numbered parts while it grows, then one file. */
export function recordingKey(tenantId: string, callId: string): string {
  return `recordings/${tenantId}/${callId}.ogg`;
}

export function partPrefix(tenantId: string, callId: string): string {
  return `recordings/${tenantId}/${callId}/part-`;
}

/** Part `n` (from 1), zero-padded so that the store's sorted listing is their order. */
export function partKey(tenantId: string, callId: string, n: number): string {
  return `${partPrefix(tenantId, callId)}${String(n).padStart(6, "0")}`;
}
