"""Korean and English text analysis (Kiwi morphemes, sentences, user words, glossary)."""

from bitgoeul.text.analyse import (
    add_user_words,
    clear_analysis_cache,
    dictionary_version,
    index_terms,
    index_terms_many,
    kiwi,
    split_sentences,
)
from bitgoeul.text.glossary import DEFAULT_PAIRS, Expansion, Glossary, default_glossary

__all__ = [
    "DEFAULT_PAIRS",
    "Expansion",
    "Glossary",
    "add_user_words",
    "clear_analysis_cache",
    "default_glossary",
    "dictionary_version",
    "index_terms",
    "index_terms_many",
    "kiwi",
    "split_sentences",
]
