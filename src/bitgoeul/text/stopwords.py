"""Stopwords dropped from index terms: words that occur everywhere and carry no topic."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Korean content morphemes that Kiwi tags as nouns or verb stems but that say nothing
# about a topic (light verbs, generic nouns). Kept short on purpose: BM25's idf already
# discounts frequent words, this list only removes the ones that add noise to explanations.
KOREAN_STOPWORDS = _words("하 되 있 없 않 같 이 그 저 것 수 등 및 때 중 더 또 위 통하 대하 관하 따르 의하 말 경우")

# A compact English function-word list written for this project.
ENGLISH_STOPWORDS = _words(
    """
    a an the and or but if then else of to in on at by for with from into onto over under
    about as is are was were be been being am do does did doing have has had having
    this that these those it its it's they them their there here we our us you your he she
    his her i me my not no nor so than too very can could would should will shall may might
    must also just only such each any all both few more most other some own same what which
    who whom whose when where why how via per up down out off again further once
    """
)

STOPWORDS: frozenset[str] = KOREAN_STOPWORDS | ENGLISH_STOPWORDS
