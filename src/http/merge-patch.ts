/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, `null` removes a key, anything else
 * (arrays included) replaces what was there. One addition: an object whose `type` the patch
 * changes is replaced, not merged, since the fields of one kind (say `server_vad` turn
 * detection) mean nothing to another. Depth is bounded by the JSON shape check at the edge.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const keepTarget = isObject(target) && (!("type" in patch) || patch.type === target.type);
  const result: Record<string, unknown> = keepTarget ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
