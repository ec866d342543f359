/** One schema change: applied once, in its own transaction, in version order. */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}
