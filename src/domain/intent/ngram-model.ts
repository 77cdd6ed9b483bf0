/**
 * A small multinomial naive Bayes over token n-grams (unigrams and bigrams), trained at module
 * load from training-data.ts. It backs up the lexicon on wordings the cue tables do not cover.
 * Deterministic: no randomness, ids assigned in training order, training takes a few tens of
 * milliseconds. Scoring builds no strings: tokens map to dense ids (a table lookup for the
 * usual BMP character), an n-gram is one small integer, its log-likelihoods one slice of a
 * flat Float64Array.
 */

/** Characters that separate segments (punctuation, spaces) rather than carry meaning. */
const SEPARATOR = /[\s,.!?;:'"()[\]{}<>~`@$%^&*_=|\\/，。、！？；：「」『』（）【】《》…—-]+/u;
/** Chinese numerals that mostly act as counts ("三盒", "第五天"); 一 is too often a word part. */
const COUNT_NUMERAL_CODES = new Set(Array.from('二两三四五六七八九十几俩仨', (char) => char.charCodeAt(0)));

// Reserved token ids. Any number (digits or count numerals) is one token, so "第3天" and
// "第三天" share features; START/END mark segment edges ("开头的词", "结尾的吗").
const NUMBER = 0;
const START = 1;
const END = 2;
const RESERVED_NAMES = ['0', '^', '$'];
const UNKNOWN = -1;
/** Token ids stay below this, so a bigram key ((first + 1) << TOKEN_BITS | second) is a small integer. */
const TOKEN_BITS = 14;
const MAX_TOKENS = 1 << TOKEN_BITS;

const isAsciiLetter = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Token string ↔ dense id. Single BMP characters (nearly every token) go through a flat table. */
class TokenVocabulary {
  private readonly byCharCode = new Int32Array(65536).fill(UNKNOWN);
  private readonly byString = new Map<string, number>();
  readonly names: string[] = [...RESERVED_NAMES];

  /** The id of a token; with `learn`, unseen tokens get the next id, otherwise UNKNOWN. */
  idOf(text: string, start: number, end: number, learn: boolean): number {
    const single = end - start === 1;
    const known = single ? this.byCharCode[text.charCodeAt(start)]! : (this.byString.get(text.slice(start, end)) ?? UNKNOWN);
    if (known !== UNKNOWN || !learn) return known;
    if (this.names.length >= MAX_TOKENS) throw new Error(`n-gram vocabulary over ${MAX_TOKENS} tokens`);
    const id = this.names.length;
    const token = text.slice(start, end);
    this.names.push(token);
    if (single) this.byCharCode[text.charCodeAt(start)] = id;
    else this.byString.set(token, id);
    return id;
  }

  /** Whether the token is a single ASCII letter: too little meaning to be a unigram. */
  isLoneLetter(id: number): boolean {
    const name = this.names[id]!;
    return name.length === 1 && isAsciiLetter(name.charCodeAt(0));
  }
}

const unigramKey = (token: number) => token;
const bigramKey = (first: number, second: number) => ((first + 1) << TOKEN_BITS) | second;

/**
 * The one definition of the features: every token except a lone ASCII letter, and every pair of
 * neighbours with the segment edges, as integer keys. Tokens: a CJK character or emoji each, a
 * run of ASCII letters, NUMBER for a run of digits or count numerals. UNKNOWN tokens (when not
 * learning) produce no unigram and break their bigrams. Keys go into a reused array: the hot
 * path creates no closures and no strings beyond the segment split.
 */
class NgramScanner {
  readonly keys: number[] = [];
  private previous = START;

  constructor(
    private readonly vocabulary: TokenVocabulary,
    private readonly learn: boolean,
  ) {}

  scan(normalized: string): number[] {
    this.keys.length = 0;
    for (const segment of normalized.split(SEPARATOR)) if (segment) this.scanSegment(segment);
    return this.keys;
  }

  private scanSegment(segment: string): void {
    this.previous = START;
    let wordStart = -1;
    let inNumber = false;
    for (let i = 0; i < segment.length; i++) {
      const code = segment.charCodeAt(i);
      if (isAsciiLetter(code)) {
        if (inNumber) this.emit(NUMBER);
        inNumber = false;
        if (wordStart < 0) wordStart = i;
        continue;
      }
      if (wordStart >= 0) this.emit(this.vocabulary.idOf(segment, wordStart, i, this.learn));
      wordStart = -1;
      if (isDigit(code) || COUNT_NUMERAL_CODES.has(code)) {
        inNumber = true;
        continue;
      }
      if (inNumber) this.emit(NUMBER);
      inNumber = false;
      const width = isHighSurrogate(code) && i + 1 < segment.length ? 2 : 1;
      this.emit(this.vocabulary.idOf(segment, i, i + width, this.learn));
      i += width - 1;
    }
    if (wordStart >= 0) this.emit(this.vocabulary.idOf(segment, wordStart, segment.length, this.learn));
    if (inNumber) this.emit(NUMBER);
    this.emit(END);
  }

  private emit(token: number): void {
    if (token !== UNKNOWN) {
      if (!this.vocabulary.isLoneLetter(token)) this.keys.push(unigramKey(token));
      if (this.previous !== UNKNOWN) this.keys.push(bigramKey(this.previous, token));
    }
    this.previous = token;
  }
}

export interface NgramModel {
  readonly classCount: number;
  /** Log prior plus the log-likelihood per class of the text's distinct known n-grams. */
  logScores(normalized: string): Float64Array;
  /** The n-grams (readable, e.g. "打 卡") that most favour `classIndex` over the others, best first. */
  strongestFeatures(normalized: string, classIndex: number, limit: number): string[];
}

export function trainNgramModel(examples: readonly { normalized: string; classIndex: number }[], classCount: number, smoothing: number): NgramModel {
  const vocabulary = new TokenVocabulary();
  const learner = new NgramScanner(vocabulary, true);
  const featureIndex = new Map<number, number>();
  const featureKeys: number[] = [];
  const documentFeatures = examples.map(({ normalized }) => {
    const features = new Set<number>();
    for (const key of learner.scan(normalized)) {
      let index = featureIndex.get(key);
      if (index === undefined) {
        featureIndex.set(key, (index = featureKeys.length));
        featureKeys.push(key);
      }
      features.add(index);
    }
    return features;
  });

  const featureCount = featureKeys.length;
  // Row f holds log P(feature f | class c) at f * classCount + c.
  const logLikelihood = new Float64Array(featureCount * classCount);
  const totals = new Float64Array(classCount);
  const documents = new Float64Array(classCount);
  examples.forEach(({ classIndex }, i) => {
    documents[classIndex]! += 1;
    for (const feature of documentFeatures[i]!) {
      logLikelihood[feature * classCount + classIndex]! += 1;
      totals[classIndex]! += 1;
    }
  });
  for (let f = 0; f < featureCount; f++) {
    for (let c = 0; c < classCount; c++) {
      const cell = f * classCount + c;
      logLikelihood[cell] = Math.log((logLikelihood[cell]! + smoothing) / (totals[c]! + smoothing * featureCount));
    }
  }
  const logPrior = Float64Array.from(documents, (n) => Math.log((n + 1) / (examples.length + classCount)));

  // Dedupe per call without allocating a set: a feature counts once per stamp.
  const reader = new NgramScanner(vocabulary, false);
  const lastSeen = new Int32Array(featureCount);
  const distinct: number[] = [];
  let stamp = 0;
  /** The distinct known features of a text (a reused array, valid until the next call). */
  function knownFeatures(normalized: string): number[] {
    stamp = stamp === 0x7fffffff ? 1 : stamp + 1;
    if (stamp === 1) lastSeen.fill(0);
    distinct.length = 0;
    for (const key of reader.scan(normalized)) {
      const feature = featureIndex.get(key);
      if (feature === undefined || lastSeen[feature] === stamp) continue;
      lastSeen[feature] = stamp;
      distinct.push(feature);
    }
    return distinct;
  }

  function featureName(feature: number): string {
    const key = featureKeys[feature]!;
    const [first, second] = key < MAX_TOKENS ? [key, -1] : [(key >> TOKEN_BITS) - 1, key & (MAX_TOKENS - 1)];
    return second < 0 ? vocabulary.names[first]! : `${vocabulary.names[first]} ${vocabulary.names[second]}`;
  }

  return {
    classCount,
    logScores(normalized) {
      const scores = Float64Array.from(logPrior);
      for (const feature of knownFeatures(normalized)) {
        const row = feature * classCount;
        for (let c = 0; c < classCount; c++) scores[c]! += logLikelihood[row + c]!;
      }
      return scores;
    },
    strongestFeatures(normalized, classIndex, limit) {
      const margins: [string, number][] = [];
      for (const feature of knownFeatures(normalized)) {
        const row = feature * classCount;
        let others = 0;
        for (let c = 0; c < classCount; c++) if (c !== classIndex) others += logLikelihood[row + c]!;
        const margin = logLikelihood[row + classIndex]! - others / (classCount - 1);
        if (margin > 0) margins.push([featureName(feature), margin]);
      }
      margins.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return margins.slice(0, limit).map(([name]) => name);
    },
  };
}
