"""German translations of draht's interface, applied to the .po file by scripts/fill_po.py.

Keep entries sorted by area; "Sie" throughout (formal address chosen once, see docs/decisions).
"""

DE = {
    # accounts
    "Accounts": "Konten", "Owner": "Inhaber", "Manager": "Leitung", "Account manager": "Kundenbetreuer",
    "Service agent": "Service-Mitarbeiter", "Technician": "Techniker", "Communications": "Kommunikation",
    "Name of the token": "Name des Tokens", "name": "Name", "team": "Team", "teams": "Teams", "role": "Rolle",
    "language": "Sprache", "time zone": "Zeitzone", "user": "Benutzer", "users": "Benutzer", "prefix": "Präfix",
    "token hash": "Token-Hash", "created": "angelegt", "last used": "zuletzt benutzt", "API token": "API-Token",
    "API tokens": "API-Tokens", "Log in": "Anmelden", "Log in to draht": "Bei draht anmelden",
    "Change password": "Passwort ändern", "Back to my settings": "Zurück zu meinen Einstellungen",
    "Password changed": "Passwort geändert", "Back to the due list": "Zurück zur Anrufliste",
    "My settings": "Meine Einstellungen", "Save": "Speichern", "Role": "Rolle", "Team": "Team",
    "Copy this token now; it is not shown again:": "Kopieren Sie dieses Token jetzt; es wird nicht wieder angezeigt:",
    "Revoke": "Widerrufen", "No tokens yet.": "Noch keine Tokens.", "Create token": "Token erstellen",
    "API documentation": "API-Dokumentation", "Your settings were saved.": "Ihre Einstellungen wurden gespeichert.",
    "Give the token a name.": "Geben Sie dem Token einen Namen.",
    "The token was revoked.": "Das Token wurde widerrufen.",
    # audit
    "Audit log": "Änderungsprotokoll", "action": "Aktion", "customer": "Kunde", "object type": "Objekttyp",
    "object id": "Objekt-ID", "data": "Daten", "time": "Zeit", "audit entry": "Protokolleintrag",
    "audit entries": "Protokolleinträge",
    # cadence
    "Contact cadence": "Kontaktrhythmus", "until": "bis", "reason": "Grund",
    "Choose a date after today.": "Wählen Sie ein Datum nach heute.",
    "Snooze for at most a year; change the cadence instead.":
        "Höchstens ein Jahr zurückstellen; ändern Sie sonst den Kontaktrhythmus.",
    "note": "Notiz", "Everyone": "Alle", "day": "Tag", "scope": "Bereich", "owner": "Betreuer",
    "customers": "Kunden", "covered": "abgedeckt", "coverage snapshot": "Abdeckungsstand",
    "coverage snapshots": "Abdeckungsstände", "Coverage": "Abdeckung", "Call today": "Heute anrufen",
    "Share of customers with personal contact within their cadence.":
        "Anteil der Kunden mit persönlichem Kontakt innerhalb ihres Kontaktrhythmus.",
    "%(covered)s of %(total)s customers": "%(covered)s von %(total)s Kunden", "Per owner": "Je Betreuer",
    "Customers": "Kunden", "Per team": "Je Team", "Mine": "Meine", "My team": "Mein Team",
    "Reasons to call": "Anlässe für einen Anruf", "%(name)s has a birthday": "%(name)s hat Geburtstag",
    "%(years)s year as our customer": ["%(years)s Jahr Kunde bei uns", "%(years)s Jahre Kunde bei uns"],
    "Customer": "Kunde", "Due": "Fällig", "Call": "Anruf", "Outcome": "Ergebnis",
    "%(days)s day overdue": ["%(days)s Tag überfällig", "%(days)s Tage überfällig"], "last": "zuletzt",
    "never contacted": "nie kontaktiert", "no number": "keine Nummer", "Reached": "Erreicht",
    "Not reached": "Nicht erreicht", "Snooze": "Zurückstellen", "Nobody is due. Well done!":
        "Niemand ist fällig. Gut gemacht!", "Show more": "Mehr anzeigen", "Note (optional)": "Notiz (optional)",
    "Save call": "Anruf speichern",
    "Call with %(name)s logged as personal contact.": "Anruf mit %(name)s als persönlicher Kontakt erfasst.",
    "Call attempt": "Anrufversuch",
    "Attempt logged; %(name)s stays on the list.": "Versuch erfasst; %(name)s bleibt auf der Liste.",
    "%(name)s snoozed until %(date)s.": "%(name)s zurückgestellt bis %(date)s.", "No team": "Kein Team",
    "Coverage over time": "Abdeckung im Zeitverlauf",
    # base
    "Stale facts": "Veraltete Daten", "Search name, e-mail, phone": "Name, E-Mail, Telefon suchen",
    "Search": "Suche", "Log out": "Abmelden", "Please correct the marked fields.":
        "Bitte korrigieren Sie die markierten Felder.",
    # customers
    "Organisation": "Organisation", "Private person": "Privatperson", "A (key account)": "A (Schlüsselkunde)",
    "B": "B", "C": "C", "(none)": "(keine)", "Mr": "Herr", "Ms": "Frau", "Diverse": "Divers",
    "unknown": "unbekannt", "yes": "ja", "no": "nein", "subscribed": "abonniert",
    "not subscribed": "nicht abonniert", "Postal address": "Postanschrift", "Phone numbers": "Telefonnummern",
    "E-mail addresses": "E-Mail-Adressen", "Newsletter status": "Newsletter-Status",
    "Home-office status": "Homeoffice-Status", "Main contact person": "Hauptansprechpartner", "Tags": "Schlagwörter",
    "Separated by commas": "Durch Kommas getrennt", "Empty: the default of the tier": "Leer: Standard der Kategorie",
    "A customer needs a name.": "Ein Kunde braucht einen Namen.", "street": "Straße", "postal code": "PLZ",
    "city": "Ort", "region": "Region", "phone": "Telefon", "e-mail": "E-Mail", "newsletter": "Newsletter",
    "in home office": "im Homeoffice", "main contact person": "Hauptansprechpartner", "tag": "Schlagwort",
    "tags": "Schlagwörter", "kind": "Art", "salutation": "Anrede", "title": "Titel", "first name": "Vorname",
    "last name": "Nachname", "external id": "Externe ID", "tier": "Kategorie",
    "Stored in E.164, e.g. +436641234567": "Gespeichert als E.164, z. B. +436641234567", "country": "Land",
    "ISO 3166-1 alpha-2": "ISO 3166-1 Alpha-2", "ISO 3166-2, e.g. DE-BY": "ISO 3166-2, z. B. DE-BY",
    "customer since": "Kunde seit", "contact cadence (days)": "Kontaktrhythmus (Tage)",
    "snoozed until": "zurückgestellt bis", "snooze reason": "Grund der Zurückstellung",
    "last personal contact": "letzter persönlicher Kontakt", "due": "fällig", "archived": "archiviert",
    "updated": "geändert", "position": "Funktion", "mobile": "Mobil", "birthday": "Geburtstag", "active": "aktiv",
    "contact person": "Ansprechpartner", "contact persons": "Ansprechpartner", "fact": "Angabe",
    "verified": "bestätigt", "verified by": "bestätigt von", "corrected": "korrigiert", "fact check": "Datenprüfung",
    "fact checks": "Datenprüfungen", "search entry": "Sucheintrag", "search entries": "Sucheinträge",
    "“%(value)s” is not a phone number.": "„%(value)s“ ist keine Telefonnummer.",
    "“%(value)s” is not a valid phone number for %(country)s.":
        "„%(value)s“ ist keine gültige Telefonnummer für %(country)s.",
    "“%(value)s” is not an e-mail address.": "„%(value)s“ ist keine E-Mail-Adresse.",
    "“%(value)s” is not an ISO 3166-1 country code.": "„%(value)s“ ist kein Ländercode nach ISO 3166-1.",
    "“%(value)s” is not an ISO 3166-2 region of %(country)s.":
        "„%(value)s“ ist keine Region von %(country)s nach ISO 3166-2.",
    "Someone else changed this record in the meantime. Review their changes and try again.":
        "Jemand anderes hat diesen Datensatz inzwischen geändert. Prüfen Sie die Änderungen und versuchen Sie es "
        "erneut.",
    "Check-in call": "Check-in-Anruf", "Check-in call with %(name)s": "Check-in-Anruf mit %(name)s",
    "“How are you? Is your address still correct? Do you get our newsletter? Are you working from home too?”":
        "„Wie geht es Ihnen? Ist Ihre Adresse noch aktuell? Bekommen Sie unseren Newsletter? Sind Sie auch im "
        "Home Office?“",
    "All facts are up to date.": "Alle Angaben sind aktuell.",
    "Go through all facts anyway": "Trotzdem alle Angaben durchgehen",
    "Last verified %(when)s by %(who)s": "Zuletzt bestätigt am %(when)s von %(who)s",
    "Never verified": "Nie bestätigt", "Edit": "Bearbeiten", "Confirmed by the customer": "Vom Kunden bestätigt",
    "Changed values count as corrected and verified.": "Geänderte Werte gelten als korrigiert und bestätigt.",
    "Save check-in": "Check-in speichern", "Contact person": "Ansprechpartner",
    "New contact person": "Neuer Ansprechpartner", "Tier": "Kategorie",
    "Last personal contact": "Letzter persönlicher Kontakt", "never": "nie", "Cadence": "Kontaktrhythmus",
    "every %(days)s day": ["jeden Tag", "alle %(days)s Tage"], "Snoozed until": "Zurückgestellt bis",
    "Newsletter": "Newsletter", "Home office": "Homeoffice", "Log call": "Anruf erfassen",
    "Log visit": "Besuch erfassen", "Log e-mail": "E-Mail erfassen", "Log meeting": "Besprechung erfassen",
    "Add note": "Notiz hinzufügen", "Timeline": "Verlauf", "All": "Alle", "Contact persons": "Ansprechpartner",
    "main contact": "Hauptansprechpartner", "inactive": "inaktiv",
    "No contact persons yet.": "Noch keine Ansprechpartner.", "Add contact person": "Ansprechpartner hinzufügen",
    "Change log": "Änderungsprotokoll", "No changes recorded.": "Keine Änderungen erfasst.",
    "Edit customer": "Kunde bearbeiten", "New customer": "Neuer Kunde", "Back": "Zurück",
    "Edit %(name)s": "%(name)s bearbeiten", "Restore from archive": "Aus dem Archiv holen",
    "Archive customer": "Kunde archivieren",
    "Customers are archived, not deleted, so their history is never lost.":
        "Kunden werden archiviert statt gelöscht, damit ihr Verlauf nie verloren geht.",
    "All owners": "Alle Betreuer", "All teams": "Alle Teams", "All tiers": "Alle Kategorien", "Country": "Land",
    "Filter": "Filtern", "Name": "Name", "Place": "Ort", "No customers match.": "Keine passenden Kunden.",
    "Next page": "Nächste Seite", "Search for “%(q)s”": "Suche nach „%(q)s“",
    "Please type at least three letters or digits.": "Bitte geben Sie mindestens drei Buchstaben oder Ziffern ein.",
    "at": "bei", "Nothing found.": "Nichts gefunden.", "Customers with stale facts": "Kunden mit veralteten Angaben",
    "Oldest verification": "Älteste Bestätigung",
    "Customer “%(name)s” was created.": "Kunde „%(name)s“ wurde angelegt.",
    "Saved.": "Gespeichert.", "%(count)s facts verified.": "%(count)s Angaben bestätigt.",
    "German": "Deutsch", "English": "Englisch",
    # timeline
    "Phone": "Telefon", "E-mail": "E-Mail", "Letter": "Brief", "Virtual meeting": "Virtuelle Besprechung",
    "On-site meeting or visit": "Termin vor Ort oder Besuch", "Chat / instant messaging": "Chat / Messenger",
    "Live video": "Live-Video", "Co-browsing": "Co-Browsing", "Social media message": "Nachricht in sozialen Medien",
    "Review": "Bewertung", "Mailing": "Mailing", "Web form": "Webformular", "Ticket": "Ticket",
    "Internal note": "Interne Notiz", "Inbound": "Eingehend", "Outbound": "Ausgehend", "Internal": "Intern",
    "Left voicemail": "Auf Mailbox gesprochen", "Busy": "Besetzt", "Call back requested": "Rückruf erbeten",
    "Entered by hand": "Von Hand erfasst", "API": "API", "E-mail message": "E-Mail-Nachricht",
    "Telephone system": "Telefonanlage", "Meeting": "Besprechung", "Publication": "Veröffentlichung",
    "Import": "Import", "duration (minutes)": "Dauer (Minuten)", "when": "wann",
    "Connected calls, 1:1 e-mails, meetings, visits, personal chats and video calls reset the contact clock.":
        "Zustande gekommene Anrufe, persönliche E-Mails, Besprechungen, Besuche, persönliche Chats und "
        "Videoanrufe setzen den Kontaktrhythmus zurück.",
    "channel": "Kanal", "direction": "Richtung", "personal contact": "persönlicher Kontakt",
    "automated": "automatisch", "duration (seconds)": "Dauer (Sekunden)", "subject": "Betreff", "text": "Text",
    "outcome": "Ergebnis", "their side": "Kundenseite", "our side": "Unsere Seite", "source": "Quelle",
    "source reference": "Quellverweis", "created by": "angelegt von", "interaction": "Kontakt",
    "interactions": "Kontakte",
    "A call that did not connect is an attempt, not personal contact.":
        "Ein Anruf ohne Verbindung ist ein Versuch, kein persönlicher Kontakt.",
    "Automated messages never count as personal contact.":
        "Automatische Nachrichten zählen nie als persönlicher Kontakt.",
    "This channel never counts as personal contact.": "Dieser Kanal zählt nie als persönlicher Kontakt.",
    "Log contact": "Kontakt erfassen", "Edit entry": "Eintrag bearbeiten",
    "Log contact with %(name)s": "Kontakt mit %(name)s erfassen", "Delete entry": "Eintrag löschen",
    "personal": "persönlich", "Nothing on the timeline yet.": "Noch nichts im Verlauf.",
    "Show older": "Ältere anzeigen", "Logged on the timeline.": "Im Verlauf erfasst.",
    "The entry was deleted.": "Der Eintrag wurde gelöscht.",
}
DE["and %(more)s more this week"] = ["und %(more)s weiterer diese Woche", "und %(more)s weitere diese Woche"]
DE.update({
    "Not allowed": "Nicht erlaubt",
    "Your role does not allow this. Ask the owner of your draht if you need it.":
        "Ihre Rolle erlaubt das nicht. Fragen Sie den Inhaber Ihres draht, wenn Sie es brauchen.",
    "Not found": "Nicht gefunden",
    "This page does not exist, or you may not see it.": "Diese Seite gibt es nicht, oder Sie dürfen sie nicht sehen.",
    "Showing the first 50 matches: type more letters to narrow the search.":
        "Die ersten 50 Treffer: Geben Sie mehr Buchstaben ein, um die Suche einzugrenzen.",
})
DE["facts to check"] = "Angaben prüfen"
DE.update({
    "Invalid input.": "Ungültige Eingabe.", "The input breaks a rule.": "Die Eingabe verletzt eine Regel.",
    "You may not do this.": "Das dürfen Sie nicht.",
    "Authentication required: send a valid token.": "Anmeldung nötig: Senden Sie ein gültiges Token.",
})
DE["Not found."] = "Nicht gefunden."
DE["The request is too large."] = "Die Anfrage ist zu groß."
