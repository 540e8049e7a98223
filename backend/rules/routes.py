from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.params import QueryParameter

from backend.auth.dependencies import CurrentViewer
from backend.core.errors import NotFound
from backend.rules.catalogue import Profile, Rule, default_catalogue


class RuleOut(msgspec.Struct):
    rule: Rule
    profiles: list[str]  # the profiles this rule is in force under (after overrides)


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
        if profile is not None:
            return [RuleOut(rule, [profile]) for rule in under[profile].values()]
        return [
            RuleOut(rule, [p for p in sorted(under) if rule.id in under[p]])
            for rule in catalogue.rules.values()
        ]

    @get("/api/profiles")
    async def profiles(self, viewer: CurrentViewer) -> list[ProfileOut]:
        catalogue = default_catalogue()
        return [
            ProfileOut(profile, [r.id for r in catalogue.rules_of(profile.id)])
            for profile in catalogue.profiles.values()
        ]
