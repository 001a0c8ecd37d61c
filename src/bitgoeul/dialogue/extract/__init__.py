"""Pure extraction core: a Korean news article about a dialogue session -> a draft session.

Plain data in (str or bytes, text or saved HTML), plain data out; imports nothing from the platform.
"""

from bitgoeul.dialogue.extract.draft import extract_draft, read_article, to_contract_dict, to_dict
from bitgoeul.dialogue.extract.kinds import KINDS, classify_kind
from bitgoeul.dialogue.extract.model import ArticleError, DraftSession, Participant, SessionInfo, Voice
from bitgoeul.dialogue.extract.source import MAX_BYTES
from bitgoeul.dialogue.extract.themes import DEFAULT_THEMES, Theme, classify_themes, theme_by_code

__all__ = [
    "DEFAULT_THEMES",
    "KINDS",
    "MAX_BYTES",
    "ArticleError",
    "DraftSession",
    "Participant",
    "SessionInfo",
    "Theme",
    "Voice",
    "classify_kind",
    "classify_themes",
    "extract_draft",
    "read_article",
    "theme_by_code",
    "to_contract_dict",
    "to_dict",
]
