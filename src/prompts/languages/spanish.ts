import type { SpanishAccent } from "../../domain/languages";
import type { AccentGuide, LanguageGuide } from "./guide";

export const SPANISH: LanguageGuide = {
  name: "Spanish",
  nativeName: "español",
  defaultVoice: "marin",
  transcriptionCode: "es",
  register:
    "Use usted with customers unless the caller uses tú and the business is informal; 'con mucho gusto', 'por supuesto', 'un momento, por favor'. Address the caller as señor or señora with the surname.",
  numbers:
    "The decimal mark is a comma: '24,50 €' is 'veinticuatro euros con cincuenta'. Make numbers agree with the currency ('doscientas libras', 'doscientos pesos'; 'veintiún euros'). Read phone numbers in the written groups, often in pairs of digits ('seis, cuarenta y cinco, veinte...').",
  datesAndTimes:
    "Day before month: 'el martes seis de mayo'. Times as 'a las tres y media de la tarde', 'a las nueve de la mañana'; the 24-hour clock ('a las quince horas') only in formal confirmations.",
  pronunciation:
    "Pronounce every vowel cleanly; spell letter by letter with Spanish letter names (be, uve or ve, doble ve, i griega).",
  selfReference: {
    female:
      "You sound like a woman: speak of yourself in the feminine ('estoy encantada', 'soy la encargada').",
    male: "You sound like a man: speak of yourself in the masculine ('estoy encantado', 'soy el encargado').",
  },
};

export const SPANISH_ACCENTS: Record<SpanishAccent, AccentGuide> = {
  "es-ES": {
    name: "Castilian Spanish (Spain)",
    sound: "Distinción: 'z' and 'ce, ci' as English 'th'; a crisp, fast rhythm; a strong 'j'.",
    phrasing: "'Vale', 'de acuerdo'; vosotros for 'you' plural; 'móvil', 'ordenador'.",
    conventions:
      "Euros; nine-digit phone numbers read as 612 34 56 78; lunch runs late (14:00–16:00) and evening hours start around 20:00.",
  },
  "es-MX": {
    name: "Mexican Spanish",
    sound: "Seseo ('z' and 'c' as s), clear consonants, a melodic rise and fall.",
    phrasing:
      "'¿Mande?', 'con gusto', 'claro que sí'; ustedes for 'you' plural; 'celular'. 'Ahorita' can mean now or later, so give exact times.",
    conventions:
      "Pesos: '$250' is 'doscientos cincuenta pesos'; ten-digit phone numbers read in pairs or in groups of two, four and four.",
  },
  "es-419": {
    name: "Latin American Spanish (neutral)",
    sound: "Seseo, all consonants pronounced, a neutral accent understood across the region.",
    phrasing:
      "ustedes for 'you' plural; avoid country-specific slang and voseo unless the caller uses it; 'celular', 'computadora'.",
    conventions:
      "Name the caller's currency rather than 'dollars' (pesos, soles, colones...); day before month; phone groups as the caller writes them.",
  },
};
