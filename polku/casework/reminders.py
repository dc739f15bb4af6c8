"""The daily reminder job (`manage.py reminders`): what is coming or late on each open client
relationship becomes a reminder for its responsible and pair worker. Run it once a day
(docs/deploy.md); running it again the same day, or any day, makes nothing twice."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F

from polku.casework.aftercare import aftercare_ends_on, reminder_from
from polku.casework.models import ClientRelationship, RelationshipKind, Reminder, ReminderKind

# A plan evaluation is brought up two weeks before its date, and stays until marked done.
EVALUATION_LEAD_DAYS = 14


def _for_workers(
    relationship: ClientRelationship, kind: str, due_on: date, about: int, step_id: int | None = None
) -> Iterator[Reminder]:
    for worker_id in (relationship.responsible_worker_id, relationship.pair_worker_id):
        if worker_id is not None:
            yield Reminder(
                organisation_id=relationship.organisation_id,
                worker_id=worker_id,
                client_id=relationship.client_id,
                relationship=relationship,
                kind=kind,
                due_on=due_on,
                step_id=step_id,
                key=f"{kind}:{about}:{due_on.isoformat()}",
            )


def _aftercare_ending(today: date) -> Iterator[Reminder]:
    for relationship in ClientRelationship.objects.filter(
        closed_at__isnull=True, kind=RelationshipKind.AFTERCARE, client__birth_date__isnull=False
    ).select_related("client"):
        born = relationship.client.birth_date
        if born is not None and reminder_from(born) <= today:
            yield from _for_workers(
                relationship, ReminderKind.AFTERCARE_ENDING, aftercare_ends_on(born), relationship.pk
            )


def _evaluations_due(today: date) -> Iterator[Reminder]:
    from polku.plans.models import PlanStatus, PlanVersion

    # The latest version of each plan of an open relationship, when it is agreed: a newer
    # draft means the evaluation is already under way.
    versions = (
        PlanVersion.objects.filter(
            plan__relationship__closed_at__isnull=True,
            status=PlanStatus.AGREED,
            next_review_on__lte=today + timedelta(days=EVALUATION_LEAD_DAYS),
        )
        .exclude(plan__versions__number__gt=F("number"))
        .select_related("plan__relationship")
    )
    for version in versions:
        if version.next_review_on is None:  # excluded by the query; for the type checker
            continue
        yield from _for_workers(
            version.plan.relationship, ReminderKind.PLAN_EVALUATION_DUE, version.next_review_on, version.pk
        )


def _steps_overdue(today: date) -> Iterator[Reminder]:
    from polku.plans.models import Step

    steps = (
        Step.objects.filter(
            done=False, due_on__lt=today, goal__plan_version__plan__relationship__closed_at__isnull=True
        )
        .exclude(goal__plan_version__plan__versions__number__gt=F("goal__plan_version__number"))
        .select_related("goal__plan_version__plan__relationship")
    )
    for step in steps:
        if step.due_on is None:  # excluded by the query; for the type checker
            continue
        relationship = step.goal.plan_version.plan.relationship
        yield from _for_workers(relationship, ReminderKind.STEP_OVERDUE, step.due_on, step.pk, step.pk)


@transaction.atomic
def reminders_make(*, today: date) -> int:
    """Makes the reminders due on `today`; returns how many were new."""
    before = Reminder.objects.count()
    for source in (_aftercare_ending, _evaluations_due, _steps_overdue):
        Reminder.objects.bulk_create(list(source(today)), ignore_conflicts=True, batch_size=500)
    return Reminder.objects.count() - before
