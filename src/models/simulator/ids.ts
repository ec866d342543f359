/** Ids shaped like the real service's (`event_…`, `item_…`, `resp_…`), unique per simulator. */
export class IdMaker {
  private counter = 0;
  private readonly salt = crypto.randomUUID().replaceAll("-", "").slice(0, 8);

  next(prefix: "event" | "item" | "resp" | "sess" | "call" | "conv"): string {
    this.counter += 1;
    return `${prefix}_${this.salt}${this.counter.toString(36).padStart(6, "0")}`;
  }
}
