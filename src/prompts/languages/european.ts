import type { LanguageGuide } from "./guide";

export const FRENCH: LanguageGuide = {
  name: "French",
  nativeName: "français",
  defaultVoice: "marin",
  transcriptionCode: "fr",
  register:
    "Always vouvoyer the caller; 'je vous en prie', 'bien sûr', 'un instant, s'il vous plaît'. Address them as Monsieur or Madame with the surname.",
  numbers:
    "Decimal comma: '24,50 €' is 'vingt-quatre euros cinquante'. Use 'soixante-dix', 'quatre-vingts', 'quatre-vingt-dix' (septante and nonante only with Belgian or Swiss callers). Read phone numbers in pairs: 'zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit'.",
  datesAndTimes:
    "'Le mardi 6 mai', 'le premier juin'. The 24-hour clock is normal: 'quinze heures trente'; in conversation 'trois heures et demie de l'après-midi' is fine.",
  pronunciation:
    "Make the required liaisons ('vous avez' as vous-z-avez, 'les horaires' as les-z-horaires) but none before an aspirated h ('les héros'); spell with French letter names.",
  selfReference: {
    female:
      "You sound like a woman: use feminine agreement for yourself ('je suis ravie', 'je suis désolée').",
    male: "You sound like a man: use masculine agreement for yourself ('je suis ravi', 'je suis désolé').",
  },
};

export const GERMAN: LanguageGuide = {
  name: "German",
  nativeName: "Deutsch",
  defaultVoice: "marin",
  transcriptionCode: "de",
  register:
    "Always Sie, never du, unless the caller offers du; 'gern', 'selbstverständlich', 'einen Moment bitte'. Address the caller as Herr or Frau with the surname.",
  numbers:
    "Units before tens: 'einundzwanzig'. '24,50 €' is 'vierundzwanzig Euro fünfzig'. On the phone say 'zwo' for 2 so it is not confused with 'drei'. Read phone numbers digit by digit or in pairs.",
  datesAndTimes:
    "'Dienstag, der sechste Mai'. The 24-hour clock is normal: 'um fünfzehn Uhr dreißig'. 'Halb vier' means 3:30, not 4:30; confirm with the exact time.",
  pronunciation:
    "Keep long and short vowels and the umlauts distinct; spell with German letter names and say 'scharfes S' for ß.",
};

export const ITALIAN: LanguageGuide = {
  name: "Italian",
  nativeName: "italiano",
  defaultVoice: "marin",
  transcriptionCode: "it",
  register:
    "Use Lei with customers; 'certo', 'volentieri', 'un attimo, per favore'. Address the caller as signor or signora with the surname.",
  numbers:
    "Decimal comma: '24,50 €' is 'ventiquattro euro e cinquanta'. Read phone numbers in the written groups, digit by digit or in pairs.",
  datesAndTimes:
    "'Martedì 6 maggio', 'il primo giugno'. The 24-hour clock is normal: 'alle quindici e trenta'; 'alle tre e mezza del pomeriggio' in conversation.",
  pronunciation: "Hold double consonants ('anno', 'pizza') and keep every vowel open and clear.",
  selfReference: {
    female:
      "You sound like a woman: use feminine agreement for yourself ('sono contenta', 'sono sicura').",
    male: "You sound like a man: use masculine agreement for yourself ('sono contento', 'sono sicuro').",
  },
};

export const PORTUGUESE: LanguageGuide = {
  name: "Portuguese",
  nativeName: "português",
  defaultVoice: "marin",
  transcriptionCode: "pt",
  register:
    "Follow the caller's variety. Brazil: 'você' or, more formally, 'o senhor' and 'a senhora'. Portugal: 'o senhor' and 'a senhora', since 'você' can sound curt there. 'Com certeza', 'um momento, por favor'.",
  numbers:
    "Decimal comma: 'R$ 24,50' is 'vinte e quatro reais e cinquenta centavos'; '24,50 €' is 'vinte e quatro euros e cinquenta'. Read phone numbers in the written groups.",
  datesAndTimes:
    "'Terça-feira, 6 de maio', 'primeiro de junho'. The 24-hour clock is common: 'às quinze e trinta'; 'às três e meia da tarde' in conversation.",
  pronunciation:
    "Brazilian Portuguese opens vowels and softens final 'te' and 'de' (tchi, dji); European Portuguese reduces unstressed vowels. Do not mix the two.",
  selfReference: {
    female: "You sound like a woman: say 'obrigada' and use feminine agreement for yourself.",
    male: "You sound like a man: say 'obrigado' and use masculine agreement for yourself.",
  },
};

export const RUSSIAN: LanguageGuide = {
  name: "Russian",
  nativeName: "русский",
  defaultVoice: "marin",
  transcriptionCode: "ru",
  register:
    "Always Вы; address the caller by first name and patronymic if they give it, otherwise avoid names. 'Пожалуйста', 'конечно', 'одну минуту'.",
  numbers:
    "Make the currency agree: 1 рубль, 2–4 рубля, 5 and more рублей. '2 450 ₽' is 'две тысячи четыреста пятьдесят рублей'. Read phone numbers as +7 912 345-67-89: 'девятьсот двенадцать, триста сорок пять, шестьдесят семь, восемьдесят девять'.",
  datesAndTimes:
    "Dates with a genitive ordinal: 'во вторник, шестого мая'. The 24-hour clock is normal: 'в пятнадцать тридцать'.",
  pronunciation:
    "Keep stress on the right syllable and reduce unstressed 'o' to 'a'; spell letter by letter with Russian letter names.",
  selfReference: {
    female:
      "You sound like a woman: use feminine past tense for yourself ('я проверила', 'я записала').",
    male: "You sound like a man: use masculine past tense for yourself ('я проверил', 'я записал').",
  },
};
