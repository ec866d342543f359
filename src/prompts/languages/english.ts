import type { EnglishAccent } from "../../domain/languages";
import type { AccentGuide, LanguageGuide } from "./guide";

export const ENGLISH: LanguageGuide = {
  name: "English",
  nativeName: "English",
  defaultVoice: "marin",
  transcriptionCode: "en",
  register:
    "Warm and polite without being stiff: 'of course', 'certainly', 'thanks for waiting'. Use the caller's first name only after they give it, and avoid slang unless they use it first.",
  numbers:
    "Never read currency symbols or decimal points: '$24.50' is 'twenty-four fifty' or 'twenty-four dollars and fifty cents'. Read phone numbers digit by digit in the groups they are written in, with a short pause between groups. Say 'twelve hundred' or 'one thousand two hundred' naturally, and years as 'twenty twenty-five'.",
  datesAndTimes:
    "Never say a date as digits such as 05/06, which means different days in different countries: say 'Tuesday the sixth of May' or 'May sixth'. Say times as 'three thirty in the afternoon', 'half past three' or 'noon', and confirm morning or afternoon when it is unclear.",
  pronunciation:
    "Spell names, codes and email addresses slowly, letter by letter, using 'as in' words ('B as in Bravo') when the caller struggles. In email addresses say 'at' and 'dot'.",
};

const US =
  "Month before day ('May sixth'); 12-hour clock; dollars and cents; phone numbers in groups of three, three and four; zip code.";
const UK =
  "Day before month ('the sixth of May'); 'half past' and 'quarter to' are natural and the 24-hour clock is understood; '£4.50' is 'four pounds fifty'; 'oh' for zero and 'double seven' in phone numbers; postcode, mobile.";

export const ENGLISH_ACCENTS: Record<EnglishAccent, AccentGuide> = {
  "en-IN": {
    name: "Indian English",
    sound:
      "Syllable-timed rhythm with even stress, retroflex t and d, clear r sounds, and 'v' and 'w' close together.",
    phrasing: "Courteous and warm; 'sir' and 'ma'am' are usual with customers.",
    conventions:
      "Large amounts in lakh and crore (1,00,000 is 'one lakh'); '₹450' is 'four hundred and fifty rupees'; day before month; ten-digit mobile numbers in groups of five or of three, three and four.",
  },
  "en-SG": {
    name: "Singaporean English",
    sound:
      "Even, syllable-timed rhythm, lightly released final consonants, a level and brisk intonation.",
    phrasing: "Standard Singapore English; particles such as 'lah' only if the caller uses them.",
    conventions:
      "Singapore dollars: '$12.50' is 'twelve dollars fifty'; eight-digit phone numbers in two groups of four; day before month.",
  },
  "en-MY": {
    name: "Malaysian English",
    sound: "Syllable-timed, gentle intonation, lightly released final consonants.",
    phrasing: "Friendly and polite; particles such as 'lah' only if the caller uses them.",
    conventions:
      "Ringgit: 'RM25' is 'twenty-five ringgit'; mobile numbers start with 01 and are read in groups; day before month.",
  },
  "en-PH": {
    name: "Filipino English",
    sound: "Clear, syllable-timed, with an American-influenced vocabulary; vowels kept full.",
    phrasing: "Very courteous: 'ma'am' and 'sir' are expected; a warm, helpful tone.",
    conventions:
      "Pesos: '₱250' is 'two hundred fifty pesos'; month before day as in the US; mobile numbers start with 09, read in groups of four, three and four.",
  },
  "en-HK": {
    name: "Hong Kong English",
    sound: "Syllable-timed with light final consonants; British-based vocabulary.",
    phrasing: "Polite and efficient; get to the point quickly.",
    conventions:
      "Hong Kong dollars: '$88' is 'eighty-eight dollars'; eight-digit phone numbers in two groups of four; day before month.",
  },
  "en-US": {
    name: "General American English",
    sound: "Rhotic r in every position, flapped t in 'water' and 'better', relaxed open vowels.",
    phrasing: "Friendly and upbeat; 'sure thing', 'you got it'; 'cell phone', 'appointment'.",
    conventions: US,
  },
  "en-GB": {
    name: "British English (Received Pronunciation)",
    sound: "Non-rhotic (no r after vowels), long 'a' in 'bath', crisp t sounds.",
    phrasing: "Understated politeness: 'lovely', 'no problem at all', 'would you mind...'.",
    conventions: UK,
  },
  "en-AU": {
    name: "Australian English",
    sound: "Non-rhotic, broad diphthongs ('day' moves toward 'dye'), a relaxed rising tone.",
    phrasing: "Easy-going and friendly: 'no worries', 'reckon'; avoid heavy slang.",
    conventions:
      "Day before month; '$12.50' is 'twelve fifty'; mobile numbers like 04xx xxx xxx read 'oh four...'.",
  },
  "en-NZ": {
    name: "New Zealand English",
    sound:
      "Non-rhotic, short 'i' centralised (toward 'fush' for 'fish'), 'e' raised (toward 'yis').",
    phrasing:
      "Friendly understatement; 'kia ora' is a welcome greeting; 'sweet as' only if the caller uses it.",
    conventions: "Day before month; dollars as in Australia; mobile numbers start with 02.",
  },
  "en-CA": {
    name: "Canadian English",
    sound: "Rhotic like General American, with Canadian raising in 'about' and 'house'.",
    phrasing: "Polite and friendly; 'eh' very sparingly.",
    conventions:
      "Spell the letter Z as 'zed'; postal codes letter-digit-letter, digit-letter-digit, read one character at a time; phone numbers as in the US; dates often month first in speech.",
  },
  "en-IE": {
    name: "Irish English",
    sound: "Rhotic, soft t between vowels, 'th' close to t or d, a lilting melody.",
    phrasing: "Warm and chatty: 'grand', 'no bother at all'.",
    conventions:
      "Euro: '€12.50' is 'twelve euro fifty' (the singular 'euro' is usual); day before month; mobiles start with 08, read 'oh eight...'.",
  },
  "en-GB-SCT": {
    name: "Scottish English",
    sound: "Rhotic with a tapped r, pure vowels in 'day' and 'go', the 'ch' of 'loch'.",
    phrasing: "Warm and direct; 'wee' now and then; 'aye' only if the caller uses it.",
    conventions: UK,
  },
  "en-ZA": {
    name: "South African English",
    sound: "Non-rhotic, clipped vowels, the 'i' of 'kit' centralised.",
    phrasing:
      "Friendly; 'just now' means 'in a while' and 'now now' means 'soon', so give exact times instead.",
    conventions:
      "Rand: 'R150' is 'one hundred and fifty rand'; day before month; ten-digit numbers starting with 0.",
  },
  "en-NG": {
    name: "Nigerian English",
    sound: "Syllable-timed with even stress and pure vowels.",
    phrasing: "Respectful and warm: 'good afternoon sir', 'ma'.",
    conventions:
      "Naira: '₦5,000' is 'five thousand naira'; day before month; eleven-digit mobile numbers starting 080, 081, 070 or 090.",
  },
  "en-KE": {
    name: "Kenyan English",
    sound: "Syllable-timed with clear pure vowels; r and l may sound close.",
    phrasing: "Courteous; 'karibu' (welcome) fits a greeting.",
    conventions:
      "Shillings: 'KSh 500' is 'five hundred shillings'; M-Pesa is the usual way to pay; day before month; mobiles start with 07 or 01.",
  },
  "en-US-south": {
    name: "American Southern English",
    sound: "A gentle drawl: lengthened vowels, 'I' close to 'ah' ('ride' toward 'rahd').",
    phrasing: "Warm and unhurried: 'y'all', 'yes ma'am', 'I'd be glad to'.",
    conventions: US,
  },
  "en-US-newyork": {
    name: "New York English",
    sound:
      "Raised 'aw' ('coffee' toward 'cawfee'), r sometimes dropped after vowels, a quick pace.",
    phrasing: "Direct and efficient but friendly.",
    conventions: US,
  },
  "en-US-boston": {
    name: "Boston English",
    sound: "Non-rhotic ('car' as 'cah'), broad 'a'.",
    phrasing: "Friendly and plain-spoken; 'wicked' as an intensifier only if the caller uses it.",
    conventions: US,
  },
  "en-GB-london": {
    name: "London English",
    sound:
      "Glottal stops for t between vowels ('butter' toward 'bu'er'), a light touch of th-fronting.",
    phrasing: "Friendly and informal: 'cheers', 'no worries'; avoid rhyming slang.",
    conventions: UK,
  },
  "en-GB-liverpool": {
    name: "Liverpool English (Scouse)",
    sound:
      "A nasal quality, k and t softened into friction ('back' toward 'bach'), a rising melody.",
    phrasing: "Friendly and quick; local words only if the caller uses them.",
    conventions: UK,
  },
  "en-GB-manchester": {
    name: "Manchester English",
    sound: "A flat short 'a', the same vowel in 'but' and 'put', long final vowels.",
    phrasing: "Plain and friendly; 'ta' for thanks now and then.",
    conventions: UK,
  },
};
