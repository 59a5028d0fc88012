from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from draht.timeline.choices import Channel, Direction


class MailSecurity(models.TextChoices):
    IMAPS = "imaps", _("TLS from the start (IMAPS, usually port 993)")
    STARTTLS = "starttls", _("STARTTLS (usually port 143)")
    NONE = "none", _("unencrypted (only for a server on this machine)")


class Mailbox(models.Model):
    """An IMAP mailbox the worker polls. The password is stored encrypted (inbox/crypto.py) and never shown."""

    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("IMAP server"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(_("connection security"), max_length=10, choices=MailSecurity.choices,
                                default=MailSecurity.IMAPS)
    username = models.CharField(_("user name"), max_length=200)
    password_encrypted = models.TextField(editable=False)
    folder = models.CharField(_("folder"), max_length=200, default="INBOX")
    is_active = models.BooleanField(_("active"), default=True)
    allow_private = models.BooleanField(
        _("allow a private address"), default=False,
        help_text=_("Only for a mail server in your own network or on this machine; owners only."))
    uid_validity = models.BigIntegerField(null=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    lease_until = models.DateTimeField(null=True, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self):
        return self.name


class Blob(models.Model):
    """Attachment content, stored once per SHA-256 however many messages carry it."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.sha256

    @property
    def relative_path(self) -> str:
        return f"blobs/{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"

    @property
    def path(self):
        return settings.MEDIA_ROOT / self.relative_path


class MessageStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Unassigned")
    IGNORED = "ignored", _("Ignored")


class Message(models.Model):
    """A message received (e-mail, chat, social, review, web form) or sent by e-mail, as it came. When its
    sender is known it is on the customer's timeline as `interaction`; otherwise it waits in the unassigned
    inbox. `message_key` is unique: the same message is stored once, however often it is fetched."""

    message_key = models.CharField(max_length=64, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.INBOUND)
    source = models.CharField(_("source"), max_length=16)  # imap, upload, api, outbox
    mailbox = models.ForeignKey(Mailbox, verbose_name=_("mailbox"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="messages")
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True, db_index=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=300, blank=True, db_index=True)
    references = models.TextField(_("References"), blank=True)
    thread = models.ForeignKey("timeline.Thread", verbose_name=_("thread"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="messages")
    sender_address = models.CharField(_("sender"), max_length=254, blank=True, db_index=True)
    sender_name = models.CharField(_("sender name"), max_length=200, blank=True)
    sender_phone = models.CharField(_("sender phone"), max_length=40, blank=True)
    sender_handle = models.CharField(_("sender handle"), max_length=200, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML (sanitised)"), blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    is_automated = models.BooleanField(_("automated"), default=False)
    occurred_at = models.DateTimeField(_("sent"), default=timezone.now)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    # The message as it came (gzip-compressed, stored once as a blob): nothing is lost for good, whatever the
    # parser made of it. Dropped with the message, and when an erasure scrubs the message.
    raw = models.ForeignKey("Blob", verbose_name=_("original"), null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="raw_messages", db_index=False)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True,
                                    help_text=_("its own headers and body, without transport headers"))
    problems = models.TextField(_("problems"), blank=True, help_text=_("what could not be read or was left out"))
    status = models.CharField(_("status"), max_length=12, choices=MessageStatus.choices,
                              default=MessageStatus.UNASSIGNED)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="messages")
    contact_person = models.ForeignKey("customers.ContactPerson", verbose_name=_("contact person"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="messages")
    interaction = models.OneToOneField("timeline.Interaction", verbose_name=_("interaction"), null=True,
                                       blank=True, on_delete=models.SET_NULL, related_name="message")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["-received_at", "-id"], name="message_unassigned",
                                condition=Q(status="unassigned"))]

    def __str__(self):
        return self.subject or self.sender_address or f"#{self.pk}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    blob = models.ForeignKey(Blob, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    content_id = models.CharField(max_length=255, blank=True)
    is_inline = models.BooleanField(default=False)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    refused = models.CharField(_("not stored because"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.filename or self.content_type


class MailboxProblem(models.Model):
    """A message the poll could not store (too large, unreadable), with the reason; the poll went on."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="problems")
    uid = models.BigIntegerField(_("IMAP UID"))
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("mailbox problem")
        verbose_name_plural = _("mailbox problems")

    def __str__(self):
        return f"{self.mailbox} {self.uid}: {self.reason}"


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MailUpload(models.Model):
    """An uploaded .eml or .mbox file, stored by the worker message by message (progress on the page)."""

    file = models.FileField(upload_to="mail-uploads/", blank=True)
    name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=8, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    total = models.PositiveIntegerField(_("messages"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    stored = models.PositiveIntegerField(_("stored"), default=0)
    known = models.PositiveIntegerField(_("already there"), default=0)
    refused = models.JSONField(_("not stored"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mail upload")
        verbose_name_plural = _("e-mail uploads")

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status in (UploadStatus.QUEUED, UploadStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
