"""Dialogue capability: the mayor's citizen dialogues, from what was said to what was done."""

from __future__ import annotations

from bitgoeul.core.registry import Capability

MANIFEST = Capability(
    name="dialogue",
    order=70,
    models="bitgoeul.dialogue.models",
    pages="bitgoeul.dialogue.web:router",
    api="bitgoeul.dialogue.api:router",
    cli="bitgoeul.dialogue.cli:app",
    demo="bitgoeul.dialogue.demo_loader:load_demo",
    exports={
        "dialogue_sessions": "bitgoeul.dialogue.models:DialogueSession",
        "dialogue_sources": "bitgoeul.dialogue.models:DialogueSource",
        "dialogue_participants": "bitgoeul.dialogue.models:DialogueParticipant",
        "dialogue_voices": "bitgoeul.dialogue.models:DialogueVoice",
        "dialogue_voice_themes": "bitgoeul.dialogue.models:DialogueVoiceTheme",
        "dialogue_themes": "bitgoeul.dialogue.models:DialogueTheme",
        "dialogue_actions": "bitgoeul.dialogue.models:DialogueAction",
        "dialogue_answers": "bitgoeul.dialogue.models:DialogueAnswer",
        "dialogue_action_links": "bitgoeul.dialogue.models:DialogueActionLink",
        "dialogue_action_sources": "bitgoeul.dialogue.models:DialogueActionSource",
    },
    nav=(("/dialogue", "dialogue.nav.overview"),),
    search_kinds="bitgoeul.dialogue.search_kinds:register",
    indicators="bitgoeul.dialogue.indicators:indicators",
)
