"""Invented names of persons from Pakistan and Afghanistan, with their spellings."""

from __future__ import annotations

from datetime import date

from tipsom.cases import choices as c

DEFAULT_SEED = 2026
FIRST_DAY = date(2019, 1, 1)

# Demo users who own the generated cases, with their share of the cases.
OWNERS: tuple[tuple[str, int], ...] = (
    ("caseworker.iom", 45),
    ("caseworker", 35),
    ("investigator", 20),
)
# Who decided a trafficking status, by the owner's organisation.
DECIDED_BY = {"IOM": c.DecisionMakingOrg.OTHER, "PSSS": c.DecisionMakingOrg.NGO}

# --- names -----------------------------------------------------------------------------------


def _list(text: str) -> list[str]:
    """Names written as one comma-separated text: ``"Ali, Abdul Rehman"`` -> two names."""
    return [item.strip() for item in text.split(",") if item.strip()]


MALE = _list(
    "Ali, Ahmed, Bilal, Imran, Usman, Tariq, Asif, Kamran, Faisal, Shahid, Zahid, Naveed, Waqas,"
    "Adnan, Irfan, Zeeshan, Hamza, Hassan, Hussain, Abdullah, Arslan, Umar, Yousaf, Rizwan, Sajid,"
    "Nadeem, Shahzad, Akram, Aslam, Javed, Khalid, Tahir, Mansoor, Asghar, Amjad, Sohail, Junaid,"
    "Farhan, Atif, Babar, Danish, Ehsan, Fahad, Haroon, Iqbal, Jahangir, Mudassar, Nasir, Qaiser,"
    "Rashid, Sarfraz, Tanveer, Waseem, Yasir, Zubair, Shahbaz, Awais, Umair, Mohsin, Kashif,"
    "Sheraz, Shoaib, Tayyab, Abrar, Zaheer, Noman, Saleem, Abdul Rehman, Abdul Qadeer,"
    "Ghulam Rasool, Ghulam Abbas, Inam ul Haq, Zia ud Din, Fazal ur Rehman, Saifullah, Ali Raza,"
    "Noor Ahmed"
)
MALE_PASHTUN = _list(
    "Gul Khan, Wali Khan, Naqibullah, Ihsanullah, Aminullah, Zabihullah, Samiullah, Hayatullah,"
    "Asadullah, Rahimullah, Sher Ali, Jan Muhammad, Noor Wali, Bakht Zada, Shah Faisal"
)
MALE_BALOCH = _list("Hammal, Jalal, Dad Karim, Shahdad, Bahram, Mir Hazar, Baran, Nabi Bakhsh")
MALE_SINDHI = _list(
    "Ali Nawaz, Ghulam Mustafa, Imdad Ali, Sikandar Ali, Manzoor Ahmed, Shaman Ali, Nisar Ahmed,"
    "Ali Gohar"
)
FEMALE = _list(
    "Ayesha, Fatima, Zainab, Khadija, Maryam, Saima, Nasreen, Shazia, Rukhsana, Parveen, Bushra,"
    "Samina, Nazia, Sadia, Amna, Hina, Rabia, Sana, Kiran, Iqra, Mehwish, Sobia, Uzma, Farzana,"
    "Shabana, Naseem, Razia, Tahira, Asma, Noreen, Sidra, Mahnoor, Aqsa, Anam, Hira, Javeria,"
    "Kalsoom, Zarina, Shagufta, Robina, Nargis, Sughra, Zubaida, Shamim, Rehana, Gul Bano,"
    "Mah Jabeen, Noor Jehan, Bibi Hajra"
)
FATHERS = _list(
    "Muhammad Aslam, Muhammad Akram, Muhammad Ashraf, Muhammad Sharif, Muhammad Boota,"
    "Muhammad Latif, Muhammad Yousaf, Muhammad Iqbal, Ghulam Nabi, Ghulam Muhammad, Ghulam Qadir,"
    "Ghulam Hyder, Allah Ditta, Allah Rakha, Abdul Ghafoor, Abdul Majeed, Abdul Rasheed,"
    "Abdul Sattar, Noor Muhammad, Dost Muhammad, Fazal Din, Siraj Din, Manzoor Ahmed, Bashir Ahmed,"
    "Nazir Ahmed, Rasheed Ahmed, Mushtaq Ahmed, Sardar Ali, Karam Dad, Sher Muhammad, Barkat Ali,"
    "Liaqat Ali, Inayat Ullah, Rehmat Ali, Sultan Mahmood, Khushi Muhammad, Mehar Din,"
    "Talib Hussain, Riaz Ahmed, Shaukat Ali"
)
FATHERS_OF = {
    "pashtun": _list(
        "Gul Khan, Sher Zaman, Wali Muhammad, Haji Gul, Taj Muhammad, Said Rahman, Fazal Rabi,"
        "Khan Zada, Amir Muhammad, Muhammad Nabi"
    ),
    "baloch": _list("Dad Muhammad, Mir Jan, Karim Bakhsh, Murad Bakhsh, Dur Muhammad"),
    "sindhi": _list("Allah Bachayo, Khuda Bux, Pir Bux, Ghulam Hyder, Ali Muhammad"),
}
FATHERS_OF["afghan"] = FATHERS_OF["pashtun"]
MALE_OF = {"pashtun": MALE_PASHTUN, "afghan": MALE_PASHTUN, "baloch": MALE_BALOCH}
MALE_OF["sindhi"] = MALE_SINDHI
FAMILIES = {
    "punjab": _list(
        "Chaudhry, Butt, Awan, Malik, Gujjar, Jatt, Arain, Rajput, Bhatti, Cheema, Warraich, Virk,"
        "Sandhu, Bajwa, Goraya, Tarar, Kharal, Sheikh, Mughal, Qureshi, Ansari, Dogar, Janjua,"
        "Hashmi, Gondal, Ranjha, Sahi, Mirza, Ahmed, Hussain"
    ),
    "pashtun": _list(
        "Khan, Yousafzai, Afridi, Khattak, Mohmand, Shinwari, Orakzai, Bangash, Marwat, Durrani,"
        "Swati, Tanoli, Gandapur, Shah, Kakar, Achakzai"
    ),
    "sindhi": _list(
        "Jatoi, Soomro, Memon, Bhutto, Chandio, Magsi, Shah, Laghari, Mahar, Unar, Abro, Junejo,"
        "Qureshi, Syed"
    ),
    "baloch": _list("Baloch, Baloch, Baloch, Bugti, Marri, Mengal, Rind, Raisani, Zehri, Jamali"),
    "pothohari": _list("Abbasi, Kiani, Satti, Raja, Sudhan, Janjua, Awan, Mughal, Malik, Chaudhry"),
    "afghan": _list("Ahmadzai, Popalzai, Noorzai, Safi, Stanikzai, Hotak, Mohammadi, Sultani"),
}
FEMALE_SURNAMES = _list("Bibi, Bibi, Begum, Akhtar, Kausar, Parveen, Khatoon")

SPELLINGS: dict[str, list[str]] = {
    "Muhammad": ["Mohammad", "Mohammed", "Muhammed", "Mohd", "Md"],
    "Ahmed": ["Ahmad"],
    "Hussain": ["Husain", "Hussein"],
    "Hassan": ["Hasan"],
    "Rehman": ["Rahman"],
    "Yousaf": ["Yousuf", "Yusuf"],
    "Usman": ["Osman", "Usmaan"],
    "Umar": ["Omar", "Umer"],
    "Ayesha": ["Aisha", "Aysha"],
    "Zainab": ["Zenab", "Zaynab"],
    "Fatima": ["Fatimah", "Fatma"],
    "Khadija": ["Khadeeja"],
    "Chaudhry": ["Chaudhary", "Choudhry", "Chaudhri"],
    "Qureshi": ["Quraishi", "Kureshi"],
    "Sheikh": ["Shaikh"],
    "Malik": ["Malick"],
    "Rasool": ["Rasul"],
    "Ghulam": ["Gulam"],
    "Tariq": ["Tarik"],
    "Rizwan": ["Rizvan"],
    "Waseem": ["Wasim"],
    "Naveed": ["Navid"],
    "Zeeshan": ["Zishan"],
    "Shahzad": ["Shehzad"],
    "Nadeem": ["Nadim"],
    "Saleem": ["Salim"],
    "Faisal": ["Faysal"],
    "Javed": ["Javaid"],
    "Iqbal": ["Ikbal"],
    "Nasreen": ["Nasrin"],
    "Parveen": ["Perveen", "Parvin"],
    "Kalsoom": ["Kulsoom", "Kulsum"],
    "Yousafzai": ["Yusufzai"],
    "Baloch": ["Baluch"],
    "Mahmood": ["Mehmood", "Mahmud"],
    "Syed": ["Sayed", "Sayyid"],
    "Noor": ["Nur"],
    "Inam ul Haq": ["Inam-ul-Haq", "Inamul Haq"],
    "Zia ud Din": ["Zia-ud-Din", "Ziauddin"],
    "Fazal ur Rehman": ["Fazlur Rehman", "Fazal-ur-Rahman"],
    "Abdul Rehman": ["Abdur Rahman", "Abdulrehman"],
}
# Urdu spellings of some names: a few aliases are written in Urdu script.
URDU = {
    "Muhammad": "محمد",
    "Ali": "علی",
    "Ahmed": "احمد",
    "Imran": "عمران",
    "Bilal": "بلال",
    "Usman": "عثمان",
    "Tariq": "طارق",
    "Kamran": "کامران",
    "Asif": "آصف",
    "Hussain": "حسین",
    "Fatima": "فاطمہ",
    "Zainab": "زینب",
    "Khan": "خان",
    "Malik": "ملک",
    "Butt": "بٹ",
    "Awan": "اعوان",
    "Qureshi": "قریشی",
    "Shah": "شاہ",
    "Baloch": "بلوچ",
}
