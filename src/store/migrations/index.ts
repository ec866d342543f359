import { initial } from "./001-initial";
import { calls } from "./002-calls";
import { whatsapp } from "./003-whatsapp";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Every schema change, in order. Append only: a released migration never changes. */
export const MIGRATIONS: Migration[] = [initial, calls, whatsapp];
