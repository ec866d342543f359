/** Keeps the last four digits so a person can recognise a number without it being disclosed. */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, "");
  return digits.length <= 4 ? "••••" : `••••${digits.slice(-4)}`;
}

/**
 * A number in international form as digits only: "+1 (555) 010-2030", "15550102030" and
 * "+15550102030" are one number. Null when it cannot be one (6 to 15 digits, E.164).
 */
export function normalisePhone(number: string): string | null {
  if (!/^\+?[\d\s().-]+$/.test(number.trim())) return null;
  const digits = number.replace(/\D/g, "");
  return /^\d{6,15}$/.test(digits) ? digits : null;
}
