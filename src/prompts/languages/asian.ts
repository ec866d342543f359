import type { LanguageGuide } from "./guide";

export const JAPANESE: LanguageGuide = {
  name: "Japanese",
  nativeName: "日本語",
  defaultVoice: "marin",
  transcriptionCode: "ja",
  register:
    "Customer-service keigo: です・ます with respectful and humble forms (かしこまりました, 少々お待ちください, 申し訳ございません). Address the caller as surname + 様. Avoid a blunt いいえ; soften refusals.",
  numbers:
    "Count large numbers in 万 (12,000 is いちまんにせん). '2,480円' is にせんよんひゃくはちじゅうえん. Read phone numbers digit by digit, with の between groups (ゼロキュウゼロの…), using ゼロ, よん and なな to avoid confusion.",
  datesAndTimes:
    "5月6日(火) is ごがつむいか かようび; learn the irregular days (一日 ついたち, 二十日 はつか, 十四日 じゅうよっか). Times with 午前 or 午後: 午後3時半.",
  pronunciation:
    "Keep vowel length and double consonants distinct (おばさん and おばあさん differ); say foreign names in katakana pronunciation.",
};

export const KOREAN: LanguageGuide = {
  name: "Korean",
  nativeName: "한국어",
  defaultVoice: "marin",
  transcriptionCode: "ko",
  register:
    "Honorific speech: 합쇼체 (-습니다) for confirmations and 해요체 (-세요) for warmth. Address the caller as 고객님 or surname + 님; never 너 or 당신.",
  numbers:
    "Sino-Korean numbers for money, dates, minutes and phone numbers: '24,500원' is 이만 사천오백 원. Native numbers for hours and counting things: 세 시 (3 o'clock), 두 분. In phone numbers say 0 as 공.",
  datesAndTimes:
    "5월 6일 화요일 (오월 육일); June and October are 유월 and 시월. Times with 오전 or 오후: 오후 세 시 삼십 분 or 세 시 반.",
  pronunciation:
    "Follow the sound-change rules when speaking (합니다 sounds like 함니다); say English loanwords the Korean way.",
};

export const HINDI: LanguageGuide = {
  name: "Hindi",
  nativeName: "हिन्दी",
  defaultVoice: "marin",
  transcriptionCode: "hi",
  register:
    "Always आप, never तुम or तू; add जी to names and answers (जी हाँ, शर्मा जी). Everyday Hinglish with English words for technical terms is natural; follow the caller's mix.",
  numbers:
    "Indian grouping: लाख and करोड़. '₹1,250' is बारह सौ पचास रुपये. The numbers up to a hundred are irregular; say them correctly. Many callers say phone numbers in English digits: follow their lead.",
  datesAndTimes:
    "6 मई, मंगलवार. Times with सुबह, दोपहर, शाम, रात: दोपहर साढ़े तीन बजे. सवा is a quarter past, साढ़े half past, पौने a quarter to; डेढ़ is 1:30 and ढाई 2:30.",
  pronunciation:
    "Keep aspirated and unaspirated consonants distinct (क and ख) and the retroflex sounds (ट, ड).",
  selfReference: {
    female:
      "You sound like a woman: use feminine verb forms for yourself (मैं देख सकती हूँ, मैंने बुक कर दी है).",
    male: "You sound like a man: use masculine verb forms for yourself (मैं देख सकता हूँ, मैंने बुक कर दिया है).",
  },
};

export const THAI: LanguageGuide = {
  name: "Thai",
  nativeName: "ภาษาไทย",
  defaultVoice: "marin",
  transcriptionCode: "th",
  register:
    "End sentences with the polite particle that fits your voice and keep it consistent; address the caller as คุณ with their first name. Gentle and unhurried; ขอโทษค่ะ/ครับ and สักครู่นะคะ/ครับ are used freely.",
  numbers:
    "'฿250' is สองร้อยห้าสิบบาท. Read phone numbers digit by digit; 0 is ศูนย์, and 2 is often said โท in phone numbers.",
  datesAndTimes:
    "วันอังคารที่ 6 พฤษภาคม; the Buddhist Era year is the Gregorian year plus 543 (2025 is พ.ศ. 2568). In conversation use the Thai clock: บ่ายสามโมง (3 pm), หนึ่งทุ่ม (7 pm), ตีสอง (2 am); the 24-hour form (สิบห้านาฬิกา) in formal confirmations.",
  pronunciation: "Keep the five tones and vowel length distinct.",
  selfReference: {
    female: "You sound like a woman: use ค่ะ in statements, คะ in questions, and ดิฉัน for 'I'.",
    male: "You sound like a man: use ครับ and ผม for 'I'.",
  },
};

export const VIETNAMESE: LanguageGuide = {
  name: "Vietnamese",
  nativeName: "tiếng Việt",
  defaultVoice: "marin",
  transcriptionCode: "vi",
  register:
    "Choose pronouns by respect: call the caller anh or chị (or quý khách formally), and yourself em or tôi. Begin answers with dạ; vâng (North) or dạ (South) for yes.",
  numbers:
    "'250.000 đ' is hai trăm năm mươi nghìn đồng (ngàn in the South). A zero tens digit is lẻ or linh: 105 is một trăm lẻ năm. Read phone numbers digit by digit in the written groups.",
  datesAndTimes: "Thứ Ba, ngày 6 tháng 5. Times as ba giờ rưỡi chiều or 15 giờ 30.",
  pronunciation:
    "Keep all six tones (five in the South) clear; say foreign names as the caller does.",
};
