// How figures and times read on the console's pages, in the browser's own language.

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export const formatNumber = (n: number) => whole.format(n);

/** An ISO time as a local date and time; "—" for none. */
export const formatTime = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : "—");

/** An ISO time as a local date. */
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));

/** Seconds as whole minutes, rounded up as calls are billed: 61 s → "2 min". */
export const formatMinutes = (seconds: number) => `${whole.format(Math.ceil(seconds / 60))} min`;

export const formatMs = (ms: number | null) => (ms === null ? "—" : `${whole.format(ms)} ms`);
