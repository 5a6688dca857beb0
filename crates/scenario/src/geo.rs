//! The route's geography: real places with coordinates and the names each
//! agency writes them under, and the corridors smuggling networks use.

/// A place on the route. `latin` is the name in the country's own Latin
/// spelling; `cyrillic` and `greek` are the forms agencies writing in those
/// scripts use (an exonym where one is usual).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub key: &'static str,
    pub latin: &'static str,
    pub cyrillic: &'static str,
    pub greek: &'static str,
    pub country: &'static str,
    pub kind: &'static str,
    pub lat: f64,
    pub lon: f64,
}

macro_rules! places {
    ($($key:ident: $latin:literal, $cyr:literal, $greek:literal, $country:literal, $kind:literal, $lat:literal, $lon:literal;)+) => {
        pub const PLACES: &[Place] = &[$(Place { key: stringify!($key), latin: $latin, cyrillic: $cyr, greek: $greek, country: $country, kind: $kind, lat: $lat, lon: $lon }),+];
    };
}

places! {
    istanbul: "İstanbul", "Истанбул", "Κωνσταντινούπολη", "TUR", "city", 41.0082, 28.9784;
    edirne: "Edirne", "Одрин", "Αδριανούπολη", "TUR", "city", 41.6771, 26.5557;
    kipoi: "Kipoi", "Кипи", "Κήποι", "GRC", "border_crossing", 40.9400, 26.3000;
    orestiada: "Orestiada", "Орестиада", "Ορεστιάδα", "GRC", "city", 41.5030, 26.5311;
    thessaloniki: "Thessaloniki", "Солун", "Θεσσαλονίκη", "GRC", "city", 40.6401, 22.9444;
    idomeni: "Eidomeni", "Идомени", "Ειδομένη", "GRC", "village", 41.1225, 22.5106;
    ioannina: "Ioannina", "Јанина", "Ιωάννινα", "GRC", "city", 39.6650, 20.8537;
    gevgelija: "Gevgelija", "Гевгелија", "Γευγελή", "MKD", "city", 41.1392, 22.5025;
    skopje: "Skopje", "Скопје", "Σκόπια", "MKD", "city", 41.9981, 21.4254;
    kumanovo: "Kumanovo", "Куманово", "Κουμάνοβο", "MKD", "city", 42.1322, 21.7144;
    tabanovce: "Tabanovce", "Табановце", "Ταμπάνοβτσε", "MKD", "border_crossing", 42.2133, 21.7042;
    lojane: "Lojane", "Лојане", "Λόγιανε", "MKD", "village", 42.2167, 21.6667;
    presevo: "Preševo", "Прешево", "Πρέσεβο", "SRB", "city", 42.3092, 21.6492;
    vranje: "Vranje", "Врање", "Βράνιε", "SRB", "city", 42.5514, 21.9003;
    beograd: "Beograd", "Београд", "Βελιγράδι", "SRB", "city", 44.8125, 20.4612;
    subotica: "Subotica", "Суботица", "Σουμπότιτσα", "SRB", "city", 46.1003, 19.6656;
    horgos: "Horgoš", "Хоргош", "Χόργκος", "SRB", "border_crossing", 46.1556, 19.9722;
    kelebija: "Kelebija", "Келебија", "Κελέμπια", "SRB", "border_crossing", 46.1769, 19.6106;
    sid: "Šid", "Шид", "Σιντ", "SRB", "city", 45.1283, 19.2264;
    gradina: "Gradina", "Градина", "Γκράντινα", "SRB", "border_crossing", 43.0383, 22.7336;
    pirot: "Pirot", "Пирот", "Πιρότ", "SRB", "city", 43.1531, 22.5861;
    kapitan_andreevo: "Kapitan Andreevo", "Капитан Андреево", "Καπιτάν Αντρέεβο", "BGR", "border_crossing", 41.7167, 26.3167;
    harmanli: "Harmanli", "Харманли", "Χαρμανλί", "BGR", "city", 41.9333, 25.9000;
    sofia: "Sofia", "София", "Σόφια", "BGR", "city", 42.6977, 23.3219;
    kalotina: "Kalotina", "Калотина", "Καλότινα", "BGR", "border_crossing", 42.9870, 22.8640;
    kakavije: "Kakavijë", "Какавија", "Κακαβιά", "ALB", "border_crossing", 39.9167, 20.3333;
    gjirokaster: "Gjirokastër", "Гирокастра", "Αργυρόκαστρο", "ALB", "city", 40.0758, 20.1389;
    tirane: "Tiranë", "Тирана", "Τίρανα", "ALB", "city", 41.3275, 19.8187;
    shkoder: "Shkodër", "Скадар", "Σκόδρα", "ALB", "city", 42.0683, 19.5126;
    podgorica: "Podgorica", "Подгорица", "Ποντγκόριτσα", "MNE", "city", 42.4304, 19.2594;
    pljevlja: "Pljevlja", "Пљевља", "Πλιέβλια", "MNE", "city", 43.3567, 19.3584;
    sarajevo: "Sarajevo", "Сарајево", "Σαράγεβο", "BIH", "city", 43.8563, 18.4131;
    zvornik: "Zvornik", "Зворник", "Ζβόρνικ", "BIH", "city", 44.3867, 19.1025;
    bihac: "Bihać", "Бихаћ", "Μπίχατς", "BIH", "city", 44.8169, 15.8708;
    velika_kladusa: "Velika Kladuša", "Велика Кладуша", "Βέλικα Κλάντουσα", "BIH", "city", 45.1842, 15.8056;
    pristina: "Prishtinë", "Приштина", "Πρίστινα", "XKX", "city", 42.6629, 21.1655;
    calais: "Calais", "Кале", "Καλαί", "FRA", "port", 50.9513, 1.8587;
    dunkerque: "Dunkerque", "Денкерк", "Δουνκέρκη", "FRA", "port", 51.0344, 2.3768;
    gravelines: "Plage de Gravelines", "Гравлен", "Γκραβλίν", "FRA", "beach", 51.0050, 2.1100;
    dover: "Dover", "Довер", "Ντόβερ", "GBR", "port", 51.1279, 1.3134;
}

pub fn place(key: &str) -> &'static Place {
    PLACES
        .iter()
        .find(|p| p.key == key)
        .expect("places are referred to by known keys")
}

/// One stage of a corridor: a country's stretch, policed by its agency,
/// between the places where groups are picked up and handed over.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    pub country: &'static str,
    pub agency: &'static str,
    pub places: &'static [&'static str],
}

/// A corridor: the stages a group passes, from Türkiye to the Channel.
#[derive(Debug, Clone, Copy)]
pub struct Corridor {
    pub name: &'static str,
    pub stages: &'static [Stage],
}

const CHANNEL: Stage = Stage {
    country: "FRA",
    agency: "FRA-PAF",
    places: &["calais", "dunkerque", "gravelines"],
};

pub const CORRIDORS: &[Corridor] = &[
    Corridor {
        name: "Evros - North Macedonia - Serbia - Hungary",
        stages: &[
            Stage {
                country: "TUR",
                agency: "FRONTEX",
                places: &["istanbul", "edirne"],
            },
            Stage {
                country: "GRC",
                agency: "GRC-HP",
                places: &["kipoi", "orestiada", "thessaloniki", "idomeni"],
            },
            Stage {
                country: "MKD",
                agency: "MKD-MVR",
                places: &["gevgelija", "skopje", "kumanovo", "tabanovce", "lojane"],
            },
            Stage {
                country: "SRB",
                agency: "SRB-MUP",
                places: &[
                    "presevo", "vranje", "beograd", "subotica", "horgos", "kelebija",
                ],
            },
            CHANNEL,
        ],
    },
    Corridor {
        name: "Bulgaria - Serbia - Croatia",
        stages: &[
            Stage {
                country: "TUR",
                agency: "FRONTEX",
                places: &["istanbul", "edirne"],
            },
            Stage {
                country: "BGR",
                agency: "BGR-MVR",
                places: &["kapitan_andreevo", "harmanli", "sofia", "kalotina"],
            },
            Stage {
                country: "SRB",
                agency: "SRB-MUP",
                places: &["gradina", "pirot", "beograd", "sid"],
            },
            CHANNEL,
        ],
    },
    Corridor {
        name: "Coastal: Albania - Montenegro - Bosnia and Herzegovina",
        stages: &[
            Stage {
                country: "GRC",
                agency: "GRC-HP",
                places: &["thessaloniki", "ioannina"],
            },
            Stage {
                country: "ALB",
                agency: "ALB-ASP",
                places: &["kakavije", "gjirokaster", "tirane", "shkoder"],
            },
            Stage {
                country: "MNE",
                agency: "MNE-UP",
                places: &["podgorica", "pljevlja"],
            },
            Stage {
                country: "BIH",
                agency: "BIH-GP",
                places: &["sarajevo", "bihac", "velika_kladusa"],
            },
            CHANNEL,
        ],
    },
    Corridor {
        name: "Serbia - Bosnia and Herzegovina via Zvornik",
        stages: &[
            Stage {
                country: "MKD",
                agency: "MKD-MVR",
                places: &["gevgelija", "skopje", "tabanovce"],
            },
            Stage {
                country: "SRB",
                agency: "SRB-MUP",
                places: &["presevo", "beograd"],
            },
            Stage {
                country: "BIH",
                agency: "BIH-GP",
                places: &["zvornik", "sarajevo", "bihac", "velika_kladusa"],
            },
            CHANNEL,
        ],
    },
    Corridor {
        name: "Albania - Kosovo - Serbia",
        stages: &[
            Stage {
                country: "ALB",
                agency: "ALB-ASP",
                places: &["tirane", "shkoder"],
            },
            Stage {
                country: "XKX",
                agency: "XKX-KP",
                places: &["pristina"],
            },
            Stage {
                country: "SRB",
                agency: "SRB-MUP",
                places: &["beograd", "subotica", "horgos"],
            },
            CHANNEL,
        ],
    },
];
