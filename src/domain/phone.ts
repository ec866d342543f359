/** Keeps the last four digits so a person can recognise a number without it being disclosed. */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, "");
  return digits.length <= 4 ? "••••" : `••••${digits.slice(-4)}`;
}
