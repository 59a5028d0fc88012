from django.db import transaction

from draht.customers.models import ContactPerson

from .models import Consent


@transaction.atomic
def record_consent(person, *, user, **fields) -> Consent:
    """Store what a person agreed to (purpose, time, method, text version, text), audited."""
    is_contact = isinstance(person, ContactPerson)
    customer = person.customer if is_contact else person
    consent = Consent.objects.create(customer=customer, contact_person=person if is_contact else None,
                                     recorded_by=user, **fields)
    customer.log_action("draht.privacy.consent_recorded", user=user, obj=consent,
                        data={"purpose": consent.purpose, "method": consent.method,
                              "text_version": consent.text_version})
    return consent
