// Which of a tenant's brand colours the demo page can use while keeping it readable (WCAG 2
// contrast): a colour that would make text or controls hard to see is replaced by the page's own.

export const DEFAULTS = {
  brand: "#1d4ed8",
  accent: "#047857",
  /** The page's background and its cards', the surfaces the accent is drawn on. */
  surfaces: ["#f6f7f9", "#ffffff"],
};
const DARK_TEXT = "#111827";
const LIGHT_TEXT = "#ffffff";
/** Normal-size text on a coloured background. */
export const TEXT_CONTRAST = 4.5;
/** Controls, meters and focus rings against what surrounds them. */
export const GRAPHIC_CONTRAST = 3;

/** Relative luminance of `#rrggbb`, 0 (black) to 1 (white). */
export function luminance(hex) {
  const channel = (at) => {
    const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const isHex = (value) => typeof value === "string" && /^#[0-9a-fA-F]{6}$/.test(value);

/**
 * The colours to paint with: `brand` (the header and the Call button) with `onBrand`, the text
 * colour on it that reads best; `accent` (meters, the agent's lines, focus rings). Each says
 * whether the tenant's colour was used or, being unreadable or missing, the page's default.
 */
export function brandTheme(primaryColor, accentColor) {
  const textOn = (bg) =>
    contrast(bg, LIGHT_TEXT) >= contrast(bg, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
  const primaryReadable =
    isHex(primaryColor) && contrast(primaryColor, textOn(primaryColor)) >= TEXT_CONTRAST;
  const brand = primaryReadable ? primaryColor.toLowerCase() : DEFAULTS.brand;
  const accentVisible =
    isHex(accentColor) &&
    DEFAULTS.surfaces.every((surface) => contrast(accentColor, surface) >= GRAPHIC_CONTRAST);
  return {
    brand,
    onBrand: textOn(brand),
    accent: accentVisible ? accentColor.toLowerCase() : DEFAULTS.accent,
    used: { primary: primaryReadable, accent: accentVisible },
  };
}
