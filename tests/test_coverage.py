import datetime

from draht.cadence.charts import line_chart
from draht.cadence.coverage import coverage_share, record_snapshot
from draht.cadence.models import CoverageSnapshot
from draht.timeline.services import log_interaction

from .conftest import api_for, client_for, days_ago, make_customer


def contacted(customer, user, days):
    log_interaction(customer, user=user, channel="onsite_meeting", is_personal=True, occurred_at=days_ago(days))


def test_coverage_counts_customers_contacted_within_their_cadence(cast):
    a = make_customer(cast.alice, name="A", cadence_days=30)
    contacted(a, cast.alice, 10)
    b = make_customer(cast.alice, name="B", cadence_days=30)
    contacted(b, cast.alice, 40)
    make_customer(cast.alice, name="C")  # never
    d = make_customer(cast.bob, name="D", cadence_days=365)
    contacted(d, cast.bob, 100)
    data = api_for(cast.owner).get("/coverage").json()
    assert data["overall"]["total"] == 4 and data["overall"]["covered"] == 2
    owners = {o["id"]: o for o in data["owners"]}
    assert owners[cast.alice.pk]["covered"] == 1 and owners[cast.alice.pk]["total"] == 3
    assert owners[cast.bob.pk]["share"] == 1.0
    teams = {t["label"]: t for t in data["teams"]}
    assert teams["Wien"]["total"] == 3 and teams["München"]["covered"] == 1


def test_archived_customers_do_not_count(cast):
    from draht.customers.services import update_customer

    c = make_customer(cast.alice)
    update_customer(c, user=cast.alice, version=c.version, is_archived=True)
    assert api_for(cast.owner).get("/coverage").json()["overall"]["total"] == 0


def test_the_coverage_page_shows_a_chart_and_records_todays_snapshot(cast):
    make_customer(cast.alice)
    html = client_for(cast.manager).get("/coverage/").content.decode()
    assert "<svg" in html and 'id="coverage-overall"' in html
    assert CoverageSnapshot.objects.filter(scope="all").count() == 1


def test_recording_a_snapshot_twice_on_one_day_is_idempotent(cast):
    make_customer(cast.alice)
    record_snapshot()
    record_snapshot()
    assert CoverageSnapshot.objects.filter(scope="all").count() == 1


def test_share_of_nothing_is_zero():
    assert coverage_share(0, 0) == 0.0
    assert coverage_share(1, 4) == 0.25


def test_the_chart_escapes_labels_and_needs_no_script():
    svg = str(line_chart([("<b>", 0.5), ("x", 1.0)], label="<script>"))
    assert "<script>" not in svg and "&lt;b&gt;" in svg


def test_agents_technicians_and_communications_may_not_see_coverage(cast):
    for user in (cast.agent, cast.tech, cast.comms):
        assert client_for(user).get("/coverage/").status_code == 403
        assert api_for(user).get("/coverage").status_code == 403


def test_snapshot_history_is_drawn(cast):
    for weeks in range(5):
        CoverageSnapshot.objects.create(day=datetime.date.today() - datetime.timedelta(weeks=weeks + 1), scope="all",
                                        total=10, covered=weeks)
    html = client_for(cast.owner).get("/coverage/").content.decode()
    assert html.count("<circle") >= 5
