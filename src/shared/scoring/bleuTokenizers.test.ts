import { describe, expect, it } from 'vitest';
import { tokenize13a, tokenizeChar, tokenizeIntl, tokenizeZh } from './bleuTokenizers';
import { pyRstrip, pySplit, pyStrip } from './pythonText';

describe('13a (mteval-v13a)', () => {
  it('splits punctuation but keeps apostrophes, hyphens and numbers whole', () => {
    expect(tokenize13a('Hello, world!')).toBe('Hello , world !');
    expect(tokenize13a("It's a state-of-the-art 1,000.5 km-long road, isn't it?")).toBe(
      "It's a state-of-the-art 1,000.5 km-long road , isn't it ?",
    );
    expect(tokenize13a('pages 5-7')).toBe('pages 5 - 7');
  });

  it('splits a sentence-final period after a digit, thanks to its padding spaces', () => {
    expect(tokenize13a('In 2019.')).toBe('In 2019 .');
  });

  it('unescapes the four SGML entities and drops <skipped>', () => {
    expect(tokenize13a('&quot;hi&quot; &amp; &lt;b&gt; <skipped>')).toBe('" hi " & < b >');
  });
});

describe('zh', () => {
  it('makes every Chinese character a token and 13a-tokenises the rest', () => {
    expect(tokenizeZh('我爱北京天安门。')).toBe('我 爱 北 京 天 安 门 。');
    expect(tokenizeZh('Hello世界, ok')).toBe('Hello 世 界 , ok');
  });

  it('keeps the upstream range quirk: U+2001–U+2A6D split off, CJK Extension B not', () => {
    // sacrebleu writes u'\u20000' (= "\u2000" + "0"), so curly quotes and dashes count as Chinese…
    expect(tokenizeZh('a\u201Cb\u201Dc—d')).toBe('a \u201C b \u201D c — d');
    // …while U+20000 (𠀀), meant to be covered, is not.
    expect(tokenizeZh('a\u{20000}b')).toBe('a\u{20000}b');
  });

  it('does not pad like 13a, so a final period after a digit stays attached', () => {
    expect(tokenizeZh('第3.')).toBe('第 3.');
  });
});

describe('intl (mteval-v14)', () => {
  it('splits Unicode punctuation and symbols except between digits', () => {
    expect(tokenizeIntl("It wasn't €5,000.50, ok!")).toBe("It wasn ' t € 5,000.50 , ok !");
    expect(tokenizeIntl('«Bonjour», dit-il.')).toBe('« Bonjour » , dit - il .');
  });

  it('keeps mteval-v14’s known quirk: punctuation after a digit at the very end stays attached', () => {
    expect(tokenizeIntl('in 2019.')).toBe('in 2019.');
    expect(tokenizeIntl('costs 5!')).toBe('costs 5!');
  });
});

describe('char', () => {
  it('makes every non-space code point a token, astral characters included', () => {
    expect(tokenizeChar('ab c')).toBe('a b c');
    expect(tokenizeChar('我们\u{20000}')).toBe('我 们 \u{20000}');
  });
});

describe('Python whitespace', () => {
  it('splits where Python str.split() does, not where JavaScript \\s does', () => {
    expect(pySplit('a\x1cb\x85c')).toEqual(['a', 'b', 'c']); // separators and NEL are Python whitespace
    expect(pySplit('a\uFEFFb')).toEqual(['a\uFEFFb']); // the BOM is not
  });

  it('strips what Python str.strip() and str.rstrip() strip', () => {
    expect(pyStrip('\u3000\x85 a b\t\x1f')).toBe('a b');
    expect(pyRstrip(' a\u2028\n')).toBe(' a');
    expect(pyRstrip('\n')).toBe('');
    expect(pyStrip('\uFEFFa\uFEFF')).toBe('\uFEFFa\uFEFF');
    expect(pyStrip(' \t ')).toBe('');
  });
});
