"""The stored last personal contact and due time stay exact under any sequence of timeline changes."""

import datetime

import pytest
from django.db.models import Max
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from draht.customers.models import Customer
from draht.customers.services import snooze as snooze_customer
from draht.timeline.cadence import compute_due
from draht.timeline.choices import Channel, Outcome
from draht.timeline.models import Interaction
from draht.timeline.rules import can_be_personal
from draht.timeline.services import delete_interaction, log_interaction, update_interaction

from .conftest import make_customer

BASE = datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
offsets = st.integers(min_value=-2000, max_value=400)  # days around BASE
kinds = st.sampled_from([
    (Channel.PHONE, Outcome.REACHED, True), (Channel.PHONE, Outcome.NOT_REACHED, False),
    (Channel.EMAIL, "", True), (Channel.EMAIL, "", False), (Channel.ONSITE_MEETING, "", True),
    (Channel.NEWSLETTER, "", False), (Channel.NOTE, "", False),
])


def expected_last(customer_id):
    return Interaction.objects.filter(customer_id=customer_id, is_personal=True).aggregate(m=Max("occurred_at"))["m"]


class TimelineMachine(RuleBasedStateMachine):
    owner = None

    @initialize(cadence=st.integers(min_value=1, max_value=730), snooze=st.none() | offsets)
    def create_customer(self, cadence, snooze):
        self.customer = make_customer(self.owner, name="Prop Test GmbH", cadence_days=cadence)
        if snooze is not None:
            snooze_customer(self.customer, user=self.owner, until=(BASE + datetime.timedelta(snooze)).date(),
                            reason="property test")
        self.ids = []

    @rule(kind=kinds, offset=offsets)
    def insert(self, kind, offset):
        channel, outcome, personal = kind
        interaction = log_interaction(self.customer, user=self.owner, channel=channel, outcome=outcome,
                                      is_personal=personal, occurred_at=BASE + datetime.timedelta(days=offset))
        self.ids.append(interaction.pk)

    @rule(data=st.data(), offset=offsets)
    def move(self, data, offset):
        if not self.ids:
            return
        interaction = Interaction.objects.get(pk=data.draw(st.sampled_from(self.ids)))
        update_interaction(interaction, user=self.owner, version=interaction.version,
                           occurred_at=BASE + datetime.timedelta(days=offset))

    @rule(data=st.data())
    def toggle_personal(self, data):
        if not self.ids:
            return
        interaction = Interaction.objects.get(pk=data.draw(st.sampled_from(self.ids)))
        if not interaction.is_personal and not can_be_personal(interaction.channel, interaction.outcome, False):
            return
        update_interaction(interaction, user=self.owner, version=interaction.version,
                           is_personal=not interaction.is_personal)

    @rule(data=st.data())
    def delete(self, data):
        if not self.ids:
            return
        pk = data.draw(st.sampled_from(self.ids))
        delete_interaction(Interaction.objects.get(pk=pk), user=self.owner)
        self.ids.remove(pk)

    @invariant()
    def stored_values_are_exact(self):
        if not hasattr(self, "customer"):
            return
        customer = Customer.objects.get(pk=self.customer.pk)
        last = expected_last(customer.pk)
        assert customer.last_personal_contact_at == last
        contact_due, due = compute_due(last, customer.cadence_days, customer.created_at, customer.snoozed_until)
        assert customer.contact_due_at == contact_due
        assert customer.due_at == due


@pytest.mark.django_db
def test_last_personal_contact_stays_exact_under_random_changes(cast):
    TimelineMachine.owner = cast.alice
    run_state_machine_as_test(TimelineMachine, settings=settings(
        max_examples=40, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)))


def test_compute_due_for_a_customer_never_contacted_is_the_creation_time():
    created = timezone.now()
    assert compute_due(None, 365, created, None) == (None, created)


def test_compute_due_adds_the_cadence_to_the_last_contact():
    last = BASE
    assert compute_due(last, 30, BASE, None) == (BASE + datetime.timedelta(days=30),) * 2


def test_snooze_moves_the_due_time_but_not_the_coverage_basis():
    contact_due, due = compute_due(BASE, 1, BASE, datetime.date(2026, 3, 1))
    assert contact_due == BASE + datetime.timedelta(days=1)
    assert due.date() == datetime.date(2026, 3, 1)


def test_changing_the_cadence_recomputes_the_due_time(cast):
    from draht.customers.services import update_customer

    customer = make_customer(cast.alice)
    log_interaction(customer, user=cast.alice, channel=Channel.PHONE, outcome=Outcome.REACHED, is_personal=True,
                    occurred_at=BASE)
    customer.refresh_from_db()
    update_customer(customer, user=cast.alice, version=customer.version, cadence_days=10)
    customer.refresh_from_db()
    assert customer.due_at == BASE + datetime.timedelta(days=10)
