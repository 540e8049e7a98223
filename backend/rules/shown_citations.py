"""Citations as people read them: a policy text's file name becomes its document's title and 文号
(seeds/policy-sources/documents.toml); the reserved `credit-policy` source becomes the credit
policy in force in the year judged (seeds/credits/): its title, clause and quote, the quote marked
when nobody has checked it against the original text."""

from __future__ import annotations

from backend.credits.policy import CreditPolicy, default_policies, policy_for_year
from backend.rules.policy_documents import default_titles
from backend.rules.schema import CREDIT_POLICY, Citation

UNVERIFIED_MARK = (
    "（转引，未与原文核对 · quoted from secondary sources, not checked against the original）"
)


def shown_citations(citations: tuple[Citation, ...], year: int) -> tuple[Citation, ...]:
    """Each citation as the pages, reasons and reports show it for a year's judgement."""
    titles = default_titles()
    policy = _policy_of(year) if any(c.source == CREDIT_POLICY for c in citations) else None
    return tuple(
        policy_citation(policy)
        if policy is not None and c.source == CREDIT_POLICY
        else Citation(source=titles.get(c.source, c.source), clause=c.clause, quote=c.quote)
        for c in citations
    )


def policy_citation(policy: CreditPolicy) -> Citation:
    source = policy.source
    quote = source.quote if source.quote_verified else f"{source.quote}{UNVERIFIED_MARK}"
    return Citation(source=source.title, clause=source.clause, quote=quote)


def _policy_of(year: int) -> CreditPolicy:
    """The version in force that year; before the first one, the first one (what the rule cites
    even where it is not yet in force)."""
    policies = list(default_policies())
    return policy_for_year(policies, year) or policies[0]
