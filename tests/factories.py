"""Small deterministic factories for tests: sensible defaults, every field overridable.

The reference lists (parties, categories, jurisdictions) come from the project's own data, so
tests speak of real slugs: ``make_provision(bill, category="warrant", parties=["law-enforcement"])``.
"""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from bills.editors import ensure_editors_group
from bills.models import (
    Action,
    Bill,
    Category,
    Confidence,
    Coverage,
    Definition,
    DefinitionSource,
    Effect,
    Jurisdiction,
    Party,
    Provision,
    RelatedBill,
    Source,
    Sponsor,
    Status,
    Subscription,
)

_numbers = itertools.count(1)


def make_bill(jurisdiction: str | Jurisdiction = "washington", **overrides) -> Bill:
    """A published, enacted bill in Washington, read in full (complete coverage) unless told otherwise.

    Numbered SB 1, SB 2, …
    """
    number = next(_numbers)
    if isinstance(jurisdiction, str):
        jurisdiction = Jurisdiction.objects.get(slug=jurisdiction)
    values = {
        "identifier": f"SB {number}",
        "slug": f"test-sb-{number}",
        "title": f"An act concerning facial recognition, number {number}",
        "session": "2020 Regular Session",
        "status": Status.ENACTED,
        "introduced": datetime.date(2020, 1, 14),
        "status_date": datetime.date(2020, 3, 31),
        "plain_summary": f"Bill {number} sets rules for face recognition.",
        "coverage": Coverage.COMPLETE,
        "is_published": True,
    }
    values.update(overrides)
    return Bill.objects.create(jurisdiction=jurisdiction, **values)


def make_provision(
    bill: Bill,
    category: str = "warrant",
    effect: str = Effect.REQUIRES,
    parties: tuple[str, ...] | list[str] = ("law-enforcement",),
    **overrides,
) -> Provision:
    """A published, high-confidence provision of ``bill`` in ``category``, governing ``parties``."""
    values = {
        "plain": f"{bill.identifier}: {category} rule.",
        "section": "Sec. 1",
        "confidence": Confidence.HIGH,
        "is_published": True,
    }
    values.update(overrides)
    provision = Provision.objects.create(
        bill=bill, category=Category.objects.get(slug=category), effect=effect, **values
    )
    provision.parties.set(Party.objects.filter(slug__in=parties))
    return provision


def make_sponsor(bill: Bill, name: str = "Sen. Ada Example", **overrides) -> Sponsor:
    return Sponsor.objects.create(bill=bill, name=name, **{"affiliation": "D", **overrides})


def make_action(bill: Bill, date: datetime.date, description: str = "Introduced", **overrides) -> Action:
    return Action.objects.create(
        bill=bill, date=date, description=description, **{"actor": "Senate", **overrides}
    )


def make_source(
    bill: Bill, label: str = "Bill text", url: str = "https://example.org/bill", **overrides
) -> Source:
    return Source.objects.create(bill=bill, label=label, url=url, **overrides)


def make_related(
    bill: Bill, other: Bill | None, relation: str, identifier: str = "", **overrides
) -> RelatedBill:
    identifier = identifier or (other.identifier if other else "HB 1")
    return RelatedBill.objects.create(
        bill=bill, other_bill=other, relation=relation, identifier=identifier, **overrides
    )


def make_definition(
    bill: Bill, term: str = "Facial recognition service", *, includes=(), excludes=(), **overrides
) -> Definition:
    """A high-confidence definition; ``includes`` and ``excludes`` are lists of phrases."""
    values = {
        "section": "RCW 43.386.010(3)",
        "plain": "Technology that studies faces to find out who people are.",
        "confidence": Confidence.HIGH,
        "includes": "\n".join(includes),
        "excludes": "\n".join(excludes),
        **overrides,
    }
    return Definition.objects.create(bill=bill, term=term, **values)


def make_definition_source(
    bill: Bill, label: str = "Statute text", url: str = "https://example.org/definitions", **overrides
) -> DefinitionSource:
    return DefinitionSource.objects.create(bill=bill, label=label, url=url, **overrides)


def make_subscription(
    target, email: str = "reader@example.org", *, confirmed: bool = True, **overrides
) -> Subscription:
    """``email`` following a bill, category or jurisdiction weekly; confirmed now unless told otherwise."""
    number = next(_numbers)
    now = timezone.now()
    values = {
        "frequency": "weekly",
        "confirm_token": f"confirm-token-{number:04d}-for-tests",
        "unsubscribe_token": f"stop-token-{number:04d}-for-tests",
        "requested_at": now,
        "confirmed_at": now if confirmed else None,
        "sent_until": now if confirmed else None,
        **overrides,
    }
    return Subscription.objects.create(email=email, **{Subscription.field_for(target): target}, **values)


def make_editor(username: str = "edna", password: str = "correct-horse-battery") -> User:
    """Edna the editor: staff, in the Editors group, not a superuser."""
    user = User.objects.create_user(username, f"{username}@example.org", password, is_staff=True)
    # ensure_: a transactional test flushes the group that the migration made.
    user.groups.add(ensure_editors_group(Group, Permission))
    return user


def make_admin(username: str = "ada", password: str = "correct-horse-battery") -> User:
    """Ada the site administrator: a superuser."""
    return User.objects.create_superuser(username, f"{username}@example.org", password)


def admin_form_data(response) -> dict[str, str | list[str]]:
    """The POST data an admin add/change page would send back untouched: its form and every inline.

    Tests change one or two values and post the rest as a browser would, so a new field or inline
    never needs the tests rewritten.
    """
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict[str, str | list[str]] = {}
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data


def new_bill_data(client, place: str = "washington", **overrides) -> dict:
    """The admin add form for a new bill (SB 6280 in ``place`` unless told otherwise), filled in."""
    data = admin_form_data(client.get(reverse("admin:bills_bill_add")))
    data.update(
        jurisdiction=str(Jurisdiction.objects.get(slug=place).pk),
        identifier="SB 6280",
        slug="wa-sb-6280-2020-again",
        title="Concerning the use of facial recognition services",
        session="2020 Regular Session",
        status="enacted",
        introduced="2020-01-14",
        status_date="2020-03-31",
        plain_summary="Sets rules for agencies that use face recognition.",
    )
    data.update(overrides)
    return data
