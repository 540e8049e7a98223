from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.params import QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.core.clock import today_in_shanghai
from backend.core.errors import NotFound
from backend.rules.catalogue import Profile, Rule, default_catalogue
from backend.rules.shown_citations import shown_citations


class ProfileName(msgspec.Struct):
    """A profile as pages name it: its id is for links and filters, never shown."""

    id: str
    name_zh: str
    name_en: str


class RuleOut(msgspec.Struct):
    rule: Rule
    profiles: list[str]  # the profiles this rule is in force under (after overrides)
    profile_names: list[ProfileName]  # the same, by the names pages show


def rule_out(rule: Rule, profiles: list[str], year: int) -> RuleOut:
    """The rule with its citations as people read them (documents by title, the credit policy
    in force this year) and its profiles by name."""
    shown = msgspec.structs.replace(rule, citations=shown_citations(rule.citations, year))
    known = default_catalogue().profiles
    names = [ProfileName(p, known[p].name_zh, known[p].name_en) for p in profiles]
    return RuleOut(shown, profiles, names)


class ProfileOut(msgspec.Struct):
    profile: Profile
    rule_ids: list[str]


class RuleController(Controller):
    tags = ["rules"]

    @get("/api/rules")
    async def rules(
        self,
        viewer: CurrentViewer,
        profile: Annotated[
            str | None, QueryParameter(description="rules in force under this profile")
        ] = None,
    ) -> list[RuleOut]:
        catalogue = default_catalogue()
        if profile is not None and profile not in catalogue.profiles:
            raise NotFound("unknown_profile", id=profile)
        under = {p: {r.id: r for r in catalogue.rules_of(p)} for p in catalogue.profiles}
        year = today_in_shanghai().year
        if profile is not None:
            return [rule_out(rule, [profile], year) for rule in under[profile].values()]
        return [
            rule_out(rule, [p for p in sorted(under) if rule.id in under[p]], year)
            for rule in catalogue.rules.values()
        ]

    @get("/api/profiles")
    async def profiles(self, viewer: CurrentViewer) -> list[ProfileOut]:
        catalogue = default_catalogue()
        return [
            ProfileOut(profile, [r.id for r in catalogue.rules_of(profile.id)])
            for profile in catalogue.profiles.values()
        ]
