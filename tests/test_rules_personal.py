from hypothesis import given
from hypothesis import strategies as st

from draht.timeline.choices import Channel, Outcome
from draht.timeline.rules import can_be_personal

channels = st.sampled_from(Channel.values)
outcomes = st.sampled_from(Outcome.values)


@given(channels, outcomes)
def test_automated_messages_never_count(channel, outcome):
    assert not can_be_personal(channel, outcome, automated=True)


@given(outcomes, st.booleans())
def test_newsletters_and_mailings_never_count(outcome, automated):
    assert not can_be_personal(Channel.NEWSLETTER, outcome, automated)
    assert not can_be_personal(Channel.MAILING, outcome, automated)


@given(st.sampled_from([Outcome.NOT_REACHED, Outcome.VOICEMAIL, Outcome.BUSY, Outcome.NONE]))
def test_a_call_that_did_not_connect_is_an_attempt(outcome):
    assert not can_be_personal(Channel.PHONE, outcome, automated=False)


def test_connected_calls_meetings_visits_chats_and_video_count():
    assert can_be_personal(Channel.PHONE, Outcome.REACHED, False)
    for channel in (Channel.EMAIL, Channel.VIRTUAL_MEETING, Channel.ONSITE_MEETING, Channel.CHAT, Channel.VIDEO):
        assert can_be_personal(channel, "", False)


@given(st.sampled_from([Channel.LETTER, Channel.SOCIAL, Channel.REVIEW, Channel.WEBFORM, Channel.TICKET,
                        Channel.NOTE]), outcomes)
def test_channels_without_a_personal_conversation_never_count(channel, outcome):
    assert not can_be_personal(channel, outcome, False)
