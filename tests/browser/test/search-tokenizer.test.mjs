// The browser tokenizer (themes/default/assets/search.js) gives exactly the
// tokens of the Rust one (src/search/tokenizer.rs) on the shared vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { tokenize, stem } = require('../../../themes/default/assets/search.js');
const vectors = JSON.parse(readFileSync(new URL('../../search-vectors.json', import.meta.url), 'utf8'));

test('at least 30 shared vectors', () => {
  assert.ok(vectors.length >= 30, `only ${vectors.length}`);
});

for (const { text, tokens } of vectors) {
  test(`tokenize ${JSON.stringify(text)}`, () => {
    assert.deepEqual(tokenize(text), tokens);
  });
}

test('Porter stemmer cases of elasticlunr-rs', () => {
  const cases = {
    activate: 'activ', adjustable: 'adjust', adoption: 'adopt', airliner: 'airlin', allowance: 'allow',
    analogousli: 'analog', angulariti: 'angular', bleeding: 'bleed', bowdlerize: 'bowdler', by: 'by',
    callousness: 'callous', caresses: 'caress', communism: 'commun', conditional: 'condit',
    conformabli: 'conform', consistency: 'consist', consolatory: 'consolatori', conspiracy: 'conspiraci',
    conspicuously: 'conspicu', consolidating: 'consolid', leeshyy: 'leeshyi', hopping: 'hop', filing: 'file',
  };
  for (const [word, expected] of Object.entries(cases)) assert.equal(stem(word), expected, word);
});
