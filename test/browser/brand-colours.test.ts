import { expect, test } from "bun:test";

type Theme = {
  brand: string;
  onBrand: string;
  accent: string;
  used: { primary: boolean; accent: boolean };
};
const page = (await import(new URL("../../static/brand-colours.js", import.meta.url).href)) as {
  contrast(a: string, b: string): number;
  brandTheme(primary: string | null, accent: string | null): Theme;
  DEFAULTS: { brand: string; accent: string; surfaces: string[] };
};

test("contrast is the WCAG ratio", () => {
  expect(page.contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
  expect(page.contrast("#ffffff", "#ffffff")).toBe(1);
  expect(page.contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
});

test("a readable brand colour is used, with the text colour that reads best on it", () => {
  expect(page.brandTheme("#0B5FFF", "#b45309")).toEqual({
    brand: "#0b5fff",
    onBrand: "#ffffff",
    accent: "#b45309",
    used: { primary: true, accent: true },
  });
  // A light colour gets dark text rather than being refused.
  expect(page.brandTheme("#ffd400", null)).toMatchObject({ brand: "#ffd400", onBrand: "#111827" });
});

test("a colour no text or control could be read on falls back to the page's own", () => {
  // Mid-grey: neither white nor dark text reaches 4.5:1 on it.
  const grey = page.brandTheme("#7a7a7a", "#fafafa");
  expect(grey.used).toEqual({ primary: false, accent: false });
  expect(grey.brand).toBe(page.DEFAULTS.brand);
  expect(grey.accent).toBe(page.DEFAULTS.accent);
  expect(page.contrast(grey.brand, grey.onBrand)).toBeGreaterThanOrEqual(4.5);
  for (const surface of page.DEFAULTS.surfaces) {
    expect(page.contrast(grey.accent, surface)).toBeGreaterThanOrEqual(3);
  }
  expect(page.brandTheme(null, "not a colour").used).toEqual({ primary: false, accent: false });
});
