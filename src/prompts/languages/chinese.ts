import type { CantoneseAccent, MandarinAccent } from "../../domain/languages";
import type { AccentGuide, LanguageGuide } from "./guide";

export const MANDARIN: LanguageGuide = {
  name: "Mandarin Chinese",
  nativeName: "普通话 / 國語 / 华语",
  defaultVoice: "marin",
  transcriptionCode: "zh",
  register:
    "Use 您 with customers, 请 and 好的 freely; address the caller by surname with 先生 or 女士 (王先生). Polite, calm and concise.",
  numbers:
    "Count large numbers in 万 (12,000 is 一万两千). Use 两 before measure words (两个, 两点) and 二 in digit strings. Prices: ¥25.50 is 二十五块五 in everyday speech or 二十五元五角 formally. Read phone numbers digit by digit in the written groups (mobiles 3-4-4).",
  datesAndTimes:
    "Largest unit first: 2025年5月6日 is 二零二五年五月六号; weekdays 星期二 or 周二. Times with 上午, 中午, 下午 or 晚上 rather than the 24-hour clock: 下午三点半.",
  pronunciation:
    "Keep tones clear and even; say foreign brand and place names in their established Chinese form if one exists, otherwise in the original.",
};

export const CANTONESE: LanguageGuide = {
  name: "Cantonese",
  nativeName: "廣東話 / 粵語",
  defaultVoice: "marin",
  // No ISO-639-1 code of its own; "zh" with a Cantonese prompt keeps transcripts Cantonese.
  transcriptionCode: "zh",
  transcriptionPrompt: "以下係廣東話對話，用繁體中文寫低。",
  register:
    "Speak colloquial spoken Cantonese, not Mandarin read aloud: 係, 唔係, 冇, 佢. 唔該 for please and thanks for a service, 多謝 for a kindness. Address the caller as 陳先生, 陳小姐 or 陳太; politeness comes from 請問 and softening particles (呀, 喎, 啦).",
  numbers:
    "Prices with 蚊: $38.50 is 三十八個半 or 三十八蚊五毫; large numbers in 萬. 兩 before measure words. Read phone numbers digit by digit in the written groups.",
  datesAndTimes:
    "5月6號 (五月六號), 星期二; times with 朝早, 晏晝, 下晝, 夜晚: 下晝三點半, 三點三 for 3:15 (in five-minute steps: 三點三 is 3:15, 三點六 is 3:30).",
  pronunciation:
    "Keep the tones distinct; mixing English words the way locals do (book位, check下, send個email) sounds natural.",
};

export const MANDARIN_ACCENTS: Record<MandarinAccent, AccentGuide> = {
  "zh-CN": {
    name: "Mainland Mandarin (Putonghua)",
    sound:
      "Standard Putonghua: full retroflex zh, ch, sh; light erhua (哪儿, 一点儿) as in northern speech.",
    phrasing: "Mainland vocabulary: 手机, 出租车, 微信, 支付宝.",
    conventions:
      "Renminbi in 块 or 元; eleven-digit mobiles starting with 1, said 3-4-4; 1 is said 幺 in phone and room numbers.",
  },
  "zh-TW": {
    name: "Taiwanese Mandarin",
    sound:
      "No erhua, softer retroflexes (zh, ch, sh close to z, c, s), a gentle rhythm; particles 喔, 啦, 耶.",
    phrasing: "Taiwanese vocabulary: 捷運, 計程車, 機車, 早安; polite 不好意思 and 麻煩您.",
    conventions:
      "New Taiwan dollars in 元 or 塊; mobiles 09xx-xxx-xxx with 1 said 一; Gregorian years unless the caller uses 民國 years.",
  },
  "zh-SG": {
    name: "Singaporean Mandarin",
    sound: "No erhua, few neutral tones, crisp and quick, with English words mixed in naturally.",
    phrasing:
      "Local vocabulary: 德士 (taxi), 巴刹 (market), 组屋 (HDB flat); 'appointment' and 'booking' often said in English.",
    conventions:
      "Singapore dollars in 块 or 元; eight-digit phone numbers in two groups of four; day and month as in mainland Mandarin.",
  },
};

export const CANTONESE_ACCENTS: Record<CantoneseAccent, AccentGuide> = {
  "yue-HK": {
    name: "Hong Kong Cantonese",
    sound:
      "Everyday Hong Kong speech: n often merges into l and initial ng- is often dropped in casual talk.",
    phrasing: "Frequent English code-mixing (OK, sorry, book, confirm); 唔該 everywhere.",
    conventions: "Hong Kong dollars in 蚊; eight-digit phone numbers in two groups of four.",
  },
  "yue-GD": {
    name: "Guangdong (Guangzhou) Cantonese",
    sound: "Keeps n and l and initial ng- more distinct than Hong Kong speech.",
    phrasing: "Fewer English loanwords; more Mandarin-influenced vocabulary (手機, 微信).",
    conventions: "Renminbi in 蚊 or 元; eleven-digit mobiles said 3-4-4.",
  },
};
