import { randomBytes } from "node:crypto";

/** Which machine this process is, as other machines name it in leases and `fly-replay`. */
export interface MachineIdentity {
  /** `FLY_MACHINE_ID` on Fly; `MACHINE_ID` when set (tests, other platforms); else generated. */
  id: string;
  /** `FLY_REGION` on Fly; null elsewhere. */
  region: string | null;
  /** True behind Fly's proxy, which is the only one that follows `fly-replay`. */
  onFly: boolean;
}

const MACHINE_ID = /^[\w.:-]{1,64}$/;

/** Generated once per process: a process that restarts is a new owner. */
const generated = `local-${randomBytes(6).toString("hex")}`;

export function machineIdentity(
  env: Record<string, string | undefined> = process.env,
): MachineIdentity {
  const fly = env.FLY_MACHINE_ID;
  const override = env.MACHINE_ID;
  // A header value and a key part: anything odd falls back to the generated id.
  const id = [fly, override].find((value) => value !== undefined && MACHINE_ID.test(value));
  return {
    id: id ?? generated,
    region: env.FLY_REGION || null,
    onFly: fly !== undefined && fly !== "",
  };
}
