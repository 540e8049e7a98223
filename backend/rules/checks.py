"""What a well-formed rule must say beyond its types, and errors that name file, field and value."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from backend.rules.schema import (
    CREDIT_POLICY,
    FIELD_CHOICES,
    FIGURES_ELSEWHERE,
    MEASURE_FACTS,
    Citation,
    Rule,
    RuleCatalogueError,
)

_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d+\s*[-—–]?\s*$", flags=re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    """PDF extraction put line breaks, spaces and page numbers ("- 10 -") inside sentences."""
    return _WHITESPACE.sub("", _PAGE_NUMBER.sub("", text))


def read_policy_sources(directory: Path) -> dict[str, str]:
    """Each policy text by file name, normalised so a quote can be looked up in it."""
    return {path.name: normalised(path.read_text("utf-8")) for path in directory.glob("*.txt")}


def field_message(exc: msgspec.ValidationError) -> str:
    """msgspec says "Invalid enum value 'dril' - at `$.qualifying.kinds[0]`": lead with the field."""
    text = str(exc)
    message, _, at = text.partition(" - at `$")
    path = at.rstrip("`").lstrip(".")
    unknown = re.fullmatch(r"Object contains unknown field `(.+)`", message)
    if unknown:
        return f"{_join(path, unknown[1])}: unknown field"
    missing = re.fullmatch(r"Object missing required field `(.+)`", message)
    if missing:
        return f"{_join(path, missing[1])}: required field is missing"
    bad_value = re.fullmatch(r"Invalid enum value (.+)", message)
    if bad_value:
        field = re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]
        known = FIELD_CHOICES.get(field)
        listed = f" (known: {', '.join(known)})" if known else ""
        return f"{path}: unknown value {bad_value[1]}{listed}"
    return f"{path}: {message}" if path else message


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def check_citations(
    origin: str,
    citations: tuple[Citation, ...],
    sources: dict[str, str],
    field: str = "citations",
    measure: str = "",
) -> None:
    """At least one citation, each of a known source file, quoting a sentence found in it.

    A `cme_credits` rule (`measure`) may cite CREDIT_POLICY instead, with no clause or quote:
    the credit policy in force says them (seeds/credits/)."""
    if not citations:
        raise RuleCatalogueError(f"{origin}: {field}: at least one citation is required")
    for index, citation in enumerate(citations):
        where = f"{origin}: {field}[{index}]"
        if citation.source == CREDIT_POLICY:
            _check_credit_policy_citation(where, citation, measure)
            continue
        if citation.source not in sources:
            raise RuleCatalogueError(
                f"{where}.source: unknown policy source {citation.source!r}"
                f" (known: {', '.join(sorted(sources))})"
            )
        if not citation.clause.strip():
            raise RuleCatalogueError(f"{where}.clause: must name the clause")
        quote = normalised(citation.quote)
        if not quote:
            raise RuleCatalogueError(f"{where}.quote: must quote the source")
        if quote not in sources[citation.source]:
            raise RuleCatalogueError(
                f"{where}.quote: not found in {citation.source}: {citation.quote!r}"
            )


def _check_credit_policy_citation(where: str, citation: Citation, measure: str) -> None:
    if measure != "cme_credits":
        raise RuleCatalogueError(
            f"{where}.source: {CREDIT_POLICY!r} may be cited only by a rule measuring"
            " 'cme_credits'; cite a file of seeds/policy-sources/"
        )
    if citation.clause or citation.quote:
        raise RuleCatalogueError(
            f"{where}: a {CREDIT_POLICY!r} citation names no clause or quote:"
            " they come from the credit policy in force (seeds/credits/)"
        )


def check_rule(origin: str, rule: Rule) -> None:
    """The fields of a rule agree with each other; raises naming every field that does not."""
    problems = [f"{origin}: {problem}" for problem in _rule_problems(rule)]
    if problems:
        raise RuleCatalogueError("\n".join(problems))


def _rule_problems(rule: Rule):
    needed = MEASURE_FACTS[rule.measure]
    if needed not in rule.facts:
        yield f"facts: measure {rule.measure!r} needs {needed!r} among the facts"
    if rule.measure == "held_activities" and not rule.qualifying.kinds:
        yield "qualifying.kinds: name at least one activity kind"
    yield from _required_problems(rule)
    attendance = rule.attendance
    if (attendance.required_roles or attendance.required_department_kinds) and (
        "attendance" not in rule.facts
    ):
        yield "facts: a rule with attendance requirements needs 'attendance' among the facts"
    if rule.subject == "staff_member" and rule.part_period is None:
        yield "part_period: a staff rule must say how part-period staff are counted"
    if rule.subject != "staff_member" and rule.part_period is not None:
        yield f"part_period: only staff rules have one (subject is {rule.subject!r})"
    if rule.part_period is not None and rule.part_period.min_active_days < 0:
        yield "part_period.min_active_days: must be 0 or more"
    if rule.effective_to is not None and rule.effective_to < rule.effective_from:
        yield f"effective_to: {rule.effective_to} is before effective_from {rule.effective_from}"
    yield from _parameter_problems(rule)
    yield from _credit_problems(rule)


def _required_problems(rule: Rule):
    if rule.measure in FIGURES_ELSEWHERE:
        if rule.required:
            yield (
                f"required: a {rule.measure!r} rule takes its figures from"
                f" {FIGURES_ELSEWHERE[rule.measure]}; do not repeat them here"
            )
    elif not rule.required:
        yield "required: required field is missing"
    elif rule.measure == "share_of_institutions_inspected":
        if not 0 < rule.required <= 1:
            yield f"required: a share must be more than 0 and at most 1, not {rule.required}"
    elif rule.required <= 0 or rule.required != int(rule.required):
        yield f"required: must be a whole number more than 0, not {rule.required}"


def _credit_problems(rule: Rule):
    """The credit policy decides what earns credits, how many and for which year."""
    if rule.measure != "cme_credits":
        return
    if rule.subject != "staff_member":
        yield "subject: measure 'cme_credits' judges staff members"
    if rule.period != "year":
        yield "period: measure 'cme_credits' judges whole years (the credit policy's year)"
    if rule.qualifying.kinds:
        yield "qualifying: a 'cme_credits' rule names none: the credit policy says what counts"
    if not any(c.source == CREDIT_POLICY for c in rule.citations):
        yield f"citations: a 'cme_credits' rule cites the credit policy (source = {CREDIT_POLICY!r})"


def _parameter_problems(rule: Rule):
    parameters = rule.parameters
    if rule.measure == "drill_metric_max":
        if parameters.metric is None:
            yield "parameters.metric: measure 'drill_metric_max' needs the drill metric"
        if parameters.max_value is None or parameters.max_value <= 0:
            yield "parameters.max_value: measure 'drill_metric_max' needs a limit above 0"
    if rule.measure == "paired_support_clinic_days":
        low, high = parameters.roster_min_size, parameters.roster_max_size
        if low is None or low < 1:
            yield "parameters.roster_min_size: a rotation's roster needs a minimum size of 1 or more"
        elif high is not None and high < low:
            yield f"parameters.roster_max_size: {high} is below roster_min_size {low}"
