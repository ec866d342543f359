import * as fontkit from "@pdf-lib/fontkit";

/**
 * The fonts PDF exports embed, in the order a character is looked for: Noto Sans SC covers
 * Latin, simplified and traditional Chinese (Cantonese's 嘅 佢 咗 included) and Japanese kana;
 * Noto Sans HK adds the Hong Kong characters SC lacks (HKSCS, mostly CJK Extension B); Noto Sans
 * KR adds Hangul. Chosen over one pan-CJK Source Han Sans package because these are TrueType
 * (pdf-lib subsets them reliably) and their npm packages (@expo-google-fonts, SIL Open Font
 * License 1.1, which allows embedding) are a quarter of the size. Only the glyphs a transcript
 * uses are embedded.
 */
const FONT_FILES = [
  "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
  "@expo-google-fonts/noto-sans-hk/400Regular/NotoSansHK_400Regular.ttf",
  "@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf",
] as const;

export interface ExportFont {
  bytes: Uint8Array;
  font: fontkit.Font;
}

const loaded = new Map<number, Promise<ExportFont>>();

/** The font at `index` of the fallback order, read and parsed once per process. */
export function exportFont(index: number): Promise<ExportFont> {
  let font = loaded.get(index);
  if (!font) {
    const spec = FONT_FILES[index];
    if (spec === undefined) throw new Error(`no export font ${index}`);
    font = Bun.file(Bun.resolveSync(spec, import.meta.dir))
      .bytes()
      .then((bytes) => ({ bytes, font: unshapedFontkit.create(bytes) }));
    // A failed read is not kept: the next export tries again.
    font.catch(() => loaded.delete(index));
    loaded.set(index, font);
  }
  return font;
}

export const EXPORT_FONT_COUNT = FONT_FILES.length;

const chosen = new Map<number, number>();

/** The first font that has a glyph for the code point, or -1 when none has. */
export async function fontFor(codePoint: number): Promise<number> {
  const known = chosen.get(codePoint);
  if (known !== undefined) return known;
  let index = -1;
  for (let i = 0; i < EXPORT_FONT_COUNT; i++) {
    if ((await exportFont(i)).font.hasGlyphForCodePoint(codePoint)) {
      index = i;
      break;
    }
  }
  chosen.set(codePoint, index);
  return index;
}

/**
 * Fontkit for pdf-lib, with text mapped to glyphs one character at a time instead of shaped:
 * shaping a large CJK font costs about 3 ms a call, which made a 1,000-line PDF take seconds.
 * Chinese, Japanese, Hangul syllables and Latin need no shaping to be correct; ligatures and
 * kerning are what is given up.
 */
export const unshapedFontkit = {
  create(bytes: Uint8Array): fontkit.Font {
    // One parsed font per file: every PDF embeds from it (subsets are made per PDF).
    const known = parsed.get(bytes);
    if (known) return known;
    const font = fontkit.create(bytes);
    const layout = (text: string) => ({
      glyphs: Array.from(text, (char) => font.glyphForCodePoint(char.codePointAt(0) ?? 0)),
    });
    const unshaped = Object.assign(font, { layout }) as fontkit.Font;
    parsed.set(bytes, unshaped);
    return unshaped;
  },
};

const parsed = new WeakMap<Uint8Array, fontkit.Font>();
