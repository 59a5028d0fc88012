"""Write a CSV of N customers with contact persons as Excel writes it in German locales (cp1252, ;).

    python bench/make_import_csv.py 100000 bench/out/import.csv
"""

import random
import sys

FIRST = ["Anna", "Jürgen", "Maria", "Stefan", "Sabine", "Thomas", "Claudia", "Michael", "Eva", "Lukas", "Sophie"]
LAST = ["Müller", "Schmidt", "Huber", "Gruber", "Wagner", "Bauer", "Pichler", "Weiß", "Steiner", "Moser", "Hofer"]
FORMS = ["GmbH", "KG", "OG", "AG", "e.U.", "GesmbH"]
PLACES = [("DE", "80331", "München", "089"), ("AT", "1010", "Wien", "01"), ("AT", "8010", "Graz", "0316"),
          ("CH", "3011", "Bern", "031"), ("IT", "39100", "Bozen", "0471"), ("DE", "10115", "Berlin", "030")]


def main(count: int, path: str) -> None:
    rng = random.Random(7)
    with open(path, "w", encoding="cp1252", newline="") as out:
        out.write("Kundennummer;Firma;Straße;PLZ;Ort;Land;Telefon;E-Mail;Anrede;Vorname;Nachname;Position;"
                  "Mobil;Geburtstag;Schlagworte\r\n")
        for n in range(count):
            country, plz, city, area = PLACES[n % len(PLACES)]
            last, first = rng.choice(LAST), rng.choice(FIRST)
            company = f"{last} {rng.choice(['Bau', 'Handel', 'Technik', 'Druck', 'Holz'])} {n} {rng.choice(FORMS)}"
            phone = f"{area} {2000000 + n}"
            mobile = {"DE": "0171", "AT": "0664", "CH": "079", "IT": "347"}[country] + f" {1000000 + n}"
            out.write(f"K{n:07d};{company};Hauptstraße {n % 200 + 1};{plz};{city};{country};{phone};"
                      f"office{n}@example.com;{rng.choice(['Herr', 'Frau'])};{first};{last};Geschäftsführung;"
                      f"{mobile};{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.19{rng.randint(50, 99)};"
                      f"\"Import, {country}\"\r\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
