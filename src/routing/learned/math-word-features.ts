/**
 * Dense features of a maths word problem that a careful reader would use to guess how many steps it
 * takes: how many quantities it states (digits and number words), what kinds (money, time, units,
 * ratios), how many multi-step cues ("each", "per", "remaining", "total", "after") and questions it
 * holds, and how many people or things it names. General for any word problem, not tied to a dataset.
 */
export const MATH_WORD_FEATURE_NAMES = [
  'log-quantities',
  'log-number-words',
  'log-money',
  'log-time-units',
  'log-measure-units',
  'log-step-cues',
  'log-comparisons',
  'log-conditions',
  'log-questions',
  'log-entities',
  'log-sentences-with-numbers',
  'log-fractions-percents',
  'log-characters-squared',
] as const;

const NUMBER_PATTERN = /\d[\d,]*(?:\.\d+)?/g;
const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|dozens?|half|halves|third|thirds|quarters?|twice|double|triple|thrice)\b/gi;
const MONEY =
  /\$|\b(?:dollars?|cents?|price|costs?|pays?|paid|earns?|spends?|spent|sells?|sold|buys?|bought|profit|discount|tax|saves?|saved)\b/gi;
const TIME_UNITS =
  /\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|daily|weekly|hourly|monthly|yearly)\b/gi;
const MEASURE_UNITS =
  /\b(?:miles?|km|kilometers?|meters?|metres?|feet|foot|inch(?:es)?|yards?|pounds?|lbs?|kg|kilograms?|grams?|ounces?|liters?|litres?|gallons?|cups?|mph|square|cubic)\b/gi;
const STEP_CUES =
  /\b(?:each|per|every|times|remaining|remainder|rest|left|total|after|altogether|combined|average|then|instead|respectively|twice|more|less|fewer|increase[sd]?|decrease[sd]?|ratio|rate)\b/gi;
const COMPARISONS = /\b(?:than|as many|as much)\b/gi;
const CONDITIONS = /\b(?:if|when|until|unless|while|before)\b/gi;
const QUESTIONS = /\?|\b(?:how many|how much|how long|how far|what is|what was|what's)\b/gi;
const CAPITALISED = /(?<=[a-z,;:]\s+)[A-Z][a-z]+/g;
const FRACTIONS_PERCENTS = /\d\/\d|%|\bpercent|\b(?:half|third|quarter|fifth)s?\b/gi;

function count(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

export function extractMathWordFeatures(focus: string): number[] {
  const numbers = count(focus, NUMBER_PATTERN);
  const numberWords = count(focus, NUMBER_WORDS);
  const sentences = focus.split(/[.?!](?:\s|$)/).filter((sentence) => sentence.trim() !== '');
  const withNumbers = sentences.filter((sentence) =>
    /\d|\b(?:one|two|three|half|twice)\b/i.test(sentence),
  ).length;
  const logCharacters = Math.log1p(focus.length);
  return [
    Math.log1p(numbers + numberWords),
    Math.log1p(numberWords),
    Math.log1p(count(focus, MONEY)),
    Math.log1p(count(focus, TIME_UNITS)),
    Math.log1p(count(focus, MEASURE_UNITS)),
    Math.log1p(count(focus, STEP_CUES)),
    Math.log1p(count(focus, COMPARISONS)),
    Math.log1p(count(focus, CONDITIONS)),
    Math.log1p(count(focus, QUESTIONS)),
    Math.log1p(new Set(focus.match(CAPITALISED) ?? []).size),
    Math.log1p(withNumbers),
    Math.log1p(count(focus, FRACTIONS_PERCENTS)),
    (logCharacters - 5.5) ** 2,
  ];
}

export type MathWordFeatureName = (typeof MATH_WORD_FEATURE_NAMES)[number];

/** The named features, in the order given. */
export function selectMathWordFeatures(focus: string, names: readonly MathWordFeatureName[]): number[] {
  const all = extractMathWordFeatures(focus);
  return names.map((name) => all[MATH_WORD_FEATURE_NAMES.indexOf(name)] as number);
}
