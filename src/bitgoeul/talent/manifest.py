"""Talent capability: profiles, jobs, two-sided matching, applications, alerts and the hiring figures."""

from __future__ import annotations

from bitgoeul.core.registry import SESSION_HOOKS, Capability
from bitgoeul.matching.manifest import USER_WORDS_ACTIVATED

# Called with (session, job) when a job becomes visible (talent/service.py).
JOB_PUBLISHED = "talent.job_published"

MANIFEST = Capability(
    name="talent",
    order=50,
    models="bitgoeul.talent.models",
    pages="bitgoeul.talent.web:router",
    api="bitgoeul.talent.api:router",
    cli="bitgoeul.talent.cli:app",
    demo="bitgoeul.talent.demo_loader:load_demo",
    exports={
        "talent_jobs": "bitgoeul.talent.models:Job",
        "talent_profiles": "bitgoeul.talent.models:TalentProfile",
        "talent_applications": "bitgoeul.talent.models:Application",
        "talent_application_events": "bitgoeul.talent.models:ApplicationEvent",
    },
    nav=(("/talent/jobs", "talent.nav.jobs"), ("/talent/me", "talent.nav.me")),
    search_kinds="bitgoeul.talent.search_kinds:register",
    indicators="bitgoeul.talent.indicators:indicators",
    hooks={
        SESSION_HOOKS: ("bitgoeul.talent.match_store:SESSION_HOOKS",),  # keep the match cards current
        JOB_PUBLISHED: ("bitgoeul.talent.alerts:on_job_published",),  # alert the people it suits
        USER_WORDS_ACTIVATED: ("bitgoeul.talent.match_store:reanalyse_containing",),  # re-cut the cards
    },
)
