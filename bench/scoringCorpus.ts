// Made-up outputs and references shaped like real ones, for the scoring benchmark: 10–60 words with
// capitals, commas, quotes, contractions, hyphens and numbers; about one case in ten in Chinese; a
// few empty outputs and references; some cases with a second reference. Outputs are edits of their
// reference (kept, swapped, dropped and added words), so n-gram overlap is partial, as with a model.
import { seededRandom, type SeededRandom } from '../src/shared/stats/seededRandom';

export interface ScoringCase {
  id: string;
  output: string;
  references: string[];
}

const WORDS = (
  'the a an of to in and for on with as by at from that this it is was were be been has have had not ' +
  'model answer question river town bread market bridge fish apple morning people sells crossed bells ' +
  'quantization weights layer token context memory speed result report summary paper city station train ' +
  'children teacher school garden winter summer government policy price increase decrease water energy ' +
  "said told asked found made took gave showed began became however because although while wasn't it's " +
  "don't can't they're state-of-the-art well-known long-term 1,000 3.5 2019 42 12% café naïve résumé " +
  'Paris London Obama Netanyahu Monday January Google Europe'
).split(' ');

const HAN = Array.from(
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车',
);
const HAN_PUNCTUATION = Array.from('，。、？');

const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[random.nextInt(items.length)] as T;

/** English words, each optionally followed by punctuation, in sentences that start with a capital. */
function englishWords(random: SeededRandom, count: number): string[] {
  const words: string[] = [];
  let sentenceStart = true;
  for (let i = 0; i < count; i++) {
    let word = pick(random, WORDS);
    if (sentenceStart) word = word.charAt(0).toUpperCase() + word.slice(1);
    sentenceStart = false;
    const roll = random.next();
    if (roll < 0.03) word = `"${word}"`;
    else if (roll < 0.05) word = `(${word})`;
    const end = random.next();
    if (i === count - 1 || end < 0.07) {
      word += pick(random, ['.', '.', '.', '?', '!']);
      sentenceStart = true;
    } else if (end < 0.15) {
      word += pick(random, [',', ',', ',', ';', ':']);
    }
    words.push(word);
  }
  return words;
}

function chineseChars(random: SeededRandom, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    i === count - 1 ? '。' : random.next() < 0.08 ? pick(random, HAN_PUNCTUATION) : pick(random, HAN),
  );
}

/** An output as a model might write it: most units kept, some swapped, dropped or added. */
function edit(random: SeededRandom, units: readonly string[], vocabulary: () => string): string[] {
  const out: string[] = [];
  for (const unit of units) {
    const roll = random.next();
    if (roll < 0.65) out.push(unit);
    else if (roll < 0.8) out.push(vocabulary());
    else if (roll < 0.9) out.push(unit, vocabulary());
  }
  return out;
}

/** `count` cases, the same for the same seed. */
export function realisticCases(count: number, seed: number): ScoringCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const chinese = random.next() < 0.1;
    const [units, vocabulary, join] = chinese
      ? [chineseChars(random, 15 + random.nextInt(66)), () => pick(random, HAN), '']
      : [englishWords(random, 10 + random.nextInt(51)), () => pick(random, WORDS), ' '];
    const reference = units.join(join);
    const references = [random.next() < 0.01 ? '' : reference];
    if (random.next() < 0.1) references.push(edit(random, units, vocabulary).join(join));
    const output = random.next() < 0.03 ? '' : edit(random, units, vocabulary).join(join);
    return { id: String(i), output, references };
  });
}
