"""The sender's signature, put where the text says {signature}. (Section 5 of PRODUCT.md will build it from the
company's canonical data; until then: the user's own signature, or name and e-mail.)"""

PLACEHOLDER = "{signature}"


def signature_for(user) -> str:
    if getattr(user, "email_signature", ""):
        return user.email_signature
    name = user.get_full_name() or user.username
    return "\n".join(filter(None, [name, user.email]))


def fill_signature(body: str, user) -> str:
    return body.replace(PLACEHOLDER, signature_for(user)) if PLACEHOLDER in body else body


def draft_body(greeting: str) -> str:
    return f"{greeting}\n\n\n\n-- \n{PLACEHOLDER}"
