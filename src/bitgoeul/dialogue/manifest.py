"""Dialogue capability: the mayor's citizen dialogues, from what was said to what was done."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _exports() -> dict[str, Any]:
    from bitgoeul.dialogue import models as m

    # Supports are left out: who supported what is personal; the lists export the counts.
    return {"dialogue_sessions": m.DialogueSession, "dialogue_sources": m.DialogueSource,
            "dialogue_participants": m.DialogueParticipant, "dialogue_voices": m.DialogueVoice,
            "dialogue_voice_themes": m.DialogueVoiceTheme, "dialogue_themes": m.DialogueTheme,
            "dialogue_actions": m.DialogueAction, "dialogue_answers": m.DialogueAnswer,
            "dialogue_action_links": m.DialogueActionLink, "dialogue_action_sources": m.DialogueActionSource}


MANIFEST = Capability(
    name="dialogue",
    order=70,
    models="bitgoeul.dialogue.models",
    exports=_exports,
)
