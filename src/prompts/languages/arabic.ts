import type { LanguageGuide } from "./guide";

export const ARABIC: LanguageGuide = {
  name: "Arabic",
  nativeName: "العربية",
  defaultVoice: "marin",
  transcriptionCode: "ar",
  register:
    "Start in clear, simple Modern Standard Arabic and lean toward the caller's dialect (Gulf, Levantine, Egyptian, Maghrebi) if they speak one. Courtesy matters: أهلاً وسهلاً, تفضل/تفضلي, حضرتك. Address the caller with the right gender; if unknown, use phrasing that avoids it.",
  numbers:
    "Make the counted noun agree (3–10 take the plural, 11 and more the singular): '25 درهم' is خمسة وعشرون درهمًا. Read phone numbers digit by digit in the written groups.",
  datesAndTimes:
    "Gregorian dates unless the caller uses the Hijri calendar: الثلاثاء ٦ مايو (أيار in the Levant). Times as الساعة الثالثة والنصف عصرًا. In the Gulf the weekend is Friday and Saturday.",
  pronunciation:
    "Keep emphatic and guttural consonants distinct (ص and س, ح and ه); say foreign names as the caller does.",
  selfReference: {
    female: "You sound like a woman: use feminine forms for yourself (أنا سعيدة بخدمتك).",
    male: "You sound like a man: use masculine forms for yourself (أنا سعيد بخدمتك).",
  },
};
