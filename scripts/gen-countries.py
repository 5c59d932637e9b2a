#!/usr/bin/env python3
"""Generates Sources/Extractor/Lexicons/countries.tsv and the capitals block of places.tsv.

Usage: scripts/gen-countries.py [--check] [../shared/data/countries.json]
  --check  write nothing; exit 1 when the committed files differ from what would be generated

Input: mledoze/countries (ODbL 1.0): French common and official names, French masculine and
feminine demonyms, capitals (in English) and a representative point per country.
Hand additions below: French capital names and coordinates, extra French aliases and
demonym forms the data lacks, demonyms removed where two entries would share one (the
extractor cannot tell them apart), and the Nagorno-Karabakh authorities (NKR).
The output is committed; run this again after editing the tables, and review the diff.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEX = os.path.join(HERE, "..", "Sources", "Extractor", "Lexicons")

# Codes the data spells differently from what the records use.
CODE_FIX = {"UNK": "XKX"}  # Kosovo: the data uses UN's "UNK"; XKX is the common user code.

# English capital (as in the data) -> (French names, metonyms first; lat; lon).
# Coordinates are the city's, rounded to two decimals.
CAPITALS = {
    "Kabul": (["Kaboul", "Kabul"], 34.53, 69.17),
    "Luanda": (["Luanda"], -8.84, 13.23),
    "Tirana": (["Tirana"], 41.33, 19.82),
    "Andorra la Vella": (["Andorre-la-Vieille"], 42.51, 1.52),
    "Abu Dhabi": (["Abou Dhabi", "Abu Dhabi"], 24.45, 54.38),
    "Buenos Aires": (["Buenos Aires"], -34.60, -58.38),
    "Yerevan": (["Erevan", "Yerevan", "Erevan"], 40.18, 44.51),
    "Canberra": (["Canberra"], -35.28, 149.13),
    "Vienna": (["Vienne"], 48.21, 16.37),
    "Baku": (["Bakou", "Baku"], 40.41, 49.87),
    "Gitega": (["Gitega"], -3.43, 29.92),
    "Brussels": (["Bruxelles"], 50.85, 4.35),
    "Porto-Novo": (["Porto-Novo"], 6.50, 2.60),
    "Ouagadougou": (["Ouagadougou"], 12.37, -1.52),
    "Dhaka": (["Dacca", "Dhaka"], 23.81, 90.41),
    "Sofia": (["Sofia"], 42.70, 23.32),
    "Manama": (["Manama"], 26.23, 50.59),
    "Nassau": (["Nassau"], 25.05, -77.35),
    "Sarajevo": (["Sarajevo"], 43.86, 18.41),
    "Minsk": (["Minsk"], 53.90, 27.56),
    "Belmopan": (["Belmopan"], 17.25, -88.77),
    "Sucre": (["La Paz"], -16.50, -68.15),  # "sucre" is sugar: not listed
    "Brasília": (["Brasilia"], -15.79, -47.88),
    "Bridgetown": (["Bridgetown"], 13.10, -59.61),
    "Bandar Seri Begawan": (["Bandar Seri Begawan"], 4.90, 114.94),
    "Thimphu": (["Thimphou", "Thimphu"], 27.47, 89.64),
    "Gaborone": (["Gaborone"], -24.65, 25.91),
    "Bangui": (["Bangui"], 4.39, 18.56),
    "Ottawa": (["Ottawa"], 45.42, -75.70),
    "Bern": (["Berne"], 46.95, 7.45),
    "Santiago": (["Santiago", "Santiago du Chili"], -33.45, -70.67),
    "Beijing": (["Pékin", "Beijing"], 39.90, 116.41),
    "Yamoussoukro": (["Yamoussoukro"], 6.83, -5.29),
    "Yaoundé": (["Yaoundé"], 3.85, 11.50),
    "Kinshasa": (["Kinshasa"], -4.32, 15.31),
    "Brazzaville": (["Brazzaville"], -4.27, 15.28),
    "Bogotá": (["Bogota"], 4.71, -74.07),
    "Moroni": (["Moroni"], -11.70, 43.26),
    "Praia": (["Praia"], 14.93, -23.51),
    "San José": (["San José"], 9.93, -84.08),
    "Havana": (["La Havane"], 23.11, -82.37),
    "Nicosia": (["Nicosie"], 35.19, 33.38),
    "Prague": (["Prague"], 50.08, 14.44),
    "Berlin": (["Berlin"], 52.52, 13.40),
    "Djibouti": (["Djibouti"], 11.59, 43.15),
    "Roseau": (["Roseau"], 15.30, -61.39),
    "Copenhagen": (["Copenhague"], 55.68, 12.57),
    "Santo Domingo": (["Saint-Domingue"], 18.49, -69.93),
    "Algiers": (["Alger"], 36.75, 3.06),
    "Quito": (["Quito"], -0.18, -78.47),
    "Cairo": (["Le Caire"], 30.04, 31.24),
    "Asmara": (["Asmara"], 15.32, 38.93),
    "Madrid": (["Madrid"], 40.42, -3.70),
    "Tallinn": (["Tallinn"], 59.44, 24.75),
    "Addis Ababa": (["Addis-Abeba", "Addis Abeba"], 9.03, 38.74),
    "Helsinki": (["Helsinki"], 60.17, 24.94),
    "Suva": (["Suva"], -18.14, 178.44),
    "Paris": (["Paris"], 48.86, 2.35),
    "Palikir": (["Palikir"], 6.92, 158.16),
    "Libreville": (["Libreville"], 0.42, 9.47),
    "London": (["Londres"], 51.51, -0.13),
    "Tbilisi": (["Tbilissi", "Tbilisi"], 41.72, 44.79),
    "Accra": (["Accra"], 5.60, -0.19),
    "Conakry": (["Conakry"], 9.64, -13.58),
    "Banjul": (["Banjul"], 13.45, -16.58),
    "Bissau": (["Bissau"], 11.86, -15.60),
    "Malabo": (["Malabo"], 3.75, 8.78),
    "Athens": (["Athènes"], 37.98, 23.73),
    "St. George's": (["Saint-Georges"], 12.06, -61.75),
    "Guatemala City": (["Guatemala Ciudad"], 14.63, -90.51),
    "Georgetown": (["Georgetown"], 6.80, -58.16),
    "Tegucigalpa": (["Tegucigalpa"], 14.07, -87.19),
    "Zagreb": (["Zagreb"], 45.82, 15.98),
    "Port-au-Prince": (["Port-au-Prince"], 18.54, -72.34),
    "Budapest": (["Budapest"], 47.50, 19.04),
    "Jakarta": (["Jakarta", "Djakarta"], -6.21, 106.85),
    "New Delhi": (["New Delhi", "Delhi"], 28.61, 77.21),
    "Dublin": (["Dublin"], 53.35, -6.26),
    "Tehran": (["Téhéran"], 35.69, 51.39),
    "Baghdad": (["Bagdad"], 33.31, 44.37),
    "Reykjavik": (["Reykjavik"], 64.15, -21.94),
    "Jerusalem": (["Jérusalem"], 31.77, 35.21),
    "Rome": (["Rome"], 41.90, 12.50),
    "Kingston": (["Kingston"], 17.97, -76.79),
    "Amman": (["Amman"], 31.95, 35.93),
    "Tokyo": (["Tokyo"], 35.68, 139.69),
    "Astana": (["Astana"], 51.17, 71.45),
    "Nairobi": (["Nairobi"], -1.29, 36.82),
    "Bishkek": (["Bichkek"], 42.87, 74.59),
    "Phnom Penh": (["Phnom Penh"], 11.56, 104.93),
    "South Tarawa": (["Tarawa"], 1.33, 172.98),
    "Basseterre": (["Basseterre"], 17.30, -62.72),
    "Seoul": (["Séoul"], 37.57, 126.98),
    "Pristina": (["Pristina"], 42.66, 21.17),
    "Kuwait City": (["Koweït City"], 29.38, 47.99),
    "Vientiane": (["Vientiane"], 17.98, 102.63),
    "Beirut": (["Beyrouth"], 33.89, 35.50),
    "Monrovia": (["Monrovia"], 6.30, -10.80),
    "Tripoli": (["Tripoli"], 32.89, 13.19),
    "Castries": (["Castries"], 14.01, -60.99),
    "Vaduz": (["Vaduz"], 47.14, 9.52),
    "Colombo": (["Colombo"], 6.93, 79.86),
    "Maseru": (["Maseru"], -29.31, 27.48),
    "Vilnius": (["Vilnius"], 54.69, 25.28),
    "Luxembourg": (["Luxembourg-Ville"], 49.61, 6.13),
    "Riga": (["Riga"], 56.95, 24.11),
    "Rabat": (["Rabat"], 34.02, -6.84),
    "Monaco": (["Monaco-Ville"], 43.73, 7.42),
    "Chișinău": (["Chisinau", "Kichinev"], 47.01, 28.86),
    "Antananarivo": (["Antananarivo", "Tananarive"], -18.88, 47.51),
    "Malé": (["Malé"], 4.18, 73.51),
    "Mexico City": (["Mexico"], 19.43, -99.13),
    "Majuro": (["Majuro"], 7.09, 171.38),
    "Skopje": (["Skopje"], 42.00, 21.43),
    "Bamako": (["Bamako"], 12.64, -8.00),
    "Valletta": (["La Valette"], 35.90, 14.51),
    "Naypyidaw": (["Naypyidaw", "Naypyitaw"], 19.76, 96.08),
    "Podgorica": (["Podgorica"], 42.44, 19.26),
    "Ulan Bator": (["Oulan-Bator"], 47.89, 106.91),
    "Maputo": (["Maputo"], -25.97, 32.57),
    "Nouakchott": (["Nouakchott"], 18.08, -15.98),
    "Port Louis": (["Port-Louis"], -20.16, 57.50),
    "Lilongwe": (["Lilongwe"], -13.96, 33.77),
    "Kuala Lumpur": (["Kuala Lumpur"], 3.14, 101.69),
    "Windhoek": (["Windhoek"], -22.56, 17.08),
    "Niamey": (["Niamey"], 13.51, 2.11),
    "Abuja": (["Abuja"], 9.08, 7.40),
    "Managua": (["Managua"], 12.11, -86.24),
    "Amsterdam": (["Amsterdam"], 52.37, 4.90),
    "Oslo": (["Oslo"], 59.91, 10.75),
    "Kathmandu": (["Katmandou"], 27.72, 85.32),
    "Yaren": (["Yaren"], -0.55, 166.92),
    "Wellington": (["Wellington"], -41.29, 174.78),
    "Muscat": (["Mascate"], 23.59, 58.41),
    "Islamabad": (["Islamabad"], 33.68, 73.05),
    "Panama City": (["Panama City"], 8.98, -79.52),
    "Lima": (["Lima"], -12.05, -77.04),
    "Manila": (["Manille"], 14.60, 120.98),
    "Ngerulmud": (["Ngerulmud"], 7.50, 134.62),
    "Port Moresby": (["Port Moresby"], -9.44, 147.18),
    "Warsaw": (["Varsovie"], 52.23, 21.01),
    "Pyongyang": (["Pyongyang"], 39.04, 125.76),
    "Lisbon": (["Lisbonne"], 38.72, -9.14),
    "Asunción": (["Asuncion"], -25.26, -57.58),
    "Ramallah": (["Ramallah"], 31.90, 35.20),
    "Doha": (["Doha"], 25.29, 51.53),
    "Bucharest": (["Bucarest"], 44.43, 26.10),
    "Moscow": (["Moscou"], 55.76, 37.62),
    "Kigali": (["Kigali"], -1.94, 30.06),
    "Riyadh": (["Riyad", "Riyadh"], 24.71, 46.68),
    "Khartoum": (["Khartoum"], 15.50, 32.56),
    "Dakar": (["Dakar"], 14.72, -17.47),
    "Singapore": (["Singapour-Ville"], 1.29, 103.85),
    "Honiara": (["Honiara"], -9.43, 159.95),
    "Freetown": (["Freetown"], 8.47, -13.23),
    "San Salvador": (["San Salvador"], 13.69, -89.22),
    "City of San Marino": (["Saint-Marin-Ville"], 43.94, 12.45),
    "Mogadishu": (["Mogadiscio"], 2.05, 45.32),
    "Belgrade": (["Belgrade"], 44.79, 20.45),
    "Juba": (["Juba", "Djouba"], 4.85, 31.58),
    "São Tomé": (["São Tomé-Ville"], 0.34, 6.73),
    "Paramaribo": (["Paramaribo"], 5.85, -55.20),
    "Bratislava": (["Bratislava"], 48.15, 17.11),
    "Ljubljana": (["Ljubljana"], 46.06, 14.51),
    "Stockholm": (["Stockholm"], 59.33, 18.07),
    "Lobamba": (["Mbabane", "Lobamba"], -26.32, 31.14),
    "Victoria": (["Victoria"], -4.62, 55.45),
    "Damascus": (["Damas"], 33.51, 36.28),
    "N'Djamena": (["N'Djamena", "Ndjamena"], 12.13, 15.06),
    "Lomé": (["Lomé"], 6.13, 1.22),
    "Bangkok": (["Bangkok"], 13.76, 100.50),
    "Dushanbe": (["Douchanbé"], 38.56, 68.79),
    "Ashgabat": (["Achgabat"], 37.96, 58.33),
    "Dili": (["Dili"], -8.56, 125.56),
    "Nuku'alofa": (["Nuku'alofa"], -21.14, -175.20),
    "Port of Spain": (["Port-d'Espagne"], 10.66, -61.51),
    "Tunis": (["Tunis"], 36.81, 10.18),
    "Ankara": (["Ankara"], 39.93, 32.86),
    "Funafuti": (["Funafuti"], -8.52, 179.20),
    "Taipei": (["Taipei", "Taïpei"], 25.03, 121.57),
    "Dodoma": (["Dodoma"], -6.16, 35.75),
    "Kampala": (["Kampala"], 0.35, 32.58),
    "Kyiv": (["Kiev", "Kyiv"], 50.45, 30.52),
    "Montevideo": (["Montevideo"], -34.90, -56.16),
    "Washington D.C.": (["Washington"], 38.90, -77.04),
    "Tashkent": (["Tachkent"], 41.30, 69.24),
    "Vatican City": (["Vatican"], 41.90, 12.45),
    "Kingstown": (["Kingstown"], 13.16, -61.22),
    "Caracas": (["Caracas"], 10.48, -66.90),
    "Hanoi": (["Hanoï", "Hanoi"], 21.03, 105.85),
    "Port Vila": (["Port-Vila"], -17.73, 168.32),
    "Apia": (["Apia"], -13.83, -171.76),
    "Sana'a": (["Sanaa"], 15.37, 44.19),
    "Pretoria": (["Pretoria"], -25.75, 28.19),
    "Lusaka": (["Lusaka"], -15.39, 28.32),
    "Harare": (["Harare"], -17.83, 31.05),
    "Saint John's": (["Saint John's"], 17.12, -61.85),
}

# Extra French names for the state (accent-free forms are matched by the extractor anyway).
ALIASES = {
    "USA": ["Etats-Unis", "États-Unis d'Amérique", "USA"],
    "GBR": ["Grande-Bretagne", "Royaume-Uni", "Angleterre"],
    "RUS": ["Fédération de Russie"],
    "CZE": ["République tchèque"],
    "BLR": ["Bélarus", "Belarus"],
    "MDA": ["République de Moldavie", "Moldova"],
    "MKD": ["Macédoine"],
    "COD": ["RDC", "RD Congo", "République démocratique du Congo", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "CIV": ["Côte-d'Ivoire"],
    "ISR": ["État hébreu", "Etat hébreu"],
    "PSE": ["Territoires palestiniens", "Autorité palestinienne"],
    "TUR": ["Türkiye"],
    "MMR": ["Myanmar"],
    "VNM": ["Vietnam", "Viêtnam"],
    "KOR": ["République de Corée"],
    "PRK": ["RPDC"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cap-Vert"],
    "TLS": ["Timor-Leste"],
    "ARE": ["EAU", "Emirats arabes unis"],
    "SAU": ["Arabie saoudite"],
    "NGA": ["Nigeria"],
    "LBR": ["Libéria"],
    "SUR": ["Suriname"],
    "KGZ": ["Kirghizstan"],
    "ESH": ["Sahara occidental"],
    "TWN": ["Taiwan"],
    "AZE": ["République d'Azerbaïdjan"],
    "ARM": ["République d'Arménie"],
    "IRN": ["République islamique d'Iran"],
    "VAT": ["Saint-Siège", "Vatican"],
    "PLW": ["Palaos", "Palau"],
    "STP": ["Sao Tomé-et-Principe"],
    "BIH": ["Bosnie"],
    "CAF": ["Centrafrique"],
}

# Demonym forms the data lacks or gets wrong: code -> the masculine and feminine singulars.
DEMONYM_FIX = {
    "ARE": [("émirien", "émirienne"), ("émirati", "émiratie")],
    "BHR": [("bahreïnien", "bahreïnienne"), ("bahreïni", "bahreïnie")],
    "SWZ": [("swazi", "swazie")],
    "ATG": [("antiguais", "antiguaise")],
    "SPM": [("saint-pierrais", "saint-pierraise")],
    "USA": [("américain", "américaine"), ("étatsunien", "étatsunienne")],
    "GBR": [("britannique", "britannique"), ("anglais", "anglaise")],
    "NZL": [("néo-zélandais", "néo-zélandaise")],
    "NLD": [("néerlandais", "néerlandaise"), ("hollandais", "hollandaise")],
    "BIH": [("bosnien", "bosnienne"), ("bosniaque", "bosniaque")],
    "PSE": [("palestinien", "palestinienne")],
    "KOR": [("sud-coréen", "sud-coréenne")],
    "PRK": [("nord-coréen", "nord-coréenne")],
    "NGA": [("nigérian", "nigériane"), ("nigerian", "nigeriane")],
    "BFA": [("burkinabé", "burkinabée"), ("burkinabè", "burkinabè")],
    "KAZ": [("kazakh", "kazakhe"), ("kazakhstanais", "kazakhstanaise")],
    "TJK": [("tadjik", "tadjike")],
    "UZB": [("ouzbek", "ouzbèke")],
    "MMR": [("birman", "birmane")],
}

# Demonyms of dependencies that are really another state's (or shared), so dropped there.
DROP_DEMONYMS = {"ATF", "BES", "MNP", "COG", "SXM", "MAF", "UMI", "ASM"}

# Capitals that equal the country's name would make the country a metonym of itself; the
# city is kept under a distinct name above, but not as a metonym.
# "Bruxelles" stands for the EU in French reporting (organizations.tsv), not for Belgium.
# Names that are also common French words ("en berne", "qu'il vienne", "mâle") or first names
# are places only, never a government.
NOT_METONYM = {"Bruxelles", "Berne", "Vienne", "Malé", "Roseau", "Luxembourg-Ville", "Monaco-Ville", "Singapour-Ville", "Koweït City",
               "Panama City", "Guatemala Ciudad", "Saint-Marin-Ville", "São Tomé-Ville",
               "Djibouti", "Vatican", "Saint-Georges", "Victoria", "Kingston"}

# Common names that are also ordinary French words or first names ("une grenade", "la réunion
# des ministres", "Dominique"): the state is named by a longer, unambiguous form instead.
NAME_FIX = {
    "GRD": "île de la Grenade",
    "DMA": "île de la Dominique",
    "REU": "île de la Réunion",
}

# Territories that are not states: their capitals do not stand for a government.
METONYM_STATES = {"PSE", "TWN", "XKX"}

NKR = {
    "code": "NKR",
    "name": "Haut-Karabakh",
    "aliases": ["Artsakh", "Nagorny-Karabakh", "Nagorny Karabakh", "Nagorno-Karabakh",
                "Haut Karabakh", "Karabakh", "République du Haut-Karabakh",
                "République d'Artsakh", "république autoproclamée du Haut-Karabakh",
                "république autoproclamée", "république séparatiste",
                "république sécessionniste"],
    "demonyms": ["karabakhtsi", "karabakhi"],
    "capitals": ["Stepanakert"],
    "lat": 39.82, "lon": 46.75,
}


def plural(word):
    if word.endswith(("s", "x", "z")):
        return word
    return word + "s"


def demonym_forms(m, f):
    out = []
    for w in (m, f, plural(m), plural(f)):
        w = w.strip()
        if w and w.lower() not in out:
            out.append(w.lower())
    # Noun forms ("les Arméniens") are capitalized in French.
    for w in list(out):
        cap = w[0].upper() + w[1:]
        if cap not in out:
            out.append(cap)
    return out


def clean(cell):
    if "\t" in cell or "\n" in cell:
        raise SystemExit(f"cell holds a separator: {cell!r}")
    return cell


def fmt(x):
    return f"{float(x):.2f}"


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    src = args[0] if args else os.path.join(HERE, "..", "..", "shared", "data", "countries.json")
    data = json.load(open(src, encoding="utf-8"))
    rows = []
    capitals_rows = []
    seen_demonyms = {}
    for c in sorted(data, key=lambda c: CODE_FIX.get(c["cca3"], c["cca3"])):
        code = CODE_FIX.get(c["cca3"], c["cca3"])
        fra = c["translations"]["fra"]
        name = NAME_FIX.get(code, fra["common"])
        aliases = []
        official = [] if fra["official"][:1].islower() or fra["official"].startswith("Les ") else [fra["official"]]
        for a in official + ALIASES.get(code, []):
            a = " ".join(a.replace("d' ", "d'").replace("l' ", "l'").split())
            if a and a != name and a not in aliases and a != fra["common"]:
                aliases.append(a)
        demonyms = []
        if code not in DROP_DEMONYMS:
            pairs = DEMONYM_FIX.get(code)
            if pairs is None:
                d = c["demonyms"].get("fra") or {}
                m, f = d.get("m", ""), d.get("f", "")
                pairs = [(m, f)] if m and f and "," not in m and " " not in m else []
            for m, f in pairs:
                for w in demonym_forms(m, f):
                    if w not in demonyms:
                        demonyms.append(w)
        for w in demonyms:
            if w in seen_demonyms:
                raise SystemExit(f"demonym {w} given to {seen_demonyms[w]} and {code}")
            seen_demonyms[w] = code
        capitals = []
        for cap in c["capital"][:1]:
            entry = CAPITALS.get(cap)
            if entry is None:
                continue
            names, lat, lon = entry
            names = list(dict.fromkeys(names))
            if c.get("independent") or code in METONYM_STATES:
                # "la capitale ukrainienne" names the place as wires write it once the city was named.
                feminine = [f.strip().lower() for _, f in (DEMONYM_FIX.get(code) or [])[:1] if f.strip()]
                if not feminine and code not in DROP_DEMONYMS:
                    f = ((c["demonyms"].get("fra") or {}).get("f") or "").strip()
                    feminine = [f.lower()] if f and "," not in f and " " not in f else []
                if code in DROP_DEMONYMS:
                    feminine = []
                capitals_rows.append((names[0], names[1:] + [f"capitale {f}" for f in feminine], code, lat, lon))
                capitals += [n for n in names if n not in NOT_METONYM]
        lat, lon = c["latlng"] if len(c["latlng"]) == 2 else ("", "")
        rows.append([code, name, "|".join(aliases), "|".join(demonyms), "|".join(capitals),
                     fmt(lat), fmt(lon)])
    rows.append([NKR["code"], NKR["name"], "|".join(NKR["aliases"]), "|".join(NKR["demonyms"]),
                 "|".join(NKR["capitals"]), fmt(NKR["lat"]), fmt(NKR["lon"])])

    countries = "".join([
        "# GENERATED by scripts/gen-countries.py from mledoze/countries (ODbL 1.0, see NOTICE)\n",
        "# plus the hand tables in that script. Edit the script, not this file.\n",
        "# code\tname\taliases\tdemonyms\tcapitals\tlat\tlon\n",
        "code\tname\taliases\tdemonyms\tcapitals\tlat\tlon\n",
    ] + ["\t".join(clean(x) for x in r) + "\n" for r in rows])

    # The capitals block of places.tsv, between markers; the rest of that file is hand-written.
    places = os.path.join(LEX, "places.tsv")
    text = open(places, encoding="utf-8").read()
    begin, end = "# BEGIN capitals (generated by scripts/gen-countries.py)\n", "# END capitals\n"
    i, j = text.index(begin), text.index(end)
    block = "".join(f"{n}\t{'|'.join(a)}\t{code}\t{fmt(lat)}\t{fmt(lon)}\tcapital\n"
                    for n, a, code, lat, lon in sorted(capitals_rows, key=lambda r: r[2]))
    new_places = text[: i + len(begin)] + block + text[j:]
    targets = [(os.path.join(LEX, "countries.tsv"), countries), (places, new_places)]
    if check:
        stale = [p for p, content in targets if open(p, encoding="utf-8").read() != content]
        for p in stale:
            print(f"{os.path.relpath(p)} differs from what scripts/gen-countries.py generates; run it")
        sys.exit(1 if stale else 0)
    for p, content in targets:
        with open(p, "w", encoding="utf-8") as out:
            out.write(content)
    print(f"countries.tsv: {len(rows)} rows; places.tsv capitals: {len(capitals_rows)} rows")


if __name__ == "__main__":
    main()
