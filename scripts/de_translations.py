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
# import, export, vCards (draht.transfer)
DE.update({
    "Data protection": "Datenschutz", "All as vCards": "Alle als vCards", "Duplicates": "Dubletten",
    "Export as shown": "Export wie angezeigt", "(Excel)": "(Excel)", "vCards": "vCards",
    "Interactions": "Kontakte", "Import and export": "Import und Export", "uploaded": "hochgeladen",
    "queued": "wartet", "running": "läuft", "checked (dry run)": "geprüft (Probelauf)", "done": "fertig",
    "failed": "fehlgeschlagen", "CSV (UTF-8, comma)": "CSV (UTF-8, Komma)",
    "CSV for Excel (German: semicolon, BOM)": "CSV für Excel (deutsch: Semikolon, BOM)",
    "External id": "Externe Nummer", "Company / name": "Firma / Name", "Salutation": "Anrede", "Title": "Titel",
    "First name": "Vorname", "Last name": "Nachname", "Street": "Straße", "Postal code": "PLZ", "City": "Ort",
    "Region": "Region", "Customer since": "Kunde seit", "Contact: salutation": "Ansprechpartner: Anrede",
    "Contact: title": "Ansprechpartner: Titel", "Contact: first name": "Ansprechpartner: Vorname",
    "Contact: last name": "Ansprechpartner: Nachname", "Contact: position": "Ansprechpartner: Position",
    "Contact: e-mail": "Ansprechpartner: E-Mail", "Contact: phone": "Ansprechpartner: Telefon",
    "Contact: mobile": "Ansprechpartner: Mobil", "Contact: birthday": "Ansprechpartner: Geburtstag",
    "The file is empty.": "Die Datei ist leer.",
    "This is not a CSV file (it contains binary data). Save it from your spreadsheet as CSV.":
        "Das ist keine CSV-Datei (sie enthält Binärdaten). Speichern Sie sie in Ihrer Tabellenkalkulation als CSV.",
    "No columns found: the file needs a header row with columns separated by ; , or tab.":
        "Keine Spalten gefunden: Die Datei braucht eine Kopfzeile mit Spalten, getrennt durch ; , oder Tabulator.",
    "Line %(line)s cannot be read: %(error)s": "Zeile %(line)s kann nicht gelesen werden: %(error)s",
    "line": "Zeile", "Owner of new customers": "Betreuer neuer Kunden",
    "Used when a row names no owner.": "Gilt, wenn eine Zeile keinen Betreuer nennt.",
    "Country when a row names none": "Land, wenn eine Zeile keines nennt", "CSV or vCard file": "CSV- oder vCard-Datei",
    "CSV in UTF-8 or Windows-1252 (Excel), separated by ; , or tab; or vCards (.vcf, versions 2.1, 3.0 and 4.0).":
        "CSV in UTF-8 oder Windows-1252 (Excel), getrennt durch ; , oder Tabulator; oder vCards (.vcf, Versionen "
        "2.1, 3.0 und 4.0).",
    "— ignore —": "— ignorieren —",
    "“%(field)s” is chosen for two columns.": "„%(field)s“ ist für zwei Spalten gewählt.",
    "Choose the column with the company or person name.": "Wählen Sie die Spalte mit dem Firmen- oder Personennamen.",
    "Owner: no user “%(value)s” who can own customers.":
        "Betreuer: Kein Benutzer „%(value)s“, der Kunden betreuen kann.",
    "The file is larger than %(limit)s. Split it into smaller files and import them one by one.":
        "Die Datei ist größer als %(limit)s. Teilen Sie sie in kleinere Dateien und importieren Sie diese einzeln.",
    "None of the columns was recognised (first row: %(headers)s). The first row must name the columns, e.g. Firma, "
    "Straße, PLZ, Ort, Telefon, E-Mail.":
        "Keine Spalte wurde erkannt (erste Zeile: %(headers)s). Die erste Zeile muss die Spalten benennen, z. B. "
        "Firma, Straße, PLZ, Ort, Telefon, E-Mail.",
    "The file has a header row but no data rows.": "Die Datei hat eine Kopfzeile, aber keine Datenzeilen.",
    "file": "Datei", "file name": "Dateiname", "encoding": "Zeichenkodierung", "delimiter": "Trennzeichen",
    "columns": "Spalten", "mapping": "Zuordnung", "column index → field": "Spaltennummer → Feld",
    "default owner": "Standard-Betreuer", "default country": "Standard-Land", "status": "Status",
    "dry run": "Probelauf", "rows": "Zeilen", "processed rows": "verarbeitete Zeilen", "rejected": "abgelehnt",
    "contact persons created": "angelegte Ansprechpartner", "error": "Fehler", "started": "begonnen",
    "last progress": "letzter Fortschritt", "finished": "beendet", "import": "Import", "imports": "Importe",
    "cells": "Zellen", "rejected row": "abgelehnte Zeile", "rejected rows": "abgelehnte Zeilen",
    "“%(value)s” is not a country we know (use an ISO code such as DE, AT, CH, IT).":
        "„%(value)s“ ist kein bekanntes Land (verwenden Sie einen ISO-Code wie DE, AT, CH, IT).",
    "“%(value)s” is not a date (write 31.12.1970 or 1970-12-31).":
        "„%(value)s“ ist kein Datum (schreiben Sie 31.12.1970 oder 1970-12-31).",
    "“%(value)s” is not a salutation (Herr, Frau, divers).": "„%(value)s“ ist keine Anrede (Herr, Frau, divers).",
    "%(field)s: longer than %(limit)s characters.": "%(field)s: länger als %(limit)s Zeichen.",
    "The row has no company or person name.": "Die Zeile hat keinen Firmen- oder Personennamen.",
    "Tier: “%(value)s” is not A, B or C.": "Kategorie: „%(value)s“ ist nicht A, B oder C.",
    "Contact: a contact person needs a name.": "Ansprechpartner: Ein Ansprechpartner braucht einen Namen.",
    "Dry run": "Probelauf", "stalled: the worker stopped": "steht: der Hintergrundprozess wurde beendet",
    "Progress": "Fortschritt", "%(done)s of %(total)s rows (%(percent)s %%)":
        "%(done)s von %(total)s Zeilen (%(percent)s %%)",
    "Would create %(c)s customers, update %(u)s, reject %(r)s rows.":
        "Würde %(c)s Kunden anlegen, %(u)s aktualisieren und %(r)s Zeilen ablehnen.",
    "Created %(c)s customers and %(p)s contact persons, updated %(u)s, rejected %(r)s rows.":
        "%(c)s Kunden und %(p)s Ansprechpartner angelegt, %(u)s aktualisiert, %(r)s Zeilen abgelehnt.",
    "Download rejected rows (CSV with reasons)": "Abgelehnte Zeilen herunterladen (CSV mit Gründen)",
    "Resume from row %(row)s": "Ab Zeile %(row)s fortsetzen", "Back to the mapping to import":
        "Zurück zur Zuordnung, um zu importieren", "Mapping": "Zuordnung", "To the customers": "Zu den Kunden",
    "Imports": "Importe", "Import customers": "Kunden importieren", "Import customers from CSV":
        "Kunden aus CSV importieren", "Upload and map columns": "Hochladen und Spalten zuordnen",
    "Recent imports": "Letzte Importe", "File": "Datei", "Status": "Status", "Rows": "Zeilen",
    "Updated": "Aktualisiert", "Rejected": "Abgelehnt", "By": "Von", "No imports yet.": "Noch keine Importe.",
    "Map columns": "Spalten zuordnen", "Map the columns of %(name)s": "Spalten von %(name)s zuordnen",
    "%(rows)s rows, encoding %(encoding)s.": "%(rows)s Zeilen, Zeichenkodierung %(encoding)s.",
    "Rows are matched to existing customers by external id, then e-mail, then phone, then name and postal code: "
    "importing the same file again updates instead of duplicating.":
        "Zeilen werden bestehenden Kunden über die externe Nummer zugeordnet, sonst über E-Mail, Telefon, dann "
        "Name und PLZ: Dieselbe Datei erneut importieren aktualisiert, statt zu verdoppeln.",
    "Column in the file": "Spalte in der Datei", "Field in draht": "Feld in draht",
    "Dry run: check all rows": "Probelauf: alle Zeilen prüfen", "Import now": "Jetzt importieren",
    "Preview": "Vorschau", "Line": "Zeile", "Would be": "Würde", "Problems": "Probleme",
    "The vCard file cannot be read: %(error)s": "Die vCard-Datei kann nicht gelesen werden: %(error)s",
    "The file holds no vCard.": "Die Datei enthält keine vCard.",
    "This import is not stalled; it cannot be resumed.": "Dieser Import steht nicht; er kann nicht fortgesetzt werden.",
    "Reading the file stopped unexpectedly (exit code %(code)s). Resume the import to continue.":
        "Das Lesen der Datei brach unerwartet ab (Exit-Code %(code)s). Setzen Sie den Import fort, um weiterzumachen.",
    "The import continues from row %(row)s.": "Der Import wird ab Zeile %(row)s fortgesetzt.",
})
# duplicates, DSGVO, retention, consent (draht.privacy)
DE.update({
    "Data protection and data quality": "Datenschutz und Datenqualität",
    "double opt-in (confirmed e-mail)": "Double-Opt-in (bestätigte E-Mail)", "web form": "Webformular",
    "in writing": "schriftlich", "by phone": "telefonisch", "in person": "persönlich", "imported": "importiert",
    "I understand that this cannot be undone.": "Mir ist klar, dass dies nicht rückgängig gemacht werden kann.",
    "A customer cannot be merged with itself.": "Ein Kunde kann nicht mit sich selbst zusammengeführt werden.",
    "This customer is archived or was already merged.": "Dieser Kunde ist archiviert oder wurde schon zusammengeführt.",
    "This merge can no longer be taken back.": "Diese Zusammenführung kann nicht mehr zurückgenommen werden.",
    "A contact person cannot be merged with itself.":
        "Ein Ansprechpartner kann nicht mit sich selbst zusammengeführt werden.",
    "This contact person is inactive or was already merged.":
        "Dieser Ansprechpartner ist inaktiv oder wurde schon zusammengeführt.",
    "purpose": "Zweck", "given": "erteilt", "how": "wie", "text version": "Textversion",
    "consent text": "Einwilligungstext", "withdrawn": "widerrufen", "recorded by": "erfasst von",
    "consent": "Einwilligung", "consents": "Einwilligungen", "erased": "gelöscht", "erased by": "gelöscht von",
    "counts": "Anzahlen", "erasure": "Löschung", "erasures": "Löschungen", "kept": "behalten",
    "merged": "zusammengeführt", "undo data": "Daten zum Zurücknehmen", "merged by": "zusammengeführt von",
    "taken back": "zurückgenommen", "merge": "Zusammenführung", "merges": "Zusammenführungen", "listed": "gelistet",
    "retention candidate": "Löschkandidat", "retention candidates": "Löschkandidaten", "Retention": "Aufbewahrung",
    "Likely duplicates": "Wahrscheinliche Dubletten",
    "Same e-mail, same phone number, or names alike after removing umlauts, titles and legal forms. Choose the "
    "record to keep; the others are merged into it with their interactions, contact persons, verified facts and "
    "history.":
        "Gleiche E-Mail, gleiche Telefonnummer oder gleiche Namen ohne Umlaute, Titel und Rechtsform. Wählen Sie "
        "den Eintrag, der bleibt; die anderen werden mit Kontakten, Ansprechpartnern, geprüften Angaben und "
        "Verlauf in ihn übernommen.",
    "same e-mail": "gleiche E-Mail", "same phone": "gleiche Telefonnummer", "similar name": "ähnlicher Name",
    "keep": "behalten", "Merge into the kept one": "In den behaltenen zusammenführen",
    "No likely duplicates.": "Keine wahrscheinlichen Dubletten.", "Recent merges": "Letzte Zusammenführungen",
    "When": "Wann", "Kind": "Art", "Kept": "Behalten", "Merged": "Zusammengeführt", "Take back": "Zurücknehmen",
    "No merges yet.": "Noch keine Zusammenführungen.", "Personal data": "Personenbezogene Daten",
    "Exported %(when)s.": "Exportiert am %(when)s.", "Person": "Person", "Channel": "Kanal", "Subject": "Betreff",
    "Text": "Text", "Consents": "Einwilligungen", "Change history": "Änderungsverlauf",
    "Access and portability": "Auskunft und Übertragbarkeit",
    "%(n)s interactions are stored about this person.": "Zu dieser Person sind %(n)s Kontakte gespeichert.",
    "Export as JSON": "Als JSON exportieren", "Readable page": "Lesbare Seite",
    "No consents recorded.": "Keine Einwilligungen erfasst.",
    "Record newsletter consent": "Newsletter-Einwilligung erfassen", "Erasure": "Löschung",
    "Removes this person from every table, the search index and the change history. Only anonymous counts remain.":
        "Entfernt diese Person aus allen Tabellen, dem Suchindex und dem Änderungsverlauf. Nur anonyme Anzahlen "
        "bleiben.",
    "Erase this person": "Diese Person löschen", "Prospects due for erasure": "Zu löschende Interessenten",
    "Prospects (no “customer since” date) without any interaction for the retention period, listed by the daily "
    "job.":
        "Interessenten (ohne „Kunde seit“) ohne Kontakt während der Aufbewahrungsfrist, vom täglichen Lauf "
        "gelistet.",
    "Created": "Angelegt", "Listed": "Gelistet", "No prospects are due for erasure.":
        "Keine Interessenten sind zu löschen.", "The consent was recorded.": "Die Einwilligung wurde erfasst.",
    "Confirm the erasure first.": "Bestätigen Sie zuerst die Löschung.",
    "The contact person was erased.": "Der Ansprechpartner wurde gelöscht.",
    "The customer was erased.": "Der Kunde wurde gelöscht.", "Choose the record to keep.":
        "Wählen Sie den Eintrag, der bleibt.",
    "Merged. You can take it back for %(days)s days below.":
        "Zusammengeführt. Sie können das unten %(days)s Tage lang zurücknehmen.",
    "The merge was taken back.": "Die Zusammenführung wurde zurückgenommen.",
})
# periodic jobs (draht.core.scheduler)
DE.update({"job": "Aufgabe", "slot": "Termin", "periodic run": "regelmäßiger Lauf",
           "periodic runs": "regelmäßige Läufe"})
DE.update({
    "Choose a user who can own customers.": "Wählen Sie einen Benutzer, der Kunden betreuen kann.",
    "This import is running or finished; upload the file again to repeat it.":
        "Dieser Import läuft oder ist beendet; laden Sie die Datei erneut hoch, um ihn zu wiederholen.",
    "Map each column (0–%(last)s) once, each field once.":
        "Ordnen Sie jede Spalte (0–%(last)s) einmal und jedes Feld einmal zu.",
})
# telephone system (draht.telephony)
DE.update({
    "phone extension": "Nebenstelle",
    "The extension the telephone system names for this user.":
        "Die Nebenstelle, mit der die Telefonanlage diesen Benutzer nennt.",
    "Telephony": "Telefonie", "ringing": "klingelt", "answered": "angenommen", "ended": "beendet",
    "call id": "Anruf-ID", "number": "Nummer", "E.164 when it could be read": "E.164, wenn lesbar",
    "rings for": "klingelt bei", "state": "Zustand", "ringing since": "klingelt seit", "call": "Anruf",
    "calls": "Anrufe", "Incoming call": "Eingehender Anruf",
    "last personal contact %(when)s": "letzter persönlicher Kontakt %(when)s",
    "Unknown number: search": "Unbekannte Nummer: suchen",
})
# outbound webhooks (draht.webhooks)
DE.update({
    "Webhooks": "Webhooks", "Outbound webhooks": "Ausgehende Webhooks", "interaction created": "Kontakt angelegt",
    "customer changed": "Kunde geändert", "waiting": "wartet", "sending": "wird gesendet", "delivered": "zugestellt",
    "given up": "aufgegeben", "URL": "URL", "Events": "Ereignisse", "signing secret": "Signaturschlüssel",
    "events": "Ereignisse", "allow private addresses": "private Adressen erlauben",
    "Only for targets in your own network; owners only.": "Nur für Ziele im eigenen Netz; nur Inhaber.",
    "webhook endpoint": "Webhook-Ziel", "webhook endpoints": "Webhook-Ziele", "endpoint": "Ziel",
    "event": "Ereignis", "payload": "Inhalt", "attempts": "Versuche", "next attempt": "nächster Versuch",
    "last HTTP status": "letzter HTTP-Status", "last error": "letzter Fehler",
    "webhook delivery": "Webhook-Zustellung",
    "webhook deliveries": "Webhook-Zustellungen",
    "Use an http or https URL.": "Verwenden Sie eine http- oder https-URL.",
    "The host “%(host)s” cannot be found.": "Der Host „%(host)s“ wurde nicht gefunden.",
    "“%(host)s” is a private or local address; only an owner can allow that.":
        "„%(host)s“ ist eine private oder lokale Adresse; nur ein Inhaber kann das erlauben.",
    "Each event is POSTed as JSON with the header X-Draht-Signature: t=<unix time>,v1=<HMAC-SHA256 of “t.body” "
    "with the secret>. Failed deliveries are retried after 1, 5, 30 minutes, 2, 6 and 24 hours.":
        "Jedes Ereignis wird als JSON per POST gesendet, mit dem Header X-Draht-Signature: t=<Unix-Zeit>,"
        "v1=<HMAC-SHA256 von „t.body“ mit dem Schlüssel>. Fehlgeschlagene Zustellungen werden nach 1, 5, 30 "
        "Minuten, 2, 6 und 24 Stunden wiederholt.",
    "Secret": "Schlüssel", "private address allowed": "private Adresse erlaubt", "show": "anzeigen",
    "Deactivate": "Deaktivieren", "Activate": "Aktivieren", "No webhooks yet.": "Noch keine Webhooks.",
    "Add a webhook": "Webhook hinzufügen", "Add": "Hinzufügen", "Recent deliveries": "Letzte Zustellungen",
    "Event": "Ereignis", "Endpoint": "Ziel", "Attempts": "Versuche", "Last error": "Letzter Fehler",
    "next": "nächster", "No deliveries yet.": "Noch keine Zustellungen.",
    "The webhook was added. Verify its signatures with the secret shown below.":
        "Der Webhook wurde hinzugefügt. Prüfen Sie seine Signaturen mit dem unten gezeigten Schlüssel.",
})
DE.update({"Invalid signature.": "Ungültige Signatur.", "“at” needs a time zone.": "„at“ braucht eine Zeitzone."})
# e-mail in and out, inbound messages, threads (draht.inbox, draht.outbox)
DE.update({
    "e-mail signature": "E-Mail-Signatur", "Put where an e-mail says {signature}.":
        "Wird eingesetzt, wo eine E-Mail {signature} enthält.",
    "Inbox": "Posteingang", "Write e-mail": "E-Mail schreiben", "Outbox": "Postausgang",
    "An inbound message needs a sender (name, e-mail, phone or handle).":
        "Eine eingehende Nachricht braucht einen Absender (Name, E-Mail, Telefon oder Kennung).",
    "password": "Passwort", "Enter the mailbox password.": "Geben Sie das Passwort des Postfachs ein.",
    "E-mail file (.eml or .mbox)": "E-Mail-Datei (.eml oder .mbox)", "IMAP server": "IMAP-Server", "port": "Port",
    "TLS (IMAPS)": "TLS (IMAPS)", "user name": "Benutzername", "folder": "Ordner", "last polled": "zuletzt abgerufen",
    "last error at": "letzter Fehler am", "mailbox": "Postfach", "mailboxes": "Postfächer",
    "Assigned": "Zugeordnet", "Unassigned": "Nicht zugeordnet", "Ignored": "Ignoriert", "Message-ID": "Message-ID",
    "In-Reply-To": "In-Reply-To", "References": "References", "thread": "Unterhaltung", "sender": "Absender",
    "sender name": "Name des Absenders", "sender phone": "Telefon des Absenders",
    "sender handle": "Kennung des Absenders",
    "recipients": "Empfänger", "HTML (sanitised)": "HTML (bereinigt)", "link": "Link", "sent": "gesendet",
    "received": "empfangen", "size (bytes)": "Größe (Bytes)", "problems": "Probleme",
    "what could not be read or was left out": "was nicht gelesen werden konnte oder weggelassen wurde",
    "message": "Nachricht", "messages": "Nachrichten", "type": "Typ", "not stored because": "nicht gespeichert, weil",
    "attachment": "Anhang", "attachments": "Anhänge", "IMAP UID": "IMAP-UID", "mailbox problem": "Postfach-Problem",
    "mailbox problems": "Postfach-Probleme", "Unassigned messages": "Nicht zugeordnete Nachrichten",
    "Mailbox “%(name)s” could not be read (%(when)s); the worker keeps trying.":
        "Das Postfach „%(name)s“ konnte nicht gelesen werden (%(when)s); der Hintergrunddienst versucht es weiter.",
    "Messages from senders draht does not know yet. Open one to put it on a customer's timeline or to add the "
    "sender as a contact person.":
        "Nachrichten von Absendern, die draht noch nicht kennt. Öffnen Sie eine, um sie in die Zeitleiste eines "
        "Kunden zu legen oder den Absender als Ansprechpartner anzulegen.",
    "Received": "Empfangen", "From": "Von", "(no subject)": "(kein Betreff)",
    "Nothing waiting: every message has found its customer.": "Nichts offen: jede Nachricht hat ihren Kunden gefunden.",
    "Older": "Ältere", "Upload saved e-mails": "Gespeicherte E-Mails hochladen", "Upload": "Hochladen",
    "Messages that are stored already are recognised and skipped.":
        "Bereits gespeicherte Nachrichten werden erkannt und übersprungen.",
    "Mailboxes": "Postfächer",
    "The worker fetches new mail from these IMAP mailboxes. Messages stay on the server; each is stored once. "
    "Passwords are stored encrypted and never shown again.":
        "Der Hintergrunddienst holt neue Post aus diesen IMAP-Postfächern. Die Nachrichten bleiben auf dem Server; "
        "jede wird einmal gespeichert. Passwörter werden verschlüsselt gespeichert und nie wieder angezeigt.",
    "Server": "Server", "Last polled": "Zuletzt abgerufen", "cannot be read": "nicht lesbar", "OK": "OK",
    "Fetch now": "Jetzt abrufen", "Fetch everything again": "Alles erneut abrufen",
    "No mailboxes yet.": "Noch keine Postfächer.", "Change “%(name)s”": "„%(name)s“ ändern",
    "Add a mailbox": "Postfach hinzufügen",
    "Leave the password empty to keep the stored one.":
        "Lassen Sie das Passwort leer, um das gespeicherte zu behalten.",
    "Messages that could not be stored": "Nachrichten, die nicht gespeichert werden konnten", "Mailbox": "Postfach",
    "Reason": "Grund", "Message": "Nachricht", "To": "An", "Read with problems": "Mit Problemen gelesen",
    "Attachments": "Anhänge", "not stored": "nicht gespeichert", "Reply": "Antworten", "Assign": "Zuordnen",
    "Put on this timeline": "In diese Zeitleiste legen",
    "Add sender as contact person": "Absender als Ansprechpartner anlegen",
    "Find the customer": "Kunden suchen", "No customer found.": "Kein Kunde gefunden.",
    "%(sender)s was added as a contact person of %(customer)s.":
        "%(sender)s wurde als Ansprechpartner von %(customer)s angelegt.",
    "The message is on the timeline of %(customer)s.": "Die Nachricht liegt in der Zeitleiste von %(customer)s.",
    "This attachment was not stored: %(reason)s": "Dieser Anhang wurde nicht gespeichert: %(reason)s",
    "Choose an .eml or .mbox file.": "Wählen Sie eine .eml- oder .mbox-Datei.",
    "The file is larger than %(limit)s MB.": "Die Datei ist größer als %(limit)s MB.",
    "%(stored)s messages stored, %(known)s were there already.":
        "%(stored)s Nachrichten gespeichert, %(known)s waren schon vorhanden.",
    "Not stored: %(problem)s": "Nicht gespeichert: %(problem)s",
    "The mailbox was saved. The worker fetches new mail every %(minutes)s minutes.":
        "Das Postfach wurde gespeichert. Der Hintergrunddienst holt alle %(minutes)s Minuten neue Post.",
    "The worker fetches %(name)s now.": "Der Hintergrunddienst ruft %(name)s jetzt ab.",
    "to contact person": "an Ansprechpartner", "to": "an",
    "Addresses separated by commas; empty: the contact person's address":
        "Adressen durch Kommas getrennt; leer: die Adresse des Ansprechpartners",
    "{signature} is replaced by your signature.": "{signature} wird durch Ihre Signatur ersetzt.",
    "Whom should it go to?": "An wen soll sie gehen?", "Queued": "Wartet", "Sending": "Wird gesendet",
    "Sent": "Gesendet", "Failed": "Fehlgeschlagen", "Delivery unknown": "Zustellung unklar", "from": "von",
    "cc": "Kopie an", "bulk": "Massenversand", "written": "geschrieben", "outgoing e-mail": "ausgehende E-Mail",
    "outgoing e-mails": "ausgehende E-Mails", "E-mail to %(name)s": "E-Mail an %(name)s",
    "Reply to “%(subject)s”": "Antwort auf „%(subject)s“", "Send": "Senden",
    "Needs a decision": "Braucht eine Entscheidung",
    "“Delivery unknown”: the connection broke after the server may have taken the message. Check the recipient's "
    "or your sent folder, then book it as sent or send it again.":
        "„Zustellung unklar“: Die Verbindung brach ab, nachdem der Server die Nachricht vielleicht schon angenommen "
        "hatte. Prüfen Sie den Gesendet-Ordner oder fragen Sie beim Empfänger nach; dann als gesendet verbuchen oder "
        "erneut senden.",
    "Written": "Geschrieben", "It arrived: book as sent": "Ist angekommen: als gesendet verbuchen",
    "Send again": "Erneut senden", "Recent": "Zuletzt", "Nothing sent yet.": "Noch nichts gesendet.",
    "Good day,": "Guten Tag,", "The e-mail is in the outbox; the worker sends it in a moment.":
        "Die E-Mail liegt im Postausgang; der Hintergrunddienst sendet sie gleich.",
    "Booked as sent.": "Als gesendet verbucht.", "Queued again, with the same Message-ID.":
        "Erneut eingereiht, mit derselben Message-ID.",
    "key": "Schlüssel", "threads": "Unterhaltungen", "Open": "Öffnen",
    "%(count)s messages in this conversation": "%(count)s Nachrichten in dieser Unterhaltung",
})
DE.update({
    "The contact person does not belong to this customer.": "Der Ansprechpartner gehört nicht zu diesem Kunden.",
    "That message belongs to another customer.": "Diese Nachricht gehört zu einem anderen Kunden.",
})
DE.update({
    "Running": "Läuft", "Done": "Fertig", "processed": "verarbeitet", "stored": "gespeichert",
    "already there": "schon vorhanden", "e-mail upload": "E-Mail-Upload", "e-mail uploads": "E-Mail-Uploads",
    "%(done)s of %(total)s messages": "%(done)s von %(total)s Nachrichten",
    "%(n)s message not stored": ["%(n)s Nachricht nicht gespeichert", "%(n)s Nachrichten nicht gespeichert"],
})
DE.update({
    "E-mails are waiting: the mail server could not take them. The worker tries again (next at %(when)s); "
    "nothing is lost.":
        "E-Mails warten: Der Mailserver konnte sie nicht annehmen. Der Hintergrunddienst versucht es erneut "
        "(nächster Versuch um %(when)s); nichts geht verloren.",
})
DE.update({"A message needs an id and a text.": "Eine Nachricht braucht eine ID und einen Text."})
DE.update({"The message was put aside.": "Die Nachricht wurde beiseitegelegt.",
           "Put aside (spam, newsletter)": "Beiseitelegen (Spam, Newsletter)"})
DE.update({"The attachments are larger than %(limit)s MB together.":
           "Die Anhänge sind zusammen größer als %(limit)s MB."})
DE.update({"An attachment is not valid base64.": "Ein Anhang ist kein gültiges Base64."})
DE.update({"%(count)s automated messages were put aside.": "%(count)s automatische Nachrichten wurden beiseitegelegt.",
           "Put all automated messages aside": "Alle automatischen Nachrichten beiseitelegen"})
DE.update({"connection security": "Verbindungssicherheit",
           "TLS from the start (IMAPS, usually port 993)": "TLS von Anfang an (IMAPS, meist Port 993)",
           "STARTTLS (usually port 143)": "STARTTLS (meist Port 143)",
           "unencrypted (only for a server on this machine)":
           "unverschlüsselt (nur für einen Server auf diesem Rechner)"})
DE.update({"Port 993 speaks TLS from the start: choose IMAPS, or port 143 for STARTTLS.":
           "Port 993 spricht TLS von Anfang an: wählen Sie IMAPS oder für STARTTLS Port 143.",
           "Unencrypted, the password would cross the network readable: choose IMAPS or STARTTLS (unencrypted is "
           "only for a server on this machine).":
           "Unverschlüsselt ginge das Passwort lesbar durchs Netz: wählen Sie IMAPS oder STARTTLS (unverschlüsselt "
           "nur für einen Server auf diesem Rechner)."})
# Promises. Status words need their own context: "kept" is "behalten" for a merge, "eingehalten" for a promise.
DE.update({
    "promise\x04open": "offen", "promise\x04kept": "eingehalten", "promise\x04broken": "gebrochen",
    "promise\x04overdue": "überfällig", "promise\x04kept late": "verspätet eingehalten",
    "promise\x04kept on time": "pünktlich eingehalten",
    "Promises to keep": "Versprechen einzuhalten", "All my promises": "Alle meine Versprechen",
    "Promises": "Versprechen", "Promise": "Versprechen", "No open promises.": "Keine offenen Versprechen.",
    "Record promise": "Versprechen festhalten", "What did we promise?": "Was haben wir versprochen?",
    "As the customer heard it, e.g. “Offer for the new printers by Friday”.":
    "So, wie es der Kunde gehört hat, z. B. „Angebot für die neuen Drucker bis Freitag“.",
    "Who keeps it": "Wer hält es ein", "By when": "Bis wann",
    "A promise's date cannot lie in the past.": "Das Datum eines Versprechens kann nicht in der Vergangenheit liegen.",
    "Choose a date within the next three years.": "Wählen Sie ein Datum innerhalb der nächsten drei Jahre.",
    "%(user)s cannot keep promises to this customer.":
    "%(user)s kann diesem Kunden keine Versprechen einhalten.",
    "made in": "gegeben in", "what": "was", "who keeps it": "wer hält es ein", "by when": "bis wann",
    "reminded": "erinnert", "resolved on": "erledigt am", "resolved by": "erledigt von", "recorded": "erfasst",
    "promise": "Versprechen", "promises": "Versprechen",
    "This entry belongs to another customer.": "Dieser Eintrag gehört zu einem anderen Kunden.",
    "This promise was already marked %(status)s.": "Dieses Versprechen wurde schon als %(status)s markiert.",
    "Reminder: %(count)d promise to keep": ["Erinnerung: %(count)d Versprechen einzuhalten",
                                            "Erinnerung: %(count)d Versprechen einzuhalten"],
    "Hello %(name)s,": "Hallo %(name)s,",
    "these promises to customers are due soon or overdue:":
    "diese Versprechen an Kunden sind bald fällig oder überfällig:",
    "Mark them kept or broken here: %(url)s": "Markieren Sie sie hier als eingehalten oder gebrochen: %(url)s",
    "Promise to %(name)s": "Versprechen an %(name)s", "Made in": "Gegeben in", "Cancel": "Abbrechen",
    "What": "Was", "Promises kept": "Eingehaltene Versprechen",
    "Kept on time, of all promises whose date has come or that were resolved. Kept late, broken and overdue ones "
    "count against it.":
    "Pünktlich eingehalten, von allen Versprechen, deren Datum gekommen ist oder die erledigt sind. Verspätet "
    "eingehaltene, gebrochene und überfällige zählen dagegen.",
    "Rate": "Quote", "No promises yet.": "Noch keine Versprechen.", "No promises here.": "Hier gibt es keine "
    "Versprechen.",
    "Promise recorded; %(owner)s is reminded before the date.":
    "Versprechen festgehalten; %(owner)s wird vor dem Datum erinnert.",
    "Choose kept or broken.": "Wählen Sie eingehalten oder gebrochen.",
    "Marked kept.": "Als eingehalten markiert.", "Marked broken.": "Als gebrochen markiert.",
})
DE.update({"For the people chosen above (Mine, My team, Everyone).":
           "Für die oben gewählten Personen (Meine, Mein Team, Alle)."})
