import { initial } from "./001-initial";
import { calls } from "./002-calls";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Every schema change, in order. Append only: a released migration never changes. */
export const MIGRATIONS: Migration[] = [initial, calls];
