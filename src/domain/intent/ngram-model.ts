/**
 * A small multinomial naive Bayes over character n-grams, trained at module load from
 * training-data.ts. It backs up the lexicon on wordings the cue tables do not cover; it is
 * deterministic (no randomness, insertion-ordered maps) and trains in a few milliseconds.
 */

/** Characters that separate segments (punctuation, spaces) rather than carry meaning. */
const SEPARATOR = /[\s,.!?;:'"()[\]{}<>~`@$%^&*_=|\\/，。、！？；：「」『』（）【】《》…—-]+/u;
const ASCII_WORD = /^[a-z]+$/;
const DIGIT = /[0-9]/;
/** Chinese numerals that mostly act as counts ("三盒", "第五天"); 一 is too often a word part. */
const COUNT_NUMERALS = new Set(Array.from('二两三四五六七八九十几俩仨'));

/** A token is one CJK character or emoji, a run of ASCII letters, or '0' for any number. */
function tokenize(segment: string): string[] {
  const tokens: string[] = [];
  let word = '';
  let number = false;
  const flush = () => {
    if (word) tokens.push(word);
    if (number) tokens.push('0');
    word = '';
    number = false;
  };
  for (const char of segment) {
    if (char >= 'a' && char <= 'z') {
      if (number) flush();
      word += char;
    } else if (DIGIT.test(char) || COUNT_NUMERALS.has(char)) {
      if (word) flush();
      number = true;
    } else {
      flush();
      tokens.push(char);
    }
  }
  flush();
  return tokens;
}

/**
 * Distinct unigrams and bigrams of tokens, with segment boundary markers so that
 * "开头的词" and "结尾的吗" are features of their own. Input must be normalizeText() output.
 */
export function ngramFeatures(normalized: string): string[] {
  const features = new Set<string>();
  for (const segment of normalized.split(SEPARATOR)) {
    if (!segment) continue;
    const tokens = tokenize(segment);
    let previous = '^';
    for (const token of tokens) {
      features.add(token);
      features.add(`${previous} ${token}`);
      previous = token;
    }
    features.add(`${previous} $`);
  }
  // Stand-alone ASCII words are informative as a whole; single letters rarely are.
  for (const feature of features) if (ASCII_WORD.test(feature) && feature.length === 1) features.delete(feature);
  return [...features];
}

export interface NgramModel {
  readonly classCount: number;
  /** Log-likelihood per class of the features (unknown features ignored) plus the log prior. */
  logScores(features: readonly string[]): Float64Array;
  /** The features that most favour `classIndex` over the other classes, best first. */
  strongestFeatures(features: readonly string[], classIndex: number, limit: number): string[];
}

export function trainNgramModel(examples: readonly { features: readonly string[]; classIndex: number }[], classCount: number, smoothing: number): NgramModel {
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(classCount);
  const documents = new Float64Array(classCount);
  for (const { features, classIndex } of examples) {
    documents[classIndex]! += 1;
    for (const feature of features) {
      let row = counts.get(feature);
      if (!row) counts.set(feature, (row = new Float64Array(classCount)));
      row[classIndex]! += 1;
      totals[classIndex]! += 1;
    }
  }
  const vocabulary = counts.size;
  const logPrior = Float64Array.from(documents, (n) => Math.log((n + 1) / (examples.length + classCount)));
  const logLikelihood = new Map<string, Float64Array>();
  for (const [feature, row] of counts) {
    logLikelihood.set(feature, Float64Array.from(row, (n, c) => Math.log((n + smoothing) / (totals[c]! + smoothing * vocabulary))));
  }

  return {
    classCount,
    logScores(features) {
      const scores = Float64Array.from(logPrior);
      for (const feature of features) {
        const row = logLikelihood.get(feature);
        if (!row) continue;
        for (let c = 0; c < classCount; c++) scores[c]! += row[c]!;
      }
      return scores;
    },
    strongestFeatures(features, classIndex, limit) {
      const margins: [string, number][] = [];
      for (const feature of features) {
        const row = logLikelihood.get(feature);
        if (!row) continue;
        let othersMean = 0;
        for (let c = 0; c < classCount; c++) if (c !== classIndex) othersMean += row[c]! / (classCount - 1);
        const margin = row[classIndex]! - othersMean;
        if (margin > 0) margins.push([feature, margin]);
      }
      margins.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return margins.slice(0, limit).map(([feature]) => feature);
    },
  };
}
