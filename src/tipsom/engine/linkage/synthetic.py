"""Synthetic person records with a known truth: the same person registered by several
organisations, each writing the name its own way.

Each person gets 1 to 4 records in different sources. A copy may carry: a transliteration
variant (Mohammad for Muhammad, Kureshi for Qureshi, ...), a typo, first and family name
swapped, a missing father's name or district, the birth year instead of the birth date or
nothing, a changed or missing phone, a missing document. Seeded: a seed gives the same
records again.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

MALE = [
    "Ali",
    "Ahmed",
    "Bilal",
    "Imran",
    "Usman",
    "Tariq",
    "Asif",
    "Kamran",
    "Faisal",
    "Shahid",
    "Zahid",
    "Naveed",
    "Waqas",
    "Adnan",
    "Irfan",
    "Zeeshan",
    "Hamza",
    "Hassan",
    "Hussain",
    "Abdullah",
    "Arslan",
    "Umar",
    "Yousaf",
    "Rizwan",
    "Sajid",
    "Nadeem",
    "Shahzad",
    "Akram",
    "Aslam",
    "Javed",
    "Khalid",
    "Tahir",
    "Mansoor",
    "Asghar",
    "Amjad",
    "Sohail",
    "Junaid",
    "Farhan",
    "Atif",
    "Babar",
    "Danish",
    "Ehsan",
    "Fahad",
    "Haroon",
    "Iqbal",
    "Jahangir",
    "Nasir",
    "Rashid",
    "Sarfraz",
    "Tanveer",
    "Waseem",
    "Yasir",
    "Zubair",
    "Shahbaz",
    "Awais",
    "Umair",
    "Mohsin",
    "Kashif",
    "Sheraz",
    "Shoaib",
    "Tayyab",
    "Noman",
    "Saleem",
    "Naqibullah",
    "Samiullah",
    "Hayatullah",
    "Asadullah",
    "Jalal",
    "Bahram",
    "Sikandar",
]
FEMALE = [
    "Ayesha",
    "Fatima",
    "Zainab",
    "Khadija",
    "Maryam",
    "Saima",
    "Nasreen",
    "Shazia",
    "Rukhsana",
    "Parveen",
    "Bushra",
    "Samina",
    "Nazia",
    "Sadia",
    "Amna",
    "Hina",
    "Rabia",
    "Sana",
    "Kiran",
    "Iqra",
    "Mehwish",
    "Sobia",
    "Uzma",
    "Farzana",
    "Shabana",
    "Naseem",
    "Razia",
    "Tahira",
    "Asma",
    "Noreen",
    "Sidra",
    "Mahnoor",
    "Aqsa",
    "Anam",
    "Hira",
    "Javeria",
    "Kalsoom",
    "Zarina",
    "Shagufta",
    "Robina",
    "Nargis",
    "Sughra",
    "Zubaida",
    "Shamim",
    "Rehana",
]
FAMILY = [
    "Khan",
    "Qureshi",
    "Butt",
    "Malik",
    "Awan",
    "Raza",
    "Shah",
    "Baloch",
    "Chaudhry",
    "Bhatti",
    "Mughal",
    "Sheikh",
    "Rajput",
    "Jatt",
    "Abbasi",
    "Siddiqui",
    "Ansari",
    "Hashmi",
    "Gillani",
    "Bukhari",
    "Niazi",
    "Afridi",
    "Yousafzai",
    "Khattak",
    "Marri",
    "Bugti",
    "Mengal",
    "Memon",
    "Soomro",
    "Laghari",
    "Jamali",
    "Khoso",
    "Kharal",
    "Gondal",
    "Cheema",
    "Warraich",
    "Sial",
    "Tarar",
    "Wattoo",
]
FATHER = [
    "Muhammad Aslam",
    "Muhammad Akram",
    "Muhammad Ashraf",
    "Muhammad Sharif",
    "Ghulam Nabi",
    "Ghulam Muhammad",
    "Allah Ditta",
    "Abdul Ghafoor",
    "Abdul Majeed",
    "Noor Muhammad",
    "Fazal Din",
    "Bashir Ahmed",
    "Nazir Ahmed",
    "Mushtaq Ahmed",
    "Sardar Ali",
    "Sher Muhammad",
    "Barkat Ali",
    "Karam Dad",
    "Abdul Sattar",
    "Rasheed Ahmed",
]
DISTRICTS = [
    "Lahore",
    "Gujranwala",
    "Sialkot",
    "Faisalabad",
    "Karachi",
    "Hyderabad",
    "Larkana",
    "Peshawar",
    "Mardan",
    "Swat",
    "Quetta",
    "Turbat",
    "Gwadar",
    "Islamabad",
    "Rawalpindi",
    "Multan",
    "Bahawalpur",
    "Dera Ghazi Khan",
    "Mandi Bahauddin",
]
VARIANTS = {
    "Muhammad": ["Mohammad", "Mohammed", "Muhammed", "Mohd"],
    "Ahmed": ["Ahmad"],
    "Hussain": ["Husain", "Hussein"],
    "Hassan": ["Hasan"],
    "Abdullah": ["Abdulla"],
    "Qureshi": ["Kureshi", "Quraishi"],
    "Chaudhry": ["Chaudhary", "Choudhry"],
    "Yousaf": ["Yusuf", "Yousuf"],
    "Umar": ["Omar", "Umer"],
    "Ayesha": ["Aisha", "Aysha"],
    "Zainab": ["Zenab", "Zaynab"],
    "Khadija": ["Khadeeja"],
    "Fatima": ["Fatimah"],
    "Sheikh": ["Shaikh"],
    "Samiullah": ["Samiulla", "Sami Ullah"],
    "Naqibullah": ["Naqibulla", "Naqib Ullah"],
    "Khan": ["Khaan"],
}
SOURCES = ["FIA", "POLICE", "IOM", "NGO", "SHELTER"]


def _words(text: str) -> list[str]:
    return text.split()


# More of the names and places people in the register carry: the lists above alone repeat
# too often at a million records (a person's name and district would be shared by dozens),
# which real registers, with their thousands of names, do not. Drawn with Zipf-like weights:
# the first names of each list are the common ones.
MORE_MALE = _words(
    """Aamir Abid Adeel Adil Afzal Aftab Ahsan Aijaz Akbar Akhtar Altaf Amir Anees Anwar
Arif Arshad Asad Ashfaq Ashraf Ayaz Azhar Aziz Basit Fahim Faraz Farooq Fawad Ghazanfar Habib
Hafeez Hamid Haris Hashim Hidayat Ijaz Ikram Ilyas Imtiaz Inam Iftikhar Ishaq Ismail Jabbar
Jamil Jawad Kaleem Kamal Karim Khurram Latif Liaqat Mahmood Majid Maqsood Masood Mazhar Mehboob
Mubashir Mudassar Mujahid Mukhtar Munir Murtaza Mustafa Nabeel Nafees Naeem Najeeb Naseer
Nauman Nawaz Nisar Obaid Owais Pervaiz Qaiser Qasim Rafiq Rahim Rameez Raheel Rauf Rehan
Riaz Rizwan Saad Sabir Saeed Safdar Sajjad Salman Samir Sami Sarwar Shafiq Shakeel Shakir
Shamshad Shaukat Sibtain Suleman Tahseen Taimoor Talha Taufeeq Usama Wajid Wali Waheed Yaqoob
Younas Zafar Zaheer Zaman Zia Zulfiqar Gul Sultan Shams Daud Dost Habibullah Rahmatullah
Ehsanullah Kaleemullah Saifullah Zabihullah Obaidullah Inayatullah Rafiullah Shafiullah
Fazlullah Amanullah Hameedullah Najibullah Wahid Jan Mir Khial Gulzar Lal Ramzan Rehmat
Shaban Nazeer Siddique Sadiq Hanif Latif Rashid"""
)
MORE_FEMALE = _words(
    """Abida Adeela Afshan Aisha Alia Alina Aliya Ambreen Aneela Aneesa Anila Arifa Asiya
Atiya Azra Bilqees Fareeda Farah Farida Fauzia Fozia Ghazala Gulnaz Gulshan Hajra Hamida
Haseena Humaira Huma Iffat Ishrat Jamila Kausar Khalida Kishwar Lubna Madiha Mahjabeen Maliha
Mariam Mehnaz Memoona Mumtaz Munaza Musarrat Nabila Nadia Naheed Najma Nasima Nazish Nighat
Nusrat Rafia Rashida Rifat Rizwana Roshan Rubina Sabira Sadaf Safia Sajida Sakina Salma Sameera
Saira Sakeena Shahida Shaheen Shaista Shakila Shamsa Sharifa Shehnaz Shireen Sitara Sumaira
Surayya Tabassum Tahmina Tanzeela Uzma Wajiha Yasmeen Zahida Zahra Zakia Zara Zohra Zulekha
Gul Bano Noor Pari Sultana Firdous Hameeda Jannat Kaneez Mehrunnisa Nafeesa"""
)
MORE_FAMILY = _words(
    """Syed Naqvi Rizvi Zaidi Kazmi Jafri Abidi Alvi Usmani Farooqi Mirza Baig Janjua
Satti Kayani Dar Lone Mir Wani Bajwa Ghumman Chattha Tiwana Noon Virk Sandhu Ranjha Khokhar Dogar
Joiya Langah Rana Arain Gujjar Kamboh Lodhi Marwat Gandapur Swati Tanoli Jadoon Shinwari
Mohmand Bangash Orakzai Wazir Mehsud Durrani Tareen Kakar Achakzai Rind Lashari Jatoi Leghari
Mazari Khosa Magsi Chandio Junejo Bhutto Mahar Shar Rajper Talpur Pathan Paracha Sethi Kazi
Pirzada Makhdoom Qazi Hussaini Bokhari Zardari Dahri Samoon Channa Abro Panhwar Rahimoon
Kalhoro Unar Sahito Brohi Lango Zehri Raisani Jogezai Mandokhail Kasi Umrani Domki"""
)
MORE_DISTRICTS = _words(
    """Sargodha Sheikhupura Kasur Okara Sahiwal Jhang Chiniot Vehari Khanewal Lodhran
Rahim_Yar_Khan Muzaffargarh Layyah Bhakkar Mianwali Khushab Jhelum Chakwal Attock Gujrat
Narowal Hafizabad Pakpattan Toba_Tek_Singh Nankana_Sahib Sukkur Khairpur Nawabshah Dadu
Jacobabad Shikarpur Mirpur_Khas Thatta Badin Sanghar Umerkot Tharparkar Abbottabad Mansehra
Kohat Bannu Dera_Ismail_Khan Charsadda Nowshera Swabi Dir Chitral Buner Haripur Khuzdar
Sibi Zhob Loralai Kech Panjgur Chagai Nasirabad Jaffarabad Muzaffarabad Mirpur Gilgit
Skardu"""
)
MALE += [n for n in MORE_MALE if n not in MALE]
FEMALE += [n for n in MORE_FEMALE if n not in FEMALE]
FAMILY += [n for n in MORE_FAMILY if n not in FAMILY]
DISTRICTS += [d.replace("_", " ") for d in MORE_DISTRICTS]
# Fathers' names are men's names, often with Muhammad, Ghulam or Abdul before them.
FATHER += [f"{prefix} {n}" for prefix in ("Muhammad", "Ghulam") for n in MALE[:60] if " " not in n]


def _zipf(names: list[str]) -> list[float]:
    """Cumulative weights 1/rank^0.9: a few names are common, most are rare."""
    total, cumulative = 0.0, []
    for rank in range(1, len(names) + 1):
        total += rank**-0.9
        cumulative.append(total)
    return cumulative


_WEIGHTS: dict[int, list[float]] = {}


def _pick(names: list[str], rng: random.Random) -> str:
    weights = _WEIGHTS.get(id(names))
    if weights is None or len(weights) != len(names):
        weights = _WEIGHTS[id(names)] = _zipf(names)
    return rng.choices(names, cum_weights=weights)[0]


def _respell(name: str, rng: random.Random) -> str:
    words = []
    for word in name.split():
        options = VARIANTS.get(word)
        words.append(rng.choice(options) if options and rng.random() < 0.6 else word)
    return " ".join(words)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
    return word[:i] + word[i] + word[i:]  # a letter doubled


def people(persons: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """``persons`` true persons, each as 1-4 records; every record carries ``entity`` (the
    true person) and ``unique_id``."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    start = date(1965, 1, 1)
    n = 0
    for entity in range(persons):
        sex = rng.choice(["male", "female"])
        first = _pick(MALE if sex == "male" else FEMALE, rng)
        if sex == "male" and rng.random() < 0.35:
            first = f"Muhammad {first}"
        family = _pick(FAMILY, rng)
        father = _pick(FATHER, rng)
        born = start + timedelta(days=rng.randint(0, 15000))
        document = f"{rng.randint(10000, 99999)}{rng.randint(1000000, 9999999)}{rng.randint(1, 9)}"
        phone = f"+92{rng.randint(300, 349)}{rng.randint(1000000, 9999999)}"
        district = _pick(DISTRICTS, rng)
        copies = rng.choices([1, 2, 3, 4], weights=[55, 25, 13, 7])[0]
        for source in rng.sample(SOURCES, copies):
            record: dict[str, Any] = {
                "unique_id": f"r{n}",
                "entity": f"p{entity}",
                "source": source,
                "first_name": _respell(first, rng),
                "family_name": _respell(family, rng),
                "father_name": _respell(father, rng) if rng.random() > 0.25 else "",
                "birth_date": born.isoformat(),
                "birth_year": None,
                "document": document if rng.random() > 0.4 else "",
                "phone": phone if rng.random() > 0.3 else "",
                "district": district if rng.random() > 0.2 else "",
                "sex": sex,
            }
            if n and rng.random() < 0.15:  # typo in the given or family name
                key = rng.choice(["first_name", "family_name"])
                words = record[key].split()
                words[-1] = _typo(words[-1], rng)
                record[key] = " ".join(words)
            if rng.random() < 0.08:  # first and family name swapped
                record["first_name"], record["family_name"] = (
                    record["family_name"],
                    record["first_name"],
                )
            roll = rng.random()
            if roll < 0.25:  # only the age was asked: the birth year
                record["birth_date"], record["birth_year"] = (
                    "",
                    born.year + rng.choice([0, 0, -1, 1]),
                )
            elif roll < 0.35:
                record["birth_date"] = ""
            if record["phone"] and rng.random() < 0.15:  # a new SIM card
                record["phone"] = f"+92{rng.randint(300, 349)}{rng.randint(1000000, 9999999)}"
            n += 1
            yield record
