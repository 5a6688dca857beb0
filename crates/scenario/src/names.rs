//! Names: who travels the route and who smuggles on it, in the spelling of
//! their own country, and the transliteration variants agencies write.

/// The form a person's own name is written in at home, which decides how
/// each agency renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// An English-style Latin transliteration of an Arabic-, Farsi-, Pashto-,
    /// Kurdish- or Urdu-origin name, as UN and UK records usually have it.
    Transliterated,
    /// Serbo-Croatian Latin with diacritics (Serbia, Bosnia, Montenegro).
    SerboCroatian,
    Albanian,
    Turkish,
    MacedonianCyrillic,
    BulgarianCyrillic,
    Greek,
}

/// A population names are drawn from.
pub struct Population {
    pub nationality: &'static str,
    pub native: Native,
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    pub family: &'static [&'static str],
}

/// People who travel the route, with how often each nationality appears.
pub const TRAVELLERS: &[(u32, Population)] = &[
    (
        30,
        Population {
            nationality: "AFG",
            native: Native::Transliterated,
            male: &[
                "Ahmad",
                "Mohammad",
                "Abdul Rahman",
                "Farid",
                "Jawad",
                "Zaher",
                "Hamid",
                "Rahmatullah",
                "Noor",
                "Sayed",
                "Javid",
                "Khalid",
                "Yusuf",
                "Ali",
                "Reza",
                "Mustafa",
            ],
            female: &["Fatima", "Zahra", "Maryam", "Sakina", "Nargis", "Hamida"],
            family: &[
                "Rahimi",
                "Noori",
                "Haidari",
                "Ahmadi",
                "Safi",
                "Popal",
                "Karimi",
                "Mohammadi",
                "Sultani",
                "Hakimi",
                "Wardak",
                "Stanekzai",
                "Hussaini",
            ],
        },
    ),
    (
        22,
        Population {
            nationality: "SYR",
            native: Native::Transliterated,
            male: &[
                "Mohammad",
                "Ahmad",
                "Omar",
                "Khaled",
                "Hussein",
                "Mahmoud",
                "Abdullah",
                "Yusuf",
                "Ibrahim",
                "Mustafa",
                "Ali",
                "Hassan",
                "Tariq",
                "Abdul Rahman",
            ],
            female: &["Amina", "Fatima", "Rania", "Layla", "Nour", "Hiba"],
            family: &[
                "Al Hasan",
                "Al Hussein",
                "Haddad",
                "Khalil",
                "Al Ahmad",
                "Hamdan",
                "Darwish",
                "Al Khatib",
                "Nasser",
                "Suleiman",
                "Al Ali",
                "Al Sheikh",
            ],
        },
    ),
    (
        12,
        Population {
            nationality: "IRQ",
            native: Native::Transliterated,
            male: &[
                "Karwan", "Rebwar", "Dilshad", "Aram", "Hawre", "Shvan", "Ahmed", "Mohammed",
                "Omar", "Yousif",
            ],
            female: &["Shilan", "Avin", "Rezan", "Bahar"],
            family: &[
                "Ahmed", "Hassan", "Abdullah", "Rashid", "Aziz", "Mahmoud", "Qadir", "Karim",
                "Mustafa",
            ],
        },
    ),
    (
        10,
        Population {
            nationality: "PAK",
            native: Native::Transliterated,
            male: &[
                "Muhammad", "Imran", "Bilal", "Usman", "Tariq", "Faisal", "Zeeshan", "Asif",
                "Hamza",
            ],
            female: &["Ayesha", "Sana", "Hina"],
            family: &[
                "Khan", "Hussain", "Butt", "Akhtar", "Iqbal", "Malik", "Chaudhry", "Qureshi",
            ],
        },
    ),
    (
        9,
        Population {
            nationality: "MAR",
            native: Native::Transliterated,
            male: &[
                "Mohamed",
                "Youssef",
                "Hamza",
                "Mehdi",
                "Yassine",
                "Ayoub",
                "Abdelaziz",
            ],
            female: &["Salma", "Imane", "Khadija"],
            family: &[
                "El Amrani",
                "Benali",
                "El Idrissi",
                "Bouzid",
                "Alaoui",
                "Tazi",
                "Bennani",
            ],
        },
    ),
    (
        7,
        Population {
            nationality: "TUR",
            native: Native::Turkish,
            male: &[
                "Mehmet", "Mustafa", "Ahmet", "Hüseyin", "Emre", "Murat", "Yusuf", "Ömer",
            ],
            female: &["Elif", "Zeynep", "Ayşe"],
            family: &[
                "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın",
            ],
        },
    ),
    (
        6,
        Population {
            nationality: "IRN",
            native: Native::Transliterated,
            male: &["Reza", "Mohammad", "Hossein", "Ali", "Amir", "Mehdi"],
            female: &["Maryam", "Zahra", "Shirin"],
            family: &[
                "Hosseini",
                "Rezaei",
                "Mohammadi",
                "Ahmadi",
                "Karimi",
                "Jafari",
            ],
        },
    ),
    (
        4,
        Population {
            nationality: "EGY",
            native: Native::Transliterated,
            male: &["Mohamed", "Ahmed", "Mahmoud", "Mostafa", "Abdel Rahman"],
            female: &["Mona", "Heba"],
            family: &["Abdel Rahman", "El Sayed", "Hassan", "Ibrahim", "Mansour"],
        },
    ),
];

/// Smugglers local to a country on the route.
pub const LOCALS: &[Population] = &[
    Population {
        nationality: "SRB",
        native: Native::SerboCroatian,
        male: &[
            "Dragan",
            "Miloš",
            "Nikola",
            "Marko",
            "Stefan",
            "Nenad",
            "Zoran",
            "Dejan",
            "Goran",
            "Đorđe",
            "Aleksandar",
            "Vladimir",
            "Ljubomir",
            "Željko",
        ],
        female: &["Jelena", "Milica", "Ana"],
        family: &[
            "Petrović",
            "Jovanović",
            "Nikolić",
            "Marković",
            "Đorđević",
            "Stojanović",
            "Ilić",
            "Janković",
            "Pavlović",
            "Savić",
            "Ljubičić",
            "Živković",
        ],
    },
    Population {
        nationality: "MKD",
        native: Native::MacedonianCyrillic,
        male: &[
            "Бојан",
            "Горан",
            "Дејан",
            "Ѓорѓи",
            "Никола",
            "Александар",
            "Зоран",
            "Кире",
            "Љупчо",
        ],
        female: &["Марија", "Елена"],
        family: &[
            "Стојановски",
            "Николовски",
            "Трајковски",
            "Петровски",
            "Ристовски",
            "Јовановски",
            "Димитриевски",
            "Ѓоргиевски",
        ],
    },
    Population {
        nationality: "BGR",
        native: Native::BulgarianCyrillic,
        male: &[
            "Иван",
            "Стефан",
            "Георги",
            "Николай",
            "Христо",
            "Димитър",
            "Петър",
            "Живко",
            "Любомир",
        ],
        female: &["Мария", "Йорданка"],
        family: &[
            "Димитров",
            "Колев",
            "Петров",
            "Иванов",
            "Стоянов",
            "Георгиев",
            "Тодоров",
            "Щерев",
            "Жеков",
        ],
    },
    Population {
        nationality: "GRC",
        native: Native::Greek,
        male: &[
            "Νίκος",
            "Γιώργος",
            "Κώστας",
            "Δημήτρης",
            "Βασίλης",
            "Ευάγγελος",
            "Χρήστος",
            "Παναγιώτης",
        ],
        female: &["Μαρία", "Ελένη"],
        family: &[
            "Παπαδόπουλος",
            "Παπαδάκης",
            "Οικονόμου",
            "Γεωργίου",
            "Νικολάου",
            "Μαυρίδης",
            "Αθανασίου",
            "Ζαχαρίου",
        ],
    },
    Population {
        nationality: "ALB",
        native: Native::Albanian,
        male: &[
            "Arben", "Gentian", "Ilir", "Besnik", "Dritan", "Ermal", "Fatmir", "Gëzim", "Agim",
        ],
        female: &["Elona", "Anila"],
        family: &[
            "Hoxha", "Leka", "Shehu", "Çela", "Gjoka", "Dushku", "Bregu", "Mëhilli",
        ],
    },
    Population {
        nationality: "XKX",
        native: Native::Albanian,
        male: &["Driton", "Valon", "Arianit", "Blerim", "Fitim", "Përparim"],
        female: &["Blerta", "Vjosa"],
        family: &["Berisha", "Gashi", "Krasniqi", "Hoxha", "Morina", "Thaçi"],
    },
    Population {
        nationality: "BIH",
        native: Native::SerboCroatian,
        male: &[
            "Emir", "Adnan", "Edin", "Senad", "Amir", "Jasmin", "Haris", "Mirza",
        ],
        female: &["Amra", "Lejla"],
        family: &[
            "Hadžić",
            "Mujić",
            "Begić",
            "Hodžić",
            "Kovačević",
            "Delić",
            "Omerović",
            "Šehić",
        ],
    },
    Population {
        nationality: "MNE",
        native: Native::SerboCroatian,
        male: &["Marko", "Milan", "Vuk", "Nemanja", "Budimir"],
        female: &["Jovana"],
        family: &["Vuković", "Radulović", "Perović", "Bulatović", "Đukanović"],
    },
    Population {
        nationality: "TUR",
        native: Native::Turkish,
        male: &["Mehmet", "Ahmet", "Hakan", "Serkan", "Kemal", "Osman"],
        female: &["Fatma"],
        family: &["Yıldız", "Arslan", "Doğan", "Koç", "Kurt"],
    },
];

pub fn locals(nationality: &str) -> &'static Population {
    LOCALS
        .iter()
        .find(|p| p.nationality == nationality)
        .unwrap_or(&LOCALS[0])
}

/// Transliteration variants of common name words, as different agencies and
/// documents write them. The first entry is the canonical form.
pub const VARIANTS: &[&[&str]] = &[
    &[
        "Mohammad", "Mohammed", "Muhammad", "Mohamad", "Mohamed", "Muhammed", "Mohamud",
    ],
    &["Muhammad", "Mohammad", "Muhammed", "Mohammed", "Muhamad"],
    &["Mohamed", "Mohammed", "Mohamad", "Muhammad"],
    &["Mohammed", "Mohammad", "Muhammad", "Mohamed"],
    &["Ahmad", "Ahmed", "Ahmat", "Akhmad"],
    &["Ahmed", "Ahmad"],
    &[
        "Hussein", "Husein", "Hussain", "Husain", "Hossein", "Husayn",
    ],
    &["Hussain", "Hussein", "Husain"],
    &["Hossein", "Hussein", "Hosein"],
    &["Yusuf", "Youssef", "Yousef", "Yousuf", "Yusef"],
    &["Youssef", "Yusuf", "Youssouf", "Yousef"],
    &["Yousif", "Yusuf", "Yousef"],
    &[
        "Abdul Rahman",
        "Abdulrahman",
        "Abd al-Rahman",
        "Abdurrahman",
        "Abdelrahman",
        "Abdul-Rahman",
    ],
    &[
        "Abdel Rahman",
        "Abdelrahman",
        "Abd El Rahman",
        "Abdul Rahman",
    ],
    &["Abdullah", "Abdallah", "Abdulla"],
    &["Abdelaziz", "Abdul Aziz", "Abd al-Aziz", "Abdulaziz"],
    &[
        "Al Hasan",
        "Al-Hassan",
        "Alhassan",
        "Al Hassan",
        "El Hassan",
        "Al-Hasan",
    ],
    &["Al Hussein", "Al-Hussein", "Alhussein", "Al Husein"],
    &["Al Ahmad", "Al-Ahmad", "Alahmad"],
    &["Al Khatib", "Al-Khatib", "Alkhatib", "El Khatib"],
    &["Al Ali", "Al-Ali", "Alali"],
    &["Al Sheikh", "Al-Sheikh", "Alsheikh", "Al Shaikh"],
    &["El Amrani", "Elamrani", "Al Amrani", "Amrani"],
    &["El Idrissi", "Elidrissi", "Idrissi"],
    &["El Sayed", "Elsayed", "Al Sayed", "El-Sayed"],
    &["Omar", "Umar", "Omer"],
    &["Khaled", "Khalid", "Halid"],
    &["Khalid", "Khaled"],
    &["Mahmoud", "Mahmud", "Mahmood"],
    &["Mustafa", "Mostafa", "Moustafa", "Mustapha"],
    &["Mostafa", "Mustafa"],
    &["Ibrahim", "Ebrahim", "Ibraheem", "Brahim"],
    &["Hassan", "Hasan", "Hassen"],
    &["Hamid", "Hameed", "Hamed"],
    &["Farid", "Fareed", "Ferid"],
    &["Jawad", "Javad", "Jawed"],
    &["Zaher", "Zahir", "Zaheer"],
    &["Sayed", "Sayyid", "Said", "Seyed"],
    &["Reza", "Riza", "Rida"],
    &["Tariq", "Tarek", "Tarik", "Tareq"],
    &["Noor", "Nur", "Nour"],
    &["Noori", "Nouri", "Nuri"],
    &["Haidari", "Haydari", "Heydari", "Hajdari"],
    &["Rahimi", "Rahemi", "Raheemi"],
    &["Karimi", "Karemi", "Kareemi"],
    &["Mohammadi", "Mohamadi", "Muhammadi"],
    &["Hussaini", "Husaini", "Hosseini"],
    &["Suleiman", "Sulaiman", "Sulejman", "Soliman"],
    &["Faisal", "Faysal", "Feisal"],
    &["Usman", "Osman", "Othman"],
    &["Qadir", "Kadir", "Qader"],
    &["Karim", "Kareem", "Kerim"],
    &["Aziz", "Azeez"],
    &["Rashid", "Rasheed", "Rachid"],
    &["Yassine", "Yasin", "Yassin"],
    &["Ayoub", "Ayub", "Ayyub"],
    &["Mehdi", "Mahdi"],
    &["Fatima", "Fatemeh", "Fatma"],
    &["Zahra", "Zehra"],
    &["Maryam", "Mariam", "Meryem"],
    &["Amina", "Aminah", "Emina"],
    &["Layla", "Leila", "Laila"],
    &["Nour", "Noor", "Nur"],
];

/// The variants of one name word, the word itself first.
pub fn variants(word: &str) -> &'static [&'static str] {
    VARIANTS
        .iter()
        .find(|v| v[0] == word)
        .copied()
        .unwrap_or(&[])
}

/// Words of the text of online adverts, by language, with `{price}`,
/// `{currency}`, `{phone}` and `{place}` to fill in.
pub const ADVERTS: &[(&str, &str)] = &[
    ("en", "Safe trip Greece to Germany and UK via Serbia, {price} {currency} per person, no walking, call {phone}"),
    ("ar", "رحلة آمنة من اليونان إلى ألمانيا وبريطانيا عبر صربيا، السعر {price} {currency} للشخص، اتصل على {phone}"),
    ("fa", "سفر مطمئن از یونان به آلمان و انگلیس از راه صربستان، قیمت {price} {currency} برای هر نفر، تماس {phone}"),
    ("ps", "له یونان څخه آلمان او انګلستان ته خوندي سفر، بیه {price} {currency}، اړیکه {phone}"),
    ("ku", "Rêwîtiya ewle ji Yewnanistanê ber bi Almanya û Brîtanyayê ve, biha {price} {currency}, telefon {phone}"),
    ("tr", "Yunanistan'dan Almanya ve İngiltere'ye güvenli yolculuk, kişi başı {price} {currency}, arayın {phone}"),
    ("ur", "یونان سے جرمنی اور برطانیہ محفوظ سفر، فی کس {price} {currency}، رابطہ {phone}"),
    ("sr", "Превоз од {place} до мађарске границе, {price} {currency}, позовите {phone}"),
    ("sq", "Kalim i sigurt nga {place} për në Kroaci, {price} {currency} për person, telefononi {phone}"),
];
