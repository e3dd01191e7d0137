import { COUNTRY_ALIASES, WORLD_CAPITALS } from './simulator.capitals.js';
import { decode, encode } from 'gpt-tokenizer';
import type { ChatMessage } from '../chat-types.js';
import { countTextTokens } from '../tokens.js';
import { intBetween, pick, type Rng } from './simulator.random.js';

/** The text of a message's content; images count as nothing. */
export function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('\n');
}

/** The text of the last user message, which is what the simulated model "answers". */
export function lastUserText(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return contentText(messages[i].content);
  return '';
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const STOPWORDS = new Set(
  (
    'what which when where whom whose that this these those with from into onto about above below would could should there their ' +
    'them they have does your yours please explain tell give make some more most much many very also just like than then been ' +
    'being were will shall know want need help write describe briefly using used okay sure thanks thank here quite really ' +
    'other another each every such only even over under between while after before because within without whether ' +
    'compare summarise summarize list show define discuss outline suggest recommend provide create generate find'
  ).split(' '),
);

/** Distinctive words of a text (4+ letters, no stop words, no bare numbers), in order of appearance. */
export function keywords(text: string, limit = 5): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.match(WORD) ?? []) {
    const w = raw.replace(/['’]s$/i, '');
    const key = w.toLowerCase();
    if (w.length < 4 || STOPWORDS.has(key) || seen.has(key) || /^[\d.-]+$/.test(w)) continue;
    seen.add(key);
    out.push(w);
    if (out.length === limit) break;
  }
  return out;
}

/** Runs of capitalised words that do not start a sentence ("Paris", "New York"): likely names for tool arguments. */
export function properNouns(text: string): string[] {
  const out = new Set<string>();
  for (const sentence of text.split(/[.!?\n]+/)) {
    let run: string[] = [];
    let runEnd = -1;
    const flush = () => {
      if (run.length) out.add(run.join(' '));
      run = [];
    };
    for (const [i, m] of [...sentence.matchAll(WORD)].entries()) {
      const capital = i > 0 && /^\p{Lu}/u.test(m[0]) && m[0] !== 'I';
      if (run.length && (!capital || !/^\s+$/.test(sentence.slice(runEnd, m.index)))) flush();
      if (capital) {
        run.push(m[0].replace(/['’]s$/i, ''));
        runEnd = m.index + m[0].length;
      }
    }
    flush();
  }
  return [...out];
}

/** Numbers as a person would write them: integers plain, others to at most four decimals. */
export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(4)));
}

const NUM = String.raw`-?\d+(?:\.\d+)?`;
const OP = String.raw`[+\-*/x×÷]|plus|minus|times|multiplied\s+by|divided\s+by`;
// Lookarounds keep dates (2024-10-21), versions (1.2.3) and longer expressions from reading as a binary sum.
const ARITHMETIC = new RegExp(String.raw`(?<![\w.\-]|[+\-*/×÷^]\s*)(${NUM})\s*(${OP})\s*(${NUM})(?!\w|\.\d|\s*(?:[+\-*/×÷^]|x\s*\d)\s*\d)`, 'i');

/** The value of the first simple binary arithmetic question in a text ("What is 17 + 25?", "17*3"), if any. */
export function solveArithmetic(text: string): number | undefined {
  const m = ARITHMETIC.exec(text);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[3])];
  const op = m[2].toLowerCase().replace(/\s+/g, ' ');
  if (op === '+' || op === 'plus') return a + b;
  if (op === '-' || op === 'minus') return a - b;
  if (op === '/' || op === '÷' || op === 'divided by') return b === 0 ? Number.NaN : a / b;
  return a * b;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const COUNTRY_NAMES = WORLD_CAPITALS.flatMap(([country, capital]) =>
  [country, ...(COUNTRY_ALIASES[country] ?? [])].map((name) => ({
    country,
    capital,
    length: name.length,
    re: new RegExp(String.raw`(?<!\p{L})${escape(name)}(?!\p{L})`, 'iu'),
  })),
);
const ALL_CAPITALS = WORLD_CAPITALS.map((c) => c[1]);

/** The country a "capital of X" question asks about (the one named first), with its capital. */
export function findCapitalQuestion(text: string): { country: string; capital: string } | undefined {
  if (!/\bcapital\b/i.test(text)) return undefined;
  let best: { at: number; length: number; country: string; capital: string } | undefined;
  for (const { country, capital, length, re } of COUNTRY_NAMES) {
    const at = text.search(re);
    // The first country named wins; at the same place the longer name ("Guinea-Bissau" over "Guinea").
    if (at >= 0 && (!best || at < best.at || (at === best.at && length > best.length))) best = { at, length, country, capital };
  }
  return best && { country: best.country, capital: best.capital };
}

/** The longest prefix of `text` within `max` tokens (a cut inside a character is moved back before it). */
export function cutToTokens(text: string, max: number): string {
  const ids = encode(text);
  if (ids.length <= max) return text;
  let out = decode(ids.slice(0, Math.max(0, max)));
  while (out && !text.startsWith(out)) out = out.slice(0, -1);
  return out;
}

const OPENERS = ['Here is a short overview of {list}.', 'Good question about {list}.', 'Let me walk through {list}.', 'This comes down to {list}.'];
const BARE_OPENERS = ['Here is a short answer.', 'Good question.', 'Let me explain briefly.', 'There are a few things to say here.'];
const WITH_KEYWORD = [
  '{K} is best understood by looking at how it is used in practice.',
  'When it comes to {k}, a few points are worth keeping in mind.',
  'In short, {k} depends on the context and on what you want to achieve.',
  'A common approach is to start with {k} and refine the details step by step.',
  'Many people find that {k} becomes clearer with a concrete example.',
  'It also helps to compare {k} with {k2} to see where they differ.',
  'One practical tip is to measure {k} before and after each change.',
  'Small experiments are a good way to learn more about {k}.',
  'Overall, {k} is a reasonable choice when the requirements are clear.',
];
const GENERIC = [
  'The key trade-off usually involves cost, speed and reliability.',
  'In most cases, a simple solution works well before adding complexity.',
  'Keep in mind that results can vary with the data and the setup.',
  'It is worth writing down the assumptions before going further.',
  'A careful review of the edge cases often pays off later.',
];

function listOf(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Trims whole words until the text, ended with a full stop, fits `max` tokens. */
function trimWords(text: string, max: number): string {
  const ended = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);
  let out = text;
  while (countTextTokens(ended(out)) > max) {
    const cut = out.lastIndexOf(' ');
    if (cut <= 0) return cutToTokens(out, max);
    out = out.slice(0, cut).replace(/[,;:]+$/, '');
  }
  return ended(out);
}

/** Draws without replacement, refilling when empty, so a long reply does not repeat a sentence back to back. */
function bag<T>(rng: Rng, items: readonly T[]): () => T {
  let left: T[] = [];
  return () => {
    if (!left.length) left = [...items];
    return left.splice(Math.floor(rng() * left.length), 1)[0];
  };
}

/**
 * A fluent, seeded reply between `min` and `max` tokens that names the question's key words: all of them
 * when `good`, a random few otherwise, so that keyword graders see the model's quality.
 */
export function fluentReply(question: string, good: boolean, rng: Rng, length: { min: number; max: number }): string {
  const all = keywords(question);
  const named = good ? all : all.filter(() => rng() < 0.3);
  const target = intBetween(rng, length.min, length.max);
  let text = named.length ? pick(rng, OPENERS).replace('{list}', listOf(named)) : pick(rng, BARE_OPENERS);
  const [withKeyword, generic, keyword] = [bag(rng, WITH_KEYWORD), bag(rng, GENERIC), bag(rng, named)];
  let n = countTextTokens(text);
  while (n < target) {
    const useKeyword = named.length > 0 && rng() < 0.7;
    const k = useKeyword ? keyword() : '';
    const k2 =
      named.length > 1
        ? pick(
            rng,
            named.filter((w) => w !== k),
          )
        : 'the alternatives';
    const sentence = useKeyword
      ? withKeyword()
          .replace('{K}', k.charAt(0).toUpperCase() + k.slice(1))
          .replace('{k}', k)
          .replace('{k2}', k2)
      : generic();
    text += ` ${sentence}`;
    n += countTextTokens(` ${sentence}`);
  }
  return countTextTokens(text) > length.max ? trimWords(text, length.max) : text;
}

/** A wrong but plausible answer for `correct`: off by 1..5 either way. */
function nearMiss(rng: Rng, correct: number): number {
  return correct + intBetween(rng, 1, 5) * (rng() < 0.5 ? -1 : 1);
}

/** The reply to a question, and what JSON mode puts in `answer`: the bare value, or the whole reply when there is none. */
export interface Answer {
  text: string;
  answer: string | number;
}

const TERSE = /\b(?:only|just the|nothing else)\b/i;

/** Answers arithmetic and capital questions right with probability `quality`; anything else fluently. */
export function composeAnswer(question: string, quality: number, rng: Rng, length: { min: number; max: number }): Answer {
  const correct = rng() < quality;
  // "Answer with the city name only", "just the number": the bare answer, as an exact-match grader expects.
  const terse = TERSE.test(question);
  const value = solveArithmetic(question);
  if (value !== undefined) {
    if (Number.isNaN(value)) return { text: 'Dividing by zero is undefined.', answer: 'undefined' };
    const shown = Number(formatNumber(correct ? value : nearMiss(rng, value)));
    return { text: terse ? formatNumber(shown) : `The answer is ${formatNumber(shown)}.`, answer: shown };
  }
  const capital = findCapitalQuestion(question);
  if (capital) {
    const others = ALL_CAPITALS.filter((c) => c !== capital.capital);
    const shown = correct ? capital.capital : pick(rng, others);
    return { text: terse ? shown : `The capital of ${capital.country} is ${shown}.`, answer: shown };
  }
  const text = fluentReply(question, correct, rng, length);
  return { text, answer: text };
}
