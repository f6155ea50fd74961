"""Demo content for Turan: sections, tags, authors, quotes and articles.

All of it is original writing for the demo. The people quoted and the
fictional organisations are invented; real countries, places and
international organisations appear only as topics.

Plain data, read by ``demo.loader``:

* every translated value is a dict keyed by language code; a missing key is
  an empty field;
* an article carries one dict per language version it has, with ``title``,
  ``lead``, ``body``, ``caption`` and ``search_description``;
* ``published`` maps a language to ``ago(days, "HH:MM")`` (that Baku clock
  time, ``days`` days before the first load), ``ahead(days)`` (``days`` after
  the first load) or nothing (not published in that language);
* a body places a library quote with ``<figure data-quote="@key"></figure>``;
  the loader replaces ``@key`` with the quote's id.
"""

# ruff: noqa: E501  (prose: one paragraph per line reads and diffs best)


def ago(days: int, clock: str) -> tuple:
    """Published ``days`` days before the first load, at ``clock`` Baku time."""
    return ("ago", days, clock)


def ahead(days: int) -> tuple:
    """Scheduled ``days`` days after the first load."""
    return ("ahead", days)


SECTIONS = [
    {
        "slug": "analytics",
        "position": 10,
        "name": {"ru": "Аналитика", "az": "Analitika", "en": "Analytics"},
    },
    {
        "slug": "politics",
        "position": 20,
        "name": {"ru": "Политика", "az": "Siyasət", "en": "Politics"},
    },
    {
        "slug": "economy",
        "position": 30,
        "name": {"ru": "Экономика", "az": "İqtisadiyyat", "en": "Economy"},
    },
    {
        "slug": "society",
        "position": 40,
        "name": {"ru": "Общество", "az": "Cəmiyyət", "en": "Society"},
    },
]

PERSON, ORGANISATION, PLACE, TOPIC = "person", "organisation", "place", "topic"

TAGS = [
    # People: all fictional.
    {
        "slug": "namig-alizade",
        "kind": PERSON,
        "name": {"ru": "Намиг Ализаде", "az": "Namiq Əlizadə", "en": "Namig Alizade"},
    },
    {
        "slug": "lala-safarli",
        "kind": PERSON,
        "name": {"ru": "Лала Сафарли", "az": "Lalə Səfərli", "en": "Lala Safarli"},
    },
    {
        "slug": "eldar-gasimzade",
        "kind": PERSON,
        "name": {"ru": "Эльдар Гасымзаде", "az": "Eldar Qasımzadə", "en": "Eldar Gasimzade"},
    },
    {
        "slug": "marta-lindqvist",
        "kind": PERSON,
        "name": {"ru": "Марта Линдквист", "az": "Marta Lindkvist", "en": "Marta Lindqvist"},
    },
    {
        "slug": "vusal-karimli",
        "kind": PERSON,
        "name": {"ru": "Вюсал Керимли", "az": "Vüsal Kərimli", "en": "Vusal Karimli"},
    },
    {
        "slug": "tamar-chkonia",
        "kind": PERSON,
        "name": {"ru": "Тамар Чкония", "az": "Tamar Çkoniya", "en": "Tamar Chkonia"},
    },
    {
        "slug": "aygun-nasibova",
        "kind": PERSON,
        "name": {"ru": "Айгюн Насибова", "az": "Aygün Nəsibova", "en": "Aygun Nasibova"},
    },
    {
        "slug": "kamran-huseynli",
        "kind": PERSON,
        "name": {"ru": "Камран Гусейнли", "az": "Kamran Hüseynli", "en": "Kamran Huseynli"},
    },
    # Organisations: real ones as topics, and three fictional ones.
    {
        "slug": "european-union",
        "kind": ORGANISATION,
        "name": {"ru": "Европейский союз", "az": "Avropa İttifaqı", "en": "European Union"},
    },
    {"slug": "nato", "kind": ORGANISATION, "name": {"ru": "НАТО", "az": "NATO", "en": "NATO"}},
    {"slug": "osce", "kind": ORGANISATION, "name": {"ru": "ОБСЕ", "az": "ATƏT", "en": "OSCE"}},
    {
        "slug": "world-bank",
        "kind": ORGANISATION,
        "name": {"ru": "Всемирный банк", "az": "Dünya Bankı", "en": "World Bank"},
    },
    {
        "slug": "caspian-transit-association",
        "kind": ORGANISATION,
        "name": {
            "ru": "Каспийская транзитная ассоциация",
            "az": "Xəzər Tranzit Assosiasiyası",
            "en": "Caspian Transit Association",
        },
    },
    {
        "slug": "shirvan-energy-holding",
        "kind": ORGANISATION,
        "name": {
            "ru": "«Ширван Энерджи Холдинг»",
            "az": "«Şirvan Enerji Holdinq»",
            "en": "Shirvan Energy Holding",
        },
    },
    {
        "slug": "absheron-energy-policy-centre",
        "kind": ORGANISATION,
        "name": {
            "ru": "Абшеронский центр энергетической политики",
            "az": "Abşeron Enerji Siyasəti Mərkəzi",
            "en": "Absheron Energy Policy Centre",
        },
    },
    # Places.
    {
        "slug": "azerbaijan",
        "kind": PLACE,
        "name": {"ru": "Азербайджан", "az": "Azərbaycan", "en": "Azerbaijan"},
    },
    {"slug": "baku", "kind": PLACE, "name": {"ru": "Баку", "az": "Bakı", "en": "Baku"}},
    {
        "slug": "caspian-sea",
        "kind": PLACE,
        "name": {"ru": "Каспийское море", "az": "Xəzər dənizi", "en": "Caspian Sea"},
    },
    {
        "slug": "karabakh",
        "kind": PLACE,
        "name": {"ru": "Карабах", "az": "Qarabağ", "en": "Karabakh"},
    },
    {
        "slug": "georgia",
        "kind": PLACE,
        "name": {"ru": "Грузия", "az": "Gürcüstan", "en": "Georgia"},
    },
    {
        "slug": "kazakhstan",
        "kind": PLACE,
        "name": {"ru": "Казахстан", "az": "Qazaxıstan", "en": "Kazakhstan"},
    },
    {
        "slug": "south-caucasus",
        "kind": PLACE,
        "name": {"ru": "Южный Кавказ", "az": "Cənubi Qafqaz", "en": "South Caucasus"},
    },
    {
        "slug": "central-asia",
        "kind": PLACE,
        "name": {"ru": "Центральная Азия", "az": "Mərkəzi Asiya", "en": "Central Asia"},
    },
    {
        "slug": "black-sea",
        "kind": PLACE,
        "name": {"ru": "Чёрное море", "az": "Qara dəniz", "en": "Black Sea"},
    },
    {
        "slug": "kura-river",
        "kind": PLACE,
        "name": {"ru": "Кура", "az": "Kür çayı", "en": "Kura River"},
    },
    # Topics.
    {"slug": "energy", "kind": TOPIC, "name": {"ru": "Энергетика", "az": "Enerji", "en": "Energy"}},
    {
        "slug": "renewable-energy",
        "kind": TOPIC,
        "name": {
            "ru": "Возобновляемая энергетика",
            "az": "Bərpa olunan enerji",
            "en": "Renewable energy",
        },
    },
    {
        "slug": "middle-corridor",
        "kind": TOPIC,
        "name": {"ru": "Средний коридор", "az": "Orta Dəhliz", "en": "Middle Corridor"},
    },
    {
        "slug": "transport",
        "kind": TOPIC,
        "name": {
            "ru": "Транспорт и транзит",
            "az": "Nəqliyyat və tranzit",
            "en": "Transport and transit",
        },
    },
    {
        "slug": "diplomacy",
        "kind": TOPIC,
        "name": {"ru": "Дипломатия", "az": "Diplomatiya", "en": "Diplomacy"},
    },
    {
        "slug": "security",
        "kind": TOPIC,
        "name": {"ru": "Безопасность", "az": "Təhlükəsizlik", "en": "Security"},
    },
    {
        "slug": "elections",
        "kind": TOPIC,
        "name": {"ru": "Выборы", "az": "Seçkilər", "en": "Elections"},
    },
    {
        "slug": "local-government",
        "kind": TOPIC,
        "name": {
            "ru": "Местное самоуправление",
            "az": "Yerli özünüidarə",
            "en": "Local government",
        },
    },
    {
        "slug": "migration",
        "kind": TOPIC,
        "name": {"ru": "Миграция", "az": "Miqrasiya", "en": "Migration"},
    },
    {
        "slug": "inflation",
        "kind": TOPIC,
        "name": {"ru": "Инфляция", "az": "İnflyasiya", "en": "Inflation"},
    },
    {
        "slug": "public-finance",
        "kind": TOPIC,
        "name": {"ru": "Государственные финансы", "az": "Dövlət maliyyəsi", "en": "Public finance"},
    },
    {
        "slug": "environment",
        "kind": TOPIC,
        "name": {"ru": "Экология", "az": "Ekologiya", "en": "Environment"},
    },
    {
        "slug": "agriculture",
        "kind": TOPIC,
        "name": {"ru": "Сельское хозяйство", "az": "Kənd təsərrüfatı", "en": "Agriculture"},
    },
    {"slug": "youth", "kind": TOPIC, "name": {"ru": "Молодёжь", "az": "Gənclər", "en": "Youth"}},
    {
        "slug": "labour-market",
        "kind": TOPIC,
        "name": {"ru": "Рынок труда", "az": "Əmək bazarı", "en": "Labour market"},
    },
    {
        "slug": "reconstruction",
        "kind": TOPIC,
        "name": {"ru": "Восстановление", "az": "Bərpa", "en": "Reconstruction"},
    },
]

INSTITUTION = "analytical-service-turan"

AUTHORS = [
    {
        "slug": INSTITUTION,
        "is_institution": True,
        "name": {
            "ru": "Аналитическая служба Туран",
            "az": "Turan Analitik Xidməti",
            "en": "Analytical Service Turan",
        },
        "role": {
            "ru": "Редакционная аналитика",
            "az": "Redaksiya təhlili",
            "en": "Editorial analysis",
        },
        "bio": {
            "ru": "Материалы, подготовленные коллективом аналитической службы: обзоры, прогнозы и сценарии по политике, экономике и безопасности Южного Кавказа и Каспийского региона.",
            "az": "Analitik xidmətin kollektivi tərəfindən hazırlanmış materiallar: Cənubi Qafqaz və Xəzər regionunun siyasəti, iqtisadiyyatı və təhlükəsizliyi üzrə icmallar, proqnozlar və ssenarilər.",
            "en": "Pieces written by the service's team as a whole: reviews, forecasts and scenarios on the politics, economy and security of the South Caucasus and the Caspian region.",
        },
    },
    {
        "slug": "tural-ismayilzade",
        "name": {"ru": "Турал Исмаилзаде", "az": "Tural İsmayılzadə", "en": "Tural Ismayilzade"},
        "role": {
            "ru": "Заместитель главного редактора",
            "az": "Baş redaktorun müavini",
            "en": "Deputy Editor-in-Chief",
        },
        "bio": {
            "ru": "Пишет о региональной безопасности и внешней политике. До прихода в редакцию работал в исследовательских центрах в Баку и Анкаре.",
            "az": "Regional təhlükəsizlik və xarici siyasət haqqında yazır. Redaksiyaya gəlməzdən əvvəl Bakı və Ankaradakı tədqiqat mərkəzlərində çalışıb.",
            "en": "Writes on regional security and foreign policy. Before joining the newsroom he worked at research centres in Baku and Ankara.",
        },
    },
    {
        "slug": "orkhan-veliyev",
        "name": {"ru": "Орхан Велиев", "az": "Orxan Vəliyev", "en": "Orkhan Veliyev"},
        "role": {
            "ru": "Политический обозреватель",
            "az": "Siyasi şərhçi",
            "en": "Political correspondent",
        },
        "bio": {
            "ru": "Освещает внутреннюю политику, местное самоуправление и отношения Азербайджана с соседями.",
            "az": "Daxili siyasəti, yerli özünüidarəni və Azərbaycanın qonşularla münasibətlərini işıqlandırır.",
            "en": "Covers domestic politics, local government and Azerbaijan's relations with its neighbours.",
        },
    },
    {
        "slug": "narmin-alakbarova",
        "name": {"ru": "Нармин Алекперова", "az": "Nərmin Ələkbərova", "en": "Narmin Alakbarova"},
        "role": {
            "ru": "Экономический обозреватель",
            "az": "İqtisadi şərhçi",
            "en": "Economics correspondent",
        },
        "bio": {
            "ru": "Пишет об энергетике, транспорте и государственных финансах. Экономист по образованию.",
            "az": "Enerji, nəqliyyat və dövlət maliyyəsi haqqında yazır. Təhsilcə iqtisadçıdır.",
            "en": "Writes on energy, transport and public finance. An economist by training.",
        },
    },
    {
        "slug": "gunay-rahimli",
        "name": {"ru": "Гюнай Рагимли", "az": "Günay Rəhimli", "en": "Gunay Rahimli"},
        "role": {
            "ru": "Корреспондент отдела «Общество»",
            "az": "«Cəmiyyət» şöbəsinin müxbiri",
            "en": "Society correspondent",
        },
        "bio": {
            "ru": "Пишет о миграции, образовании, молодёжи и экологии, много работает в регионах.",
            "az": "Miqrasiya, təhsil, gənclər və ekologiya haqqında yazır, çox vaxtını regionlarda keçirir.",
            "en": "Reports on migration, education, young people and the environment, mostly from the regions.",
        },
    },
    {
        "slug": "helen-morrow",
        "name": {"ru": "Хелен Морроу", "az": "Helen Morrou", "en": "Helen Morrow"},
        "role": {
            "ru": "Редактор англоязычной службы",
            "az": "İngilisdilli xidmətin redaktoru",
            "en": "English service editor",
        },
        "bio": {
            "ru": "Редактирует англоязычную ленту и пишет о связях региона с Европейским союзом.",
            "az": "İngilisdilli lentin redaktorudur və regionun Avropa İttifaqı ilə əlaqələri haqqında yazır.",
            "en": "Edits the English-language service and writes about the region's ties with the European Union.",
        },
    },
]

# The demo accounts; "author" links the account to a person author.
ACCOUNTS = [
    {
        "username": "journalist",
        "group": "Journalist",
        "author": "orkhan-veliyev",
        "first_name": "Orkhan",
        "last_name": "Veliyev",
    },
    {
        "username": "editor",
        "group": "Editor",
        "author": "tural-ismayilzade",
        "first_name": "Tural",
        "last_name": "Ismayilzade",
    },
    {"username": "admin", "superuser": True, "first_name": "", "last_name": ""},
]

# Quotes, keyed for the article bodies. "language" is the language the words
# were said in (the natural key is speaker + words in that language).
QUOTES = {
    "transit-capacity": {
        "speaker": "namig-alizade",
        "language": "ru",
        "said_on": "2021-10-14",
        "text": {
            "ru": "Коридор измеряется не картами, а часами ожидания на границе. Пока контейнер трое суток стоит в порту, никакая геополитика его не ускорит.",
            "az": "Dəhliz xəritələrlə deyil, sərhəddə gözləmə saatları ilə ölçülür. Konteyner limanda üç gün dayanırsa, heç bir geosiyasət onu sürətləndirə bilməz.",
            "en": "A corridor is measured not in maps but in hours of waiting at the border. While a container sits in port for three days, no amount of geopolitics will speed it up.",
        },
        "speaker_role": {
            "ru": "Председатель Каспийской транзитной ассоциации (2018–2022)",
            "az": "Xəzər Tranzit Assosiasiyasının sədri (2018–2022)",
            "en": "Chair of the Caspian Transit Association (2018–2022)",
        },
        "place": {"ru": "Актау", "az": "Aktau", "en": "Aktau"},
        "source": {
            "ru": "Выступление на Каспийском логистическом форуме",
            "az": "Xəzər Logistika Forumundakı çıxışı",
            "en": "Speech at the Caspian Logistics Forum",
        },
    },
    "gas-contracts": {
        "speaker": "lala-safarli",
        "language": "ru",
        "said_on": "2022-11-02",
        "text": {
            "ru": "Европа хочет гибкости, производитель хочет гарантий. Газовый контракт — это всегда компромисс между этими двумя страхами.",
            "az": "Avropa çeviklik istəyir, istehsalçı isə təminat. Qaz müqaviləsi həmişə bu iki qorxu arasında kompromisdir.",
            "en": "Europe wants flexibility, the producer wants guarantees. A gas contract is always a compromise between those two fears.",
        },
        "speaker_role": {
            "ru": "Ведущий научный сотрудник Абшеронского центра энергетической политики (2016–2023)",
            "az": "Abşeron Enerji Siyasəti Mərkəzinin aparıcı elmi işçisi (2016–2023)",
            "en": "Senior Fellow, Absheron Energy Policy Centre (2016–2023)",
        },
        "place": {"ru": "Баку", "az": "Bakı", "en": "Baku"},
        "source": {
            "ru": "Интервью аналитической службе Туран",
            "az": "Turan Analitik Xidmətinə müsahibə",
            "en": "Interview with Analytical Service Turan",
        },
    },
    "green-exports": {
        "speaker": "lala-safarli",
        "language": "ru",
        "said_on": "2024-04-18",
        "text": {
            "ru": "Продавать зелёные киловатт-часы за рубеж мы сможем только тогда, когда научимся не терять их в собственных сетях.",
            "az": "Yaşıl kilovat-saatları xaricə yalnız onları öz şəbəkələrimizdə itirməməyi öyrəndikdən sonra sata biləcəyik.",
            "en": "We will be able to sell green kilowatt-hours abroad only once we have learned not to lose them in our own grid.",
        },
        "speaker_role": {
            "ru": "Независимый эксперт по энергетике",
            "az": "Müstəqil enerji eksperti",
            "en": "Independent energy expert",
        },
        "place": {"ru": "Баку", "az": "Bakı", "en": "Baku"},
        "source": {
            "ru": "Доклад на конференции по энергетическому переходу",
            "az": "Enerji keçidi üzrə konfransdakı məruzəsi",
            "en": "Paper at a conference on the energy transition",
        },
    },
    "caspian-level": {
        "speaker": "eldar-gasimzade",
        "language": "az",
        "said_on": "2019-06-05",
        "text": {
            "az": "Xəzər gözümüzün qarşısında geri çəkilir. Sahil xətti dəyişirsə, limanlar da, balıqçılıq da, şəhərsalma da dəyişməlidir.",
            "ru": "Каспий отступает у нас на глазах. Если меняется береговая линия, должны меняться и порты, и рыболовство, и градостроительство.",
            "en": "The Caspian is retreating before our eyes. If the shoreline changes, ports, fisheries and town planning must change with it.",
        },
        "speaker_role": {
            "az": "Xəzər Ekoloji Monitorinq Proqramının rəhbəri (2015–2019)",
            "ru": "Руководитель Каспийской программы экологического мониторинга (2015–2019)",
            "en": "Head of the Caspian Environmental Monitoring Programme (2015–2019)",
        },
        "place": {"az": "Lənkəran", "ru": "Ленкорань", "en": "Lankaran"},
        "source": {
            "az": "Ümumdünya Ətraf Mühit Günündə çıxış",
            "ru": "Выступление во Всемирный день окружающей среды",
            "en": "Remarks on World Environment Day",
        },
    },
    "eu-partnership": {
        "speaker": "marta-lindqvist",
        "language": "en",
        "said_on": "2023-03-21",
        "text": {
            "en": "Partnership does not require agreeing on everything. It requires knowing exactly where you disagree, and keeping both the pipeline and the conversation open all the same.",
            "ru": "Партнёрство не требует согласия во всём. Оно требует точно знать, в чём вы расходитесь, и всё равно держать открытыми и трубу, и разговор.",
            "az": "Tərəfdaşlıq hər şeydə razılaşmağı tələb etmir. O, harada fikir ayrılığınız olduğunu dəqiq bilməyi və buna baxmayaraq həm boru kəmərini, həm də dialoqu açıq saxlamağı tələb edir.",
        },
        "speaker_role": {
            "en": "Co-chair of the Nordic–Caucasus Dialogue initiative (2019–2023)",
            "ru": "Сопредседатель инициативы «Скандинавско-кавказский диалог» (2019–2023)",
            "az": "«Skandinaviya–Qafqaz Dialoqu» təşəbbüsünün həmsədri (2019–2023)",
        },
        "place": {"en": "Brussels", "ru": "Брюссель", "az": "Brüssel"},
        "source": {
            "en": "Panel discussion on EU connectivity policy",
            "ru": "Панельная дискуссия о политике ЕС в области транспортной связанности",
            "az": "Aİ-nin nəqliyyat əlaqələri siyasəti üzrə panel müzakirəsi",
        },
    },
    "remittances": {
        "speaker": "vusal-karimli",
        "language": "ru",
        "said_on": "2020-09-10",
        "text": {
            "ru": "Денежный перевод кормит семью сегодня, но не строит завтрашний день района. Вопрос в том, во что превращаются эти деньги.",
            "az": "Pul köçürməsi bu gün ailəni dolandırır, amma rayonun sabahını qurmur. Sual bu pulların nəyə çevrildiyindədir.",
            "en": "A remittance feeds a family today, but it does not build the district's tomorrow. The question is what that money turns into.",
        },
        "speaker_role": {
            "ru": "Руководитель группы исследований рынка труда Бакинского института социальных исследований (2017–2022)",
            "az": "Bakı Sosial Tədqiqatlar İnstitutunun əmək bazarı tədqiqatları qrupunun rəhbəri (2017–2022)",
            "en": "Head of labour market research, Baku Institute for Social Research (2017–2022)",
        },
        "place": {"ru": "Баку", "az": "Bakı", "en": "Baku"},
        "source": {
            "ru": "Презентация ежегодного обзора рынка труда",
            "az": "Əmək bazarının illik icmalının təqdimatı",
            "en": "Launch of the annual labour market review",
        },
    },
    "youth-jobs": {
        "speaker": "vusal-karimli",
        "language": "az",
        "said_on": "2023-05-16",
        "text": {
            "az": "Gənclər işsiz deyil, onlar görünməzdir: statistika hələ noutbukda görülən işi saymağı öyrənməyib.",
            "ru": "Молодёжь не безработная, она невидимая: статистика ещё не научилась считать работу, которую делают на ноутбуке.",
            "en": "Young people are not unemployed, they are invisible: statistics have not yet learned to count work done on a laptop.",
        },
        "speaker_role": {
            "az": "Bakı Sosial Tədqiqatlar İnstitutunun direktor müavini (2022-ci ildən)",
            "ru": "Заместитель директора Бакинского института социальных исследований (с 2022 года)",
            "en": "Deputy Director, Baku Institute for Social Research (since 2022)",
        },
        "place": {"az": "Sumqayıt", "ru": "Сумгаит", "en": "Sumgait"},
        "source": {
            "az": "Gənclər forumunda çıxış",
            "ru": "Выступление на молодёжном форуме",
            "en": "Speech at a youth forum",
        },
    },
    "black-sea-ports": {
        "speaker": "tamar-chkonia",
        "language": "en",
        "said_on": "2020-02-11",
        "text": {
            "en": "A port is a promise made to shippers. If the railway behind it cannot keep that promise, even the deepest berth in the world will stand empty.",
            "ru": "Порт — это обещание, данное грузоотправителям. Если железная дорога за ним не может это обещание сдержать, даже самый глубокий причал в мире будет пустовать.",
            "az": "Liman yükgöndərənlərə verilmiş vəddir. Əgər onun arxasındakı dəmir yolu bu vədi yerinə yetirə bilmirsə, dünyanın ən dərin yanalma yeri belə boş qalacaq.",
        },
        "speaker_role": {
            "en": "Director, Poti Port Development Council (2017–2021)",
            "ru": "Директор Совета по развитию порта Поти (2017–2021)",
            "az": "Poti Limanının İnkişafı Şurasının direktoru (2017–2021)",
        },
        "place": {"en": "Tbilisi", "ru": "Тбилиси", "az": "Tbilisi"},
        "source": {
            "en": "Round table on Black Sea logistics",
            "ru": "Круглый стол по черноморской логистике",
            "az": "Qara dəniz logistikası üzrə dəyirmi masa",
        },
    },
    "caspian-convention": {
        "speaker": "aygun-nasibova",
        "language": "ru",
        "said_on": "2018-08-20",
        "text": {
            "ru": "Конвенция ответила на вопрос, что такое Каспий. А на вопрос, как делить его дно, она предложила договариваться дальше.",
            "az": "Konvensiya Xəzərin nə olduğu sualına cavab verdi. Onun dibinin necə bölünəcəyi sualına isə danışıqları davam etdirməyi təklif etdi.",
            "en": "The convention answered the question of what the Caspian is. On how to divide its seabed, it proposed that the talking should go on.",
        },
        "speaker_role": {
            "ru": "Профессор международного морского права Каспийской школы права (2012–2020)",
            "az": "Xəzər Hüquq Məktəbinin beynəlxalq dəniz hüququ professoru (2012–2020)",
            "en": "Professor of International Maritime Law, Caspian School of Law (2012–2020)",
        },
        "place": {"ru": "Баку", "az": "Bakı", "en": "Baku"},
        "source": {
            "ru": "Комментарий для аналитической службы Туран",
            "az": "Turan Analitik Xidmətinə şərh",
            "en": "Comment to Analytical Service Turan",
        },
    },
    "kura-water": {
        "speaker": "kamran-huseynli",
        "language": "az",
        "said_on": "2020-07-28",
        "text": {
            "az": "Kanal çılpaq torpaqdan keçəndə suyun yarısını yolda itiririk. Yeni su axtarmazdan əvvəl olanı qorumağı öyrənməliyik.",
            "ru": "Когда канал идёт по голой земле, половину воды мы теряем по дороге. Прежде чем искать новую воду, надо научиться беречь ту, что есть.",
            "en": "When a canal runs through bare earth, we lose half the water on the way. Before we look for new water, we must learn to keep the water we have.",
        },
        "speaker_role": {
            "az": "Kür Su İstifadəçiləri Birliyinin sədri (2012–2020)",
            "ru": "Председатель Союза водопользователей Куры (2012–2020)",
            "en": "Chair of the Kura Water Users' Union (2012–2020)",
        },
        "place": {"az": "Sabirabad", "ru": "Сабирабад", "en": "Sabirabad"},
        "source": {
            "az": "Fermerlərlə görüş",
            "ru": "Встреча с фермерами",
            "en": "Meeting with farmers",
        },
    },
}

ARTICLES = [
    {
        "key": "middle-corridor",
        "section": "analytics",
        "original_language": "ru",
        "authors": ["tural-ismayilzade", "narmin-alakbarova"],
        "tags": [
            "middle-corridor",
            "transport",
            "caspian-sea",
            "kazakhstan",
            "georgia",
            "central-asia",
            "european-union",
            "caspian-transit-association",
            "namig-alizade",
        ],
        "palette": "caspian",
        "published": {"ru": ago(48, "09:30"), "az": ago(47, "16:05"), "en": ago(46, "11:20")},
        "ru": {
            "title": "Средний коридор: между амбициями и пропускной способностью",
            "lead": "Транскаспийский маршрут из Китая в Европу получил политическую поддержку и новые грузы. Но его реальную ёмкость определяют не декларации, а паромы, вагоны и таможня.",
            "caption": "Каспий как мост между континентами. Иллюстрация Turan",
            "search_description": "Почему пропускную способность Среднего коридора определяют паромы, перевалка и границы, а не политические заявления.",
            "body": """
<p>Интерес к Транскаспийскому международному транспортному маршруту, который всё чаще называют <strong>Средним коридором</strong>, за последние годы заметно вырос. Грузоотправители, искавшие альтернативу северным путям, обратились к цепочке «Китай — Казахстан — Каспий — Азербайджан — Грузия — Турция и Европа». Политики по обе стороны моря охотно говорят о «мосте между континентами».</p>
<p>Однако у любого моста есть пропускная способность. Анализ логистической цепочки показывает, что скорость всего маршрута задаёт самое медленное звено, а таких звеньев несколько.</p>
<h2>Где теряется время</h2>
<ul>
<li><strong>Паромная переправа.</strong> Флот на Каспии невелик, а расписание зависит от погоды и загрузки портов.</li>
<li><strong>Перевалка.</strong> Каждая смена вида транспорта добавляет сутки, если документы и техника не синхронизированы.</li>
<li><strong>Границы.</strong> Разные процедуры досмотра и несовместимые электронные системы превращают пересечение границы в очередь.</li>
<li><strong>Подвижной состав.</strong> Нехватка вагонов и платформ на отдельных участках сводит на нет выигрыш от новых терминалов.</li>
</ul>
<figure data-quote="@transit-capacity"></figure>
<h2>Что могут сделать государства</h2>
<p>Самые дешёвые решения лежат не в бетоне, а в процедурах. Единый электронный документ на весь маршрут, совместный досмотр на границах и сквозной тариф способны сократить срок доставки сильнее, чем строительство ещё одного причала. Такие меры требуют доверия между таможнями пяти-шести стран, и именно здесь проект проверяется на зрелость.</p>
<p>Для Азербайджана ставки высоки: страна претендует на роль не просто транзитной территории, а <em>распределительного узла</em> с логистическими и промышленными зонами. Это возможно, если груз будет задерживаться в Баку не из-за очередей, а потому, что его здесь выгодно обработать.</p>
<p>Принципы упрощения процедур торговли подробно описаны в материалах <a href="https://www.wto.org/">Всемирной торговой организации</a>. По оценке аналитической службы, в ближайшие годы коридор продолжит расти, но его судьбу определит не число политических заявлений, а то, насколько предсказуемым станет время в пути.</p>
""",
        },
        "az": {
            "title": "Orta Dəhliz: ambisiyalarla ötürmə qabiliyyəti arasında",
            "lead": "Çindən Avropaya uzanan Transxəzər marşrutu siyasi dəstək və yeni yüklər qazanıb. Lakin onun real tutumunu bəyanatlar deyil, bərələr, vaqonlar və gömrük müəyyən edir.",
            "caption": "Xəzər qitələr arasında körpü kimi. Turan illüstrasiyası",
            "search_description": "Orta Dəhlizin ötürmə qabiliyyətini niyə siyasi bəyanatlar deyil, bərələr, yükün aşırılması və sərhədlər müəyyən edir.",
            "body": """
<p>Getdikcə daha çox <strong>Orta Dəhliz</strong> adlandırılan Transxəzər Beynəlxalq Nəqliyyat Marşrutuna maraq son illərdə nəzərəçarpacaq dərəcədə artıb. Şimal yollarına alternativ axtaran yükgöndərənlər «Çin — Qazaxıstan — Xəzər — Azərbaycan — Gürcüstan — Türkiyə və Avropa» zəncirinə üz tutublar. Dənizin hər iki sahilində siyasətçilər «qitələr arasında körpü» barədə həvəslə danışırlar.</p>
<p>Lakin hər körpünün ötürmə qabiliyyəti var. Logistika zəncirinin təhlili göstərir ki, bütün marşrutun sürətini ən yavaş halqa müəyyən edir və belə halqalar bir neçədir.</p>
<h2>Vaxt harada itir</h2>
<ul>
<li><strong>Bərə keçidi.</strong> Xəzərdəki donanma böyük deyil, cədvəl isə havadan və limanların yüklənməsindən asılıdır.</li>
<li><strong>Yükün aşırılması.</strong> Sənədlər və texnika uzlaşdırılmayıbsa, nəqliyyat növünün hər dəyişməsi əlavə bir gün deməkdir.</li>
<li><strong>Sərhədlər.</strong> Fərqli yoxlama prosedurları və bir-birinə uyğun gəlməyən elektron sistemlər sərhəd keçidini növbəyə çevirir.</li>
<li><strong>Hərəkət tərkibi.</strong> Ayrı-ayrı hissələrdə vaqon və platforma çatışmazlığı yeni terminalların verdiyi üstünlüyü heçə endirir.</li>
</ul>
<figure data-quote="@transit-capacity"></figure>
<h2>Dövlətlər nə edə bilər</h2>
<p>Ən ucuz həllər betonda deyil, prosedurlardadır. Bütün marşrut üçün vahid elektron sənəd, sərhədlərdə birgə yoxlama və vahid tranzit tarifi çatdırılma müddətini daha bir yanalma yeri tikməkdən daha çox qısalda bilər. Bu tədbirlər beş-altı ölkənin gömrük xidmətləri arasında etimad tələb edir və layihənin yetkinliyi də məhz burada sınanır.</p>
<p>Azərbaycan üçün bu məsələnin əhəmiyyəti böyükdür: ölkə sadəcə tranzit ərazisi deyil, logistika və sənaye zonaları olan <em>paylayıcı mərkəz</em> rolunu hədəfləyir. Bu, yük Bakıda növbələr səbəbindən deyil, onu burada emal etmək sərfəli olduğu üçün ləngiyəndə mümkün olacaq.</p>
<p>Ticarət prosedurlarının sadələşdirilməsi prinsipləri <a href="https://www.wto.org/">Ümumdünya Ticarət Təşkilatının</a> materiallarında ətraflı təsvir olunub. Analitik xidmətin qiymətləndirməsinə görə, yaxın illərdə dəhliz böyüməyə davam edəcək, lakin onun taleyini siyasi bəyanatların sayı deyil, yolda keçən vaxtın nə dərəcədə proqnozlaşdırıla bilən olacağı həll edəcək.</p>
""",
        },
        "en": {
            "title": "The Middle Corridor: Between Ambition and Capacity",
            "lead": "The trans-Caspian route from China to Europe has won political backing and new cargo. Its real capacity, however, is set not by declarations but by ferries, railcars and customs.",
            "caption": "The Caspian as a bridge between continents. Illustration: Turan",
            "search_description": "Why ferries, transhipment and borders, not political statements, decide how much the Middle Corridor can carry.",
            "body": """
<p>Interest in the Trans-Caspian International Transport Route, increasingly known as the <strong>Middle Corridor</strong>, has grown markedly in recent years. Shippers looking for an alternative to the northern routes have turned to the chain running from China through Kazakhstan, across the Caspian, and on through Azerbaijan and Georgia to Türkiye and Europe. Politicians on both shores of the sea speak readily of a “bridge between continents”.</p>
<p>Every bridge, however, has a capacity. A look at the logistics chain shows that the speed of the whole route is set by its slowest link, and there are several such links.</p>
<h2>Where the time goes</h2>
<ul>
<li><strong>The ferry crossing.</strong> The Caspian fleet is small, and sailings depend on the weather and on congestion in the ports.</li>
<li><strong>Transhipment.</strong> Every change of mode adds a day when paperwork and equipment are not synchronised.</li>
<li><strong>Borders.</strong> Different inspection procedures and incompatible electronic systems turn each crossing into a queue.</li>
<li><strong>Rolling stock.</strong> Shortages of wagons and flatcars on some sections cancel out the gains from new terminals.</li>
</ul>
<figure data-quote="@transit-capacity"></figure>
<h2>What governments can do</h2>
<p>The cheapest fixes lie in procedures, not concrete. A single electronic document for the whole route, joint inspections at borders and a through tariff could cut delivery times more than building yet another berth. Such measures require trust between the customs services of five or six countries, and that is where the project's maturity is really tested.</p>
<p>For Azerbaijan the stakes are high: the country wants to be not merely a transit territory but a <em>distribution hub</em> with logistics and industrial zones. That can work if cargo lingers in Baku because it pays to process it there, not because of queues.</p>
<p>The principles of trade facilitation are set out in detail by the <a href="https://www.wto.org/">World Trade Organization</a>. In the service's assessment, the corridor will keep growing in the coming years, but its fate will be decided not by the number of political statements but by how predictable transit times become.</p>
""",
        },
    },
    {
        "key": "caspian-gas-europe",
        "section": "economy",
        "original_language": "ru",
        "authors": [INSTITUTION],
        "tags": [
            "energy",
            "european-union",
            "azerbaijan",
            "caspian-sea",
            "absheron-energy-policy-centre",
            "lala-safarli",
        ],
        "palette": "oil",
        "published": {"ru": ago(41, "10:00"), "az": ago(41, "17:45"), "en": ago(39, "12:30")},
        "ru": {
            "title": "Каспийский газ для Европы: контракты длиннее политики",
            "lead": "Европейские покупатели хотят больше газа с Каспия, но не готовы связывать себя на десятилетия. А производителям без долгосрочных обязательств трудно финансировать новые месторождения и трубы.",
            # Russian only: the other versions show it as a fallback.
            "caption": "Газ, трубы и длинные контракты. Иллюстрация Turan",
            "search_description": "Почему рост поставок каспийского газа в Европу упирается в длину контрактов, финансирование и регулирование.",
            "body": """
<p>После энергетического кризиса 2022 года Европейский союз сделал ставку на диверсификацию поставок, и <strong>Южный газовый коридор</strong> оказался одним из немногих уже действующих маршрутов. Политический интерес к каспийскому газу сегодня высок как никогда.</p>
<p>Однако у этой истории есть коммерческая изнанка. Европейская энергетическая политика одновременно стремится сократить потребление ископаемого топлива в ближайшие десятилетия. Для покупателя это аргумент в пользу коротких и гибких контрактов, для производителя — риск остаться с инфраструктурой, которая не успеет окупиться.</p>
<figure data-quote="@gas-contracts"></figure>
<h2>Три вопроса, от которых зависит рост поставок</h2>
<ol>
<li><strong>Кто финансирует расширение.</strong> Увеличение мощности трубопроводов требует инвестиций, а банки оценивают их по длине подписанных контрактов.</li>
<li><strong>Откуда возьмётся дополнительный газ.</strong> Новые месторождения вводятся годами, а часть добычи нужна внутреннему рынку.</li>
<li><strong>Как изменится регулирование.</strong> Европейские требования к выбросам метана и углеродному следу постепенно становятся условием доступа на рынок.</li>
</ol>
<h2>Возможный компромисс</h2>
<p>Аналитики всё чаще обсуждают гибридные модели: контракты средней длины с опционом на продление, участие покупателей в финансировании инфраструктуры, совместные программы по сокращению утечек метана. Такая схема переносит часть риска на тех, кто больше всех заинтересован в надёжности поставок.</p>
<p>Для экономики Азербайджана вопрос не только в объёмах. Газовые доходы могут либо продлить зависимость бюджета от углеводородов, либо стать источником инвестиций в новые отрасли. Выбор между этими сценариями делается в Баку, а не в Брюсселе.</p>
<p>Регулярные обзоры газового рынка публикует <a href="https://www.iea.org/">Международное энергетическое агентство</a>.</p>
""",
        },
        "az": {
            "title": "Xəzər qazı Avropa üçün: müqavilələr siyasətdən uzun ömürlüdür",
            "lead": "Avropalı alıcılar Xəzərdən daha çox qaz istəyir, lakin özlərini onilliklərlə bağlamağa hazır deyillər. Uzunmüddətli öhdəliklər olmadan istehsalçılar üçün yeni yataqları və boru kəmərlərini maliyyələşdirmək çətindir.",
            "search_description": "Xəzər qazının Avropaya tədarükünün artımı niyə müqavilələrin müddətindən, maliyyələşmədən və tənzimləmədən asılıdır.",
            "body": """
<p>2022-ci ilin enerji böhranından sonra Avropa İttifaqı tədarükün şaxələndirilməsinə üstünlük verdi və <strong>Cənub Qaz Dəhlizi</strong> artıq fəaliyyət göstərən az sayda marşrutdan biri oldu. Bu gün Xəzər qazına siyasi maraq hər zamankından yüksəkdir.</p>
<p>Lakin bu hekayənin kommersiya tərəfi də var. Avropanın enerji siyasəti eyni zamanda yaxın onilliklərdə qalıq yanacaq istehlakını azaltmağa çalışır. Alıcı üçün bu, qısa və çevik müqavilələr lehinə arqumentdir, istehsalçı üçün isə xərcini çıxarmağa macal tapmayacaq infrastrukturla qalmaq riskidir.</p>
<figure data-quote="@gas-contracts"></figure>
<h2>Tədarükün artımı üç sualdan asılıdır</h2>
<ol>
<li><strong>Genişlənməni kim maliyyələşdirəcək.</strong> Boru kəmərlərinin gücünün artırılması investisiya tələb edir, banklar isə onu imzalanmış müqavilələrin müddətinə görə qiymətləndirir.</li>
<li><strong>Əlavə qaz haradan gələcək.</strong> Yeni yataqlar illər ərzində istismara verilir, hasilatın bir hissəsi isə daxili bazar üçün lazımdır.</li>
<li><strong>Tənzimləmə necə dəyişəcək.</strong> Metan tullantıları və karbon izi ilə bağlı Avropa tələbləri tədricən bazara çıxış şərtinə çevrilir.</li>
</ol>
<h2>Mümkün kompromis</h2>
<p>Analitiklər getdikcə daha çox hibrid modelləri müzakirə edirlər: uzadılma opsionu olan orta müddətli müqavilələr, alıcıların infrastrukturun maliyyələşdirilməsində iştirakı, metan sızmalarının azaldılması üzrə birgə proqramlar. Belə sxem riskin bir hissəsini tədarükün etibarlılığında ən çox maraqlı olanların üzərinə keçirir.</p>
<p>Azərbaycan iqtisadiyyatı üçün məsələ təkcə həcmlərdə deyil. Qaz gəlirləri ya büdcənin karbohidrogenlərdən asılılığını uzada, ya da yeni sahələrə investisiya mənbəyinə çevrilə bilər. Bu ssenarilər arasında seçim Brüsseldə deyil, Bakıda edilir.</p>
<p>Qaz bazarının müntəzəm icmallarını <a href="https://www.iea.org/">Beynəlxalq Enerji Agentliyi</a> dərc edir.</p>
""",
        },
        "en": {
            "title": "Caspian Gas for Europe: Contracts Outlast Politics",
            "lead": "European buyers want more Caspian gas but are reluctant to commit for decades. Without long-term commitments, producers struggle to finance new fields and pipelines.",
            "search_description": "Why growth in Caspian gas supplies to Europe hinges on contract length, financing and regulation.",
            "body": """
<p>After the energy crisis of 2022 the European Union bet on diversifying its supplies, and the <strong>Southern Gas Corridor</strong> turned out to be one of the few routes already in operation. Political interest in Caspian gas has never been higher.</p>
<p>The story has a commercial underside, though. European energy policy is at the same time trying to cut the use of fossil fuels over the coming decades. For a buyer, that argues for short, flexible contracts; for a producer, it means the risk of being left with infrastructure that never pays for itself.</p>
<figure data-quote="@gas-contracts"></figure>
<h2>Three questions that decide whether supplies grow</h2>
<ol>
<li><strong>Who pays for expansion.</strong> Adding pipeline capacity takes investment, and banks judge it by the length of the contracts signed.</li>
<li><strong>Where the extra gas comes from.</strong> New fields take years to bring on stream, and part of the output is needed at home.</li>
<li><strong>How regulation changes.</strong> European rules on methane emissions and carbon footprint are gradually becoming a condition of market access.</li>
</ol>
<h2>A possible compromise</h2>
<p>Analysts increasingly discuss hybrid models: medium-length contracts with an option to extend, buyers sharing the cost of infrastructure, and joint programmes to cut methane leaks. Such arrangements shift part of the risk to those with the strongest interest in reliable supply.</p>
<p>For Azerbaijan's economy, the question is not only one of volumes. Gas revenues can either prolong the budget's dependence on hydrocarbons or fund investment in new industries. That choice is made in Baku, not in Brussels.</p>
<p>The <a href="https://www.iea.org/">International Energy Agency</a> publishes regular reviews of the gas market.</p>
""",
        },
    },
    {
        "key": "caspian-shallowing",
        "section": "society",
        "original_language": "ru",
        "authors": ["gunay-rahimli"],
        "tags": ["caspian-sea", "environment", "baku", "azerbaijan", "eldar-gasimzade"],
        "palette": "sea",
        "published": {"ru": ago(35, "08:15"), "az": ago(33, "19:00")},
        "ru": {
            "title": "Каспий мелеет: что это значит для побережья",
            "lead": "Уровень Каспийского моря снижается, и на побережье это видно без приборов: отступающая вода, обмелевшие каналы, новые пляжи там, где недавно стояли лодки.",
            # Russian only: the Azerbaijani version shows it as a fallback.
            "caption": "Берег, который уходит в море. Иллюстрация Turan",
            "search_description": "Снижение уровня Каспия: последствия для портов, рыболовства, прибрежных посёлков и экосистем Азербайджана.",
            "body": """
<p>Каспий — крупнейший замкнутый водоём планеты, и его уровень колебался всегда. Но нынешнее снижение учёные связывают не только с естественными циклами, а ещё и с потеплением, которое усиливает испарение, и с сокращением речного стока, прежде всего Волги.</p>
<p>На азербайджанском побережье последствия уже ощутимы. Рыбаки Абшерона и юга страны рассказывают, что привычные места лова уходят всё дальше от берега, а небольшие гавани приходится углублять.</p>
<h2>Кого это касается</h2>
<ul>
<li><strong>Портов и судоходства:</strong> меньшая глубина означает ограничения по осадке и новые расходы на дноуглубление.</li>
<li><strong>Рыболовства:</strong> мелководные нерестилища особенно уязвимы.</li>
<li><strong>Прибрежных посёлков:</strong> смещение береговой линии затрагивает водозаборы, дороги и планы застройки.</li>
<li><strong>Экосистем:</strong> под угрозой места обитания каспийского тюленя и перелётных птиц.</li>
</ul>
<figure data-quote="@caspian-level"></figure>
<p>Специалисты подчёркивают, что одной стране проблему не решить. Каспий делят пять государств, и без общего мониторинга и обмена данными любые прогнозы остаются неполными. <a href="https://www.unep.org/">Программа ООН по окружающей среде</a> давно поддерживает региональное сотрудничество по защите моря, но его масштаб пока не соответствует масштабу перемен.</p>
<p>Для местных властей главный вывод практический: набережные, порты и курортные зоны нужно планировать исходя из <em>подвижной</em> береговой линии, а не из карт прошлого века.</p>
""",
        },
        "az": {
            "title": "Xəzər dayazlaşır: bu, sahil üçün nə deməkdir",
            "lead": "Xəzər dənizinin səviyyəsi aşağı düşür və sahildə bunu cihazsız da görmək olar: geri çəkilən su, dayazlaşmış kanallar, bu yaxınlarda qayıqların dayandığı yerlərdə yeni çimərliklər.",
            "search_description": "Xəzərin səviyyəsinin enməsi: Azərbaycanın limanları, balıqçılığı, sahil qəsəbələri və ekosistemləri üçün nəticələr.",
            "body": """
<p>Xəzər planetin ən böyük qapalı su hövzəsidir və onun səviyyəsi həmişə dəyişib. Lakin alimlər indiki enməni təkcə təbii dövrlərlə deyil, həm də buxarlanmanı gücləndirən istiləşmə və çayların, ilk növbədə Volqanın axımının azalması ilə əlaqələndirirlər.</p>
<p>Azərbaycan sahilində nəticələr artıq hiss olunur. Abşeronun və ölkənin cənubunun balıqçıları deyirlər ki, adət etdikləri ov yerləri sahildən getdikcə uzaqlaşır, kiçik limanları isə dərinləşdirmək lazım gəlir.</p>
<h2>Bu kimlərə təsir edir</h2>
<ul>
<li><strong>Limanlara və gəmiçiliyə:</strong> dərinliyin azalması gəmilərin oturumuna məhdudiyyətlər və dibdərinləşdirməyə yeni xərclər deməkdir.</li>
<li><strong>Balıqçılığa:</strong> dayaz kürütökmə yerləri xüsusilə həssasdır.</li>
<li><strong>Sahil qəsəbələrinə:</strong> sahil xəttinin yerdəyişməsi su qəbuledicilərinə, yollara və tikinti planlarına təsir edir.</li>
<li><strong>Ekosistemlərə:</strong> Xəzər suitisinin və köçəri quşların yaşayış yerləri təhlükə altındadır.</li>
</ul>
<figure data-quote="@caspian-level"></figure>
<p>Mütəxəssislər vurğulayır ki, problemi bir ölkə həll edə bilməz. Xəzəri beş dövlət bölüşür və ümumi monitorinq və məlumat mübadiləsi olmadan istənilən proqnoz natamam qalır. <a href="https://www.unep.org/">BMT-nin Ətraf Mühit Proqramı</a> dənizin qorunması üzrə regional əməkdaşlığı çoxdan dəstəkləyir, lakin onun miqyası hələ dəyişikliklərin miqyasına uyğun gəlmir.</p>
<p>Yerli hakimiyyət orqanları üçün əsas nəticə praktikdir: dənizkənarı bulvarlar, limanlar və kurort zonaları keçən əsrin xəritələrinə görə deyil, <em>dəyişkən</em> sahil xəttinə əsasən planlaşdırılmalıdır.</p>
""",
        },
    },
    {
        "key": "karabakh-reconstruction",
        "section": "economy",
        "original_language": "az",
        "authors": ["narmin-alakbarova"],
        "tags": ["karabakh", "reconstruction", "azerbaijan", "renewable-energy", "agriculture"],
        "palette": "mountain",
        "published": {"az": ago(30, "11:00"), "ru": ago(29, "09:40")},
        "az": {
            "title": "Qarabağın bərpası: tikinti iqtisadi siyasət kimi",
            "lead": "Qarabağda yollar, enerji xətləri və yeni yaşayış məntəqələri tikilir. Bu layihələrin iqtisadi təsiri tikinti meydançalarından çox kənara çıxır: onlar məşğulluğu, regional bazarları və büdcə prioritetlərini dəyişir.",
            "caption": "Dağlar, yollar və yeni kəndlər. Turan illüstrasiyası",
            "search_description": "Qarabağın bərpası iqtisadiyyata necə təsir edir: məşğulluq, yerli istehsal, enerji və insanların qayıdışı.",
            "body": """
<p>Son illərdə Qarabağ və Şərqi Zəngəzur iqtisadi rayonlarının bərpası dövlət investisiya siyasətinin əsas istiqamətlərindən birinə çevrilib. Avtomobil yolları, elektrik stansiyaları və yarımstansiyalar, su təchizatı sistemləri və yeni kəndlər eyni vaxtda layihələndirilir və tikilir.</p>
<p>Bu miqyasda tikinti iqtisadiyyat üçün həm imkan, həm də sınaqdır. Tikinti materiallarına tələbat yerli istehsalı stimullaşdırır, lakin eyni zamanda qiymətlərə təzyiq göstərə bilər.</p>
<h2>Bərpanın iqtisadi kanalları</h2>
<ul>
<li><strong>Məşğulluq:</strong> tikinti və xidmət sahələrində yeni iş yerləri yaranır.</li>
<li><strong>Yerli istehsal:</strong> sement, metal konstruksiya və digər tikinti materialları istehsalçıları sabit sifariş alırlar.</li>
<li><strong>Enerji:</strong> bərpa olunan mənbələrə əsaslanan «yaşıl enerji zonası» konsepsiyası regionu enerji istehsalçısına çevirə bilər.</li>
<li><strong>Kənd təsərrüfatı:</strong> minalardan təmizlənən torpaqlar yenidən dövriyyəyə qaytarılır.</li>
</ul>
<h2>Əsas çağırış: insanların qayıdışı</h2>
<p>Tikinti özlüyündə məqsəd deyil. Bərpanın uğuru yeni yaşayış məntəqələrində insanların daimi iş, məktəb və tibbi xidmətə nə qədər tez çıxış əldə edəcəyindən asılı olacaq. Ekspertlərin fikrincə, kiçik və orta sahibkarlığın dəstəklənməsi burada infrastrukturdan az əhəmiyyət kəsb etmir.</p>
<p>Ayrıca diqqət tələb edən məsələ minalardan təmizləmədir. Bu iş həm vaxt, həm də böyük vəsait tələb edir və kənd təsərrüfatı torpaqlarının nə vaxt istifadəyə veriləcəyini birbaşa müəyyən edir.</p>
<p>Analitik xidmətin fikrincə, bərpa proqramının səmərəliliyini qiymətləndirmək üçün açıq göstəricilər dərc olunmalıdır: tikilən obyektlərin sayı ilə yanaşı, qayıdan ailələrin və yaradılan daimi iş yerlərinin sayı da.</p>
""",
        },
        "ru": {
            "title": "Восстановление Карабаха: стройка как экономическая политика",
            "lead": "В Карабахе строят дороги, линии электропередачи и новые населённые пункты. Экономический эффект этих проектов выходит далеко за пределы стройплощадок: они меняют занятость, региональные рынки и бюджетные приоритеты.",
            "caption": "Горы, дороги и новые сёла. Иллюстрация Turan",
            "search_description": "Как восстановление Карабаха влияет на экономику: занятость, местное производство, энергетика и возвращение жителей.",
            "body": """
<p>В последние годы восстановление Карабахского и Восточно-Зангезурского экономических районов стало одним из главных направлений государственной инвестиционной политики. Автодороги, электростанции и подстанции, системы водоснабжения и новые сёла проектируются и строятся одновременно.</p>
<p>Стройка такого масштаба для экономики — одновременно возможность и испытание. Спрос на строительные материалы стимулирует местное производство, но может и подталкивать цены вверх.</p>
<h2>Экономические каналы восстановления</h2>
<ul>
<li><strong>Занятость:</strong> появляются новые рабочие места в строительстве и сфере услуг.</li>
<li><strong>Местное производство:</strong> производители цемента, металлоконструкций и других стройматериалов получают стабильные заказы.</li>
<li><strong>Энергетика:</strong> концепция «зелёной энергетической зоны» на основе возобновляемых источников может превратить регион в производителя электроэнергии.</li>
<li><strong>Сельское хозяйство:</strong> разминированные земли возвращаются в оборот.</li>
</ul>
<h2>Главный вызов — возвращение людей</h2>
<p>Стройка не самоцель. Успех восстановления будет зависеть от того, насколько быстро жители новых населённых пунктов получат постоянную работу, школы и медицинскую помощь. По мнению экспертов, поддержка малого и среднего бизнеса здесь не менее важна, чем инфраструктура.</p>
<p>Отдельного внимания требует разминирование. Эта работа занимает много времени и требует больших средств, и именно она определяет, когда сельскохозяйственные земли можно будет использовать.</p>
<p>По мнению аналитической службы, для оценки эффективности программы восстановления нужны открытые показатели: не только число построенных объектов, но и число вернувшихся семей и созданных постоянных рабочих мест.</p>
""",
        },
    },
    {
        "key": "baku-brussels",
        "section": "politics",
        "original_language": "en",
        "authors": ["helen-morrow"],
        "tags": ["european-union", "diplomacy", "azerbaijan", "energy", "marta-lindqvist"],
        "palette": "ink",
        "published": {"en": ago(27, "13:10"), "ru": ago(25, "10:30")},
        "en": {
            "title": "Baku and Brussels: A Pragmatic Partnership",
            "lead": "Relations between Azerbaijan and the European Union rest on energy, transport and a long list of unresolved disagreements. That combination has proved more durable than many expected.",
            "caption": "Two capitals, one long conversation. Illustration: Turan",
            "search_description": "How energy and transport keep EU–Azerbaijan relations working despite lasting political disagreements.",
            "body": """
<p>For much of the past two decades, relations between Baku and Brussels have been described in terms of what they lack: no new framework agreement, recurring disputes over values, periodic chills in rhetoric. Yet trade and energy ties have kept growing, and the two sides talk more often than their public statements suggest.</p>
<p>The explanation lies in a <strong>pragmatic division of agendas</strong>. Energy and connectivity are handled as practical files; political disagreements are acknowledged, sometimes loudly, but rarely allowed to stop the practical work.</p>
<figure data-quote="@eu-partnership"></figure>
<h2>What holds the relationship together</h2>
<ul>
<li><strong>Energy:</strong> Caspian gas today and, increasingly, plans for electricity exports across the Black Sea.</li>
<li><strong>Transport:</strong> the EU's interest in routes that link Central Asia with Europe.</li>
<li><strong>Investment:</strong> European companies remain among the largest investors outside the oil and gas sector.</li>
</ul>
<h2>Where it strains</h2>
<p>Differences over governance and the role of civil society have not gone away, and the <a href="https://www.consilium.europa.eu/">Council of the EU</a> and the European Parliament often speak with different voices. For Baku, that inconsistency is both an irritant and an opening: it can deal with whichever institution offers the clearest terms.</p>
<p>The likely trajectory is neither breakthrough nor rupture. Expect sector-by-sector agreements, a steady stream of visits, and periodic public disputes that both sides treat as <em>the cost of doing business</em>.</p>
""",
        },
        "ru": {
            "title": "Баку и Брюссель: прагматичное партнёрство",
            "lead": "Отношения Азербайджана и Европейского союза держатся на энергетике, транспорте и длинном списке неразрешённых разногласий. Такое сочетание оказалось прочнее, чем многие ожидали.",
            "caption": "Две столицы, один долгий разговор. Иллюстрация Turan",
            "search_description": "Как энергетика и транспорт сохраняют отношения ЕС и Азербайджана, несмотря на устойчивые политические разногласия.",
            "body": """
<p>Большую часть последних двух десятилетий отношения Баку и Брюсселя описывали через то, чего в них нет: нового рамочного соглашения, согласия по ценностным вопросам, ровной риторики. Тем не менее торговые и энергетические связи продолжали расти, а стороны общаются чаще, чем можно судить по их публичным заявлениям.</p>
<p>Объяснение — в <strong>прагматичном разделении повесток</strong>. Энергетика и транспортная связанность рассматриваются как практические досье; политические разногласия признаются, иногда громко, но редко мешают практической работе.</p>
<figure data-quote="@eu-partnership"></figure>
<h2>Что скрепляет отношения</h2>
<ul>
<li><strong>Энергетика:</strong> каспийский газ сегодня и всё чаще — планы экспорта электроэнергии через Чёрное море.</li>
<li><strong>Транспорт:</strong> интерес ЕС к маршрутам, связывающим Центральную Азию с Европой.</li>
<li><strong>Инвестиции:</strong> европейские компании остаются одними из крупнейших инвесторов за пределами нефтегазового сектора.</li>
</ul>
<h2>Где возникает напряжение</h2>
<p>Разногласия по вопросам управления и роли гражданского общества никуда не исчезли, а <a href="https://www.consilium.europa.eu/">Совет ЕС</a> и Европейский парламент нередко говорят разными голосами. Для Баку эта непоследовательность одновременно раздражитель и возможность: можно вести дела с тем институтом, который предлагает самые ясные условия.</p>
<p>Наиболее вероятная траектория — ни прорыва, ни разрыва. Стоит ожидать отраслевых соглашений, регулярных визитов и периодических публичных споров, которые обе стороны воспринимают как <em>неизбежные издержки</em> сотрудничества.</p>
""",
        },
    },
    {
        "key": "green-energy-export",
        "section": "economy",
        "original_language": "ru",
        "authors": ["narmin-alakbarova", "gunay-rahimli"],
        "tags": [
            "renewable-energy",
            "energy",
            "azerbaijan",
            "black-sea",
            "european-union",
            "shirvan-energy-holding",
            "lala-safarli",
        ],
        "palette": "spring",
        "published": {"ru": ago(10, "09:00"), "az": ago(8, "15:30"), "en": ahead(2)},
        "ru": {
            "title": "Ветер и солнце на экспорт: зелёная энергетика как новый товар",
            "lead": "Азербайджан строит первые крупные солнечные и ветровые станции и обсуждает экспорт электроэнергии в Европу. Но прежде чем продавать зелёные киловатт-часы, предстоит решить задачи внутри страны.",
            "caption": "Энергия ветра и солнца. Иллюстрация Turan",
            "search_description": "Что нужно Азербайджану, чтобы экспортировать зелёную электроэнергию: сети, потери, рынок и кадры.",
            "body": """
<p>Ещё недавно возобновляемая энергетика в Азербайджане была темой конференций, а не стройплощадок. Сегодня в стране работают первые крупные солнечные станции, проектируются ветровые парки на суше и в акватории Каспия, а в регионах обсуждают «зелёные энергетические зоны». Среди частных игроков, заявивших о планах, — и региональные компании вроде «Ширван Энерджи Холдинг».</p>
<p>Амбиции выходят за пределы внутреннего рынка. Проект подводного кабеля по дну Чёрного моря должен связать энергосистемы Южного Кавказа с Европой, и в Баку рассчитывают со временем стать поставщиком не только газа, но и электричества.</p>
<h2>Что нужно сделать до экспорта</h2>
<ol>
<li><strong>Модернизировать сети.</strong> Переменная выработка солнца и ветра требует гибкой энергосистемы и накопителей.</li>
<li><strong>Сократить потери.</strong> Каждый процент, потерянный в распределительных сетях, — это энергия, которую уже нельзя продать.</li>
<li><strong>Создать прозрачный рынок.</strong> Частным инвесторам нужны понятные тарифы и долгосрочные договоры на покупку электроэнергии.</li>
<li><strong>Подготовить кадры.</strong> Инженеров и техников для новых станций сегодня не хватает во всём регионе.</li>
</ol>
<figure data-quote="@green-exports"></figure>
<p>Любопытно, что зелёная энергетика может укрепить и газовый экспорт: каждый кубометр, сэкономленный на внутренних электростанциях, можно продать за рубеж. Эта логика, по оценкам аналитиков, делает переход выгодным даже без учёта климатических обязательств.</p>
<p>Вместе с тем сроки амбициозны. Крупные сетевые проекты нередко задерживаются на годы, и <em>реалистичный</em> график экспорта электроэнергии стоит измерять десятилетием, а не ближайшими сезонами. Региональные проекты отслеживает <a href="https://www.irena.org/">Международное агентство по возобновляемой энергии</a>.</p>
""",
        },
        "az": {
            "title": "Külək və günəş ixrac üçün: yaşıl enerji yeni məhsul kimi",
            "lead": "Azərbaycan ilk iri günəş və külək stansiyalarını tikir və Avropaya elektrik enerjisi ixracını müzakirə edir. Lakin yaşıl kilovat-saatları satmazdan əvvəl ölkə daxilindəki məsələlər həll olunmalıdır.",
            "caption": "Küləyin və günəşin enerjisi. Turan illüstrasiyası",
            "search_description": "Azərbaycanın yaşıl elektrik enerjisi ixrac etməsi üçün nə lazımdır: şəbəkələr, itkilər, bazar və kadrlar.",
            "body": """
<p>Hələ bu yaxınlarda Azərbaycanda bərpa olunan enerji tikinti meydançalarının deyil, konfransların mövzusu idi. Bu gün ölkədə ilk iri günəş stansiyaları işləyir, quruda və Xəzərin akvatoriyasında külək parkları layihələndirilir, regionlarda isə «yaşıl enerji zonaları» müzakirə olunur. Planlarını açıqlayan özəl şirkətlər arasında «Şirvan Enerji Holdinq» kimi regional oyunçular da var.</p>
<p>Ambisiyalar daxili bazarla məhdudlaşmır. Qara dənizin dibi ilə çəkiləcək sualtı kabel layihəsi Cənubi Qafqazın enerji sistemlərini Avropa ilə birləşdirməlidir və Bakıda zamanla təkcə qaz deyil, elektrik enerjisi tədarükçüsünə çevrilməyi hesablayırlar.</p>
<h2>İxracdan əvvəl nə etmək lazımdır</h2>
<ol>
<li><strong>Şəbəkələri müasirləşdirmək.</strong> Günəş və küləyin dəyişkən istehsalı çevik enerji sistemi və akkumulyatorlar tələb edir.</li>
<li><strong>İtkiləri azaltmaq.</strong> Paylayıcı şəbəkələrdə itirilən hər faiz artıq satıla bilməyən enerjidir.</li>
<li><strong>Şəffaf bazar yaratmaq.</strong> Özəl investorlara aydın tariflər və elektrik enerjisinin alınması üzrə uzunmüddətli müqavilələr lazımdır.</li>
<li><strong>Kadr hazırlamaq.</strong> Yeni stansiyalar üçün mühəndis və texniklər bu gün bütün regionda çatışmır.</li>
</ol>
<figure data-quote="@green-exports"></figure>
<p>Maraqlıdır ki, yaşıl enerji qaz ixracını da gücləndirə bilər: daxili elektrik stansiyalarında qənaət edilən hər kubmetr qazı xaricə satmaq olar. Analitiklərin fikrincə, bu məntiq keçidi iqlim öhdəliklərini nəzərə almadan belə sərfəli edir.</p>
<p>Bununla belə, müddətlər iddialıdır. İri şəbəkə layihələri tez-tez illərlə gecikir və elektrik enerjisi ixracının <em>real</em> qrafikini yaxın mövsümlərlə deyil, onilliklə ölçmək lazımdır. Regional layihələri <a href="https://www.irena.org/">Beynəlxalq Bərpa Olunan Enerji Agentliyi</a> izləyir.</p>
""",
        },
        "en": {
            "title": "Wind and Sun for Export: Green Power as a New Commodity",
            "lead": "Azerbaijan is building its first large solar and wind plants and discussing electricity exports to Europe. Before it can sell green kilowatt-hours, it has work to do at home.",
            "caption": "The energy of wind and sun. Illustration: Turan",
            "search_description": "What Azerbaijan needs to export green electricity: grids, losses, a market and skilled people.",
            "body": """
<p>Until recently, renewable energy in Azerbaijan was a subject for conferences rather than construction sites. Today the country's first large solar plants are running, onshore and offshore wind farms are being designed, and the regions are debating “green energy zones”. Regional companies such as Shirvan Energy Holding are among the private players that have announced plans.</p>
<p>The ambitions reach beyond the domestic market. A submarine cable along the bed of the Black Sea is meant to connect the power systems of the South Caucasus with Europe, and Baku hopes in time to supply not only gas but electricity too.</p>
<h2>What has to happen before exports</h2>
<ol>
<li><strong>Modernise the grid.</strong> Variable output from sun and wind needs a flexible power system and storage.</li>
<li><strong>Cut losses.</strong> Every percentage point lost in distribution is energy that can no longer be sold.</li>
<li><strong>Build a transparent market.</strong> Private investors need clear tariffs and long-term power purchase agreements.</li>
<li><strong>Train people.</strong> Engineers and technicians for the new plants are in short supply across the region.</li>
</ol>
<figure data-quote="@green-exports"></figure>
<p>Green power may also strengthen gas exports: every cubic metre saved at domestic power stations can be sold abroad. In analysts' view, that logic makes the transition pay even before climate commitments are counted.</p>
<p>The timetable is ambitious all the same. Large grid projects are often delayed by years, and a <em>realistic</em> schedule for electricity exports should be measured in a decade rather than the next few seasons. The <a href="https://www.irena.org/">International Renewable Energy Agency</a> follows projects in the region.</p>
""",
        },
    },
    {
        "key": "labour-migration",
        "section": "society",
        "original_language": "ru",
        "authors": ["gunay-rahimli"],
        "tags": ["migration", "labour-market", "azerbaijan", "vusal-karimli"],
        "palette": "steppe",
        "published": {"ru": ago(22, "12:00")},
        "ru": {
            "title": "Трудовая миграция: деньги, семьи и возвращение",
            "lead": "Денежные переводы трудовых мигрантов поддерживают многие семьи в регионах Азербайджана. Но что происходит с этими деньгами — и с самими мигрантами после возвращения, — по-прежнему остаётся в тени.",
            "caption": "Дорога из дома и обратно. Иллюстрация Turan",
            "search_description": "Трудовая миграция из регионов Азербайджана: роль денежных переводов, цена разлуки и программы для вернувшихся.",
            "body": """
<p>В сёлах на севере и юге страны часто можно услышать одну и ту же историю: кто-то из мужчин работает в России, Турции или странах Персидского залива и раз в месяц отправляет деньги домой. Для семьи это стабильный доход, для села — пустеющие улицы в будние дни.</p>
<p>Переводы заметно пополняют доходы домохозяйств, особенно там, где мало рабочих мест. На них оплачивают учёбу детей, лечение, ремонт дома. Но, как показывают полевые интервью, до производительных вложений — своего дела, техники для фермы — доходит лишь небольшая часть этих денег.</p>
<figure data-quote="@remittances"></figure>
<h2>Невидимые издержки</h2>
<ul>
<li>Долгие разлуки меняют устройство семьи: женщины берут на себя хозяйство и финансовые решения.</li>
<li>Дети растут без одного из родителей, и школы редко знают, как им помочь.</li>
<li>Мигранты часто работают неофициально и не накапливают пенсионного стажа.</li>
</ul>
<h2>Что может предложить государство</h2>
<p>Опыт других стран показывает, что помогают простые инструменты: дешёвые и прозрачные денежные переводы, программы поддержки малого бизнеса для вернувшихся мигрантов, признание квалификации, полученной за рубежом. Данные о миграционных потоках в регионе публикует <a href="https://www.iom.int/">Международная организация по миграции</a>.</p>
<p>Возвращение — самый недооценённый этап миграции. Человек, приехавший домой с опытом и сбережениями, может стать предпринимателем, если его встретят не очередью за справками, а <strong>понятной программой поддержки</strong>.</p>
""",
        },
    },
    {
        "key": "manat-prices",
        "section": "economy",
        "original_language": "az",
        "authors": [INSTITUTION],
        "tags": ["inflation", "public-finance", "azerbaijan"],
        "palette": "clay",
        "published": {"az": ago(18, "10:15"), "ru": ago(18, "18:20")},
        "az": {
            "title": "Manat və qiymətlər: ev təsərrüfatları nə gözləməlidir",
            "lead": "Manatın məzənnəsi bir neçə ildir sabitdir, lakin ərzaq və xidmətlərin qiyməti artmaqda davam edir. Analitik xidmət ailə büdcəsinə təsir edən amilləri təhlil edir.",
            "caption": "Bazar səbəti və məzənnə. Turan illüstrasiyası",
            "search_description": "Sabit məzənnə şəraitində qiymətlər niyə artır və ev təsərrüfatları yaxın aylarda nə gözləməlidir.",
            "body": """
<p>Sabit məzənnə uzun müddətdir Azərbaycan iqtisadiyyatının əsas dayaqlarından biridir. O, idxal olunan malların qiymətini proqnozlaşdırıla bilən edir və əhalinin milli valyutaya inamını gücləndirir. Lakin sabit məzənnə hələ sabit qiymətlər demək deyil.</p>
<p>Ailələr inflyasiyanı rəsmi statistikadan fərqli hiss edirlər: onların xərclərinin böyük hissəsi ərzağa, kommunal xidmətlərə və nəqliyyata düşür, bu kateqoriyalarda isə qiymət dəyişiklikləri daha tez nəzərə çarpır.</p>
<h2>Qiymətlərə nə təsir edir</h2>
<ul>
<li><strong>İdxal:</strong> ərzağın bir hissəsi xaricdən gəlir və qonşu ölkələrdəki qiymətlər birbaşa bazara ötürülür.</li>
<li><strong>Tənzimlənən tariflər:</strong> enerji və kommunal xidmətlər üzrə tarif dəyişiklikləri bütün qiymət zəncirinə təsir edir.</li>
<li><strong>Büdcə xərcləri:</strong> iri dövlət investisiyaları iqtisadiyyatda tələbi artırır.</li>
<li><strong>Rəqabət:</strong> bəzi bazarlarda iştirakçıların az olması qiymətlərin aşağı düşməsinə mane olur.</li>
</ul>
<h2>Nə gözləmək olar</h2>
<p>Analitik xidmətin əsas ssenarisinə görə, yaxın aylarda qiymət artımı mülayim olaraq qalacaq, lakin ərzaq məhsulları üzrə mövsümi sıçrayışlar istisna edilmir. Mərkəzi Bankın pul siyasəti və hökumətin tarif qərarları bu ssenarinin əsas risk mənbələridir.</p>
<p>Ev təsərrüfatları üçün praktik nəticə sadədir: əmanətləri planlaşdırarkən faiz dərəcələrini inflyasiya ilə müqayisə etmək və uzunmüddətli xərcləri əvvəlcədən hesablamaq lazımdır. Rəsmi statistika <a href="https://www.stat.gov.az/">Dövlət Statistika Komitəsinin</a> saytında dərc olunur.</p>
""",
        },
        "ru": {
            "title": "Манат и цены: чего ждать домохозяйствам",
            "lead": "Курс маната уже несколько лет стабилен, но продукты и услуги продолжают дорожать. Аналитическая служба разбирает факторы, которые влияют на семейный бюджет.",
            "caption": "Потребительская корзина и курс. Иллюстрация Turan",
            "search_description": "Почему цены растут при стабильном курсе маната и чего домохозяйствам ждать в ближайшие месяцы.",
            "body": """
<p>Стабильный курс давно служит одной из главных опор экономики Азербайджана. Он делает цены на импортные товары предсказуемыми и укрепляет доверие населения к национальной валюте. Но стабильный курс ещё не означает стабильных цен.</p>
<p>Семьи ощущают инфляцию иначе, чем её показывает официальная статистика: большая часть их расходов приходится на продукты, коммунальные услуги и транспорт, а в этих категориях изменения цен заметны быстрее.</p>
<h2>Что влияет на цены</h2>
<ul>
<li><strong>Импорт:</strong> часть продовольствия поступает из-за рубежа, и цены соседних стран напрямую передаются на местный рынок.</li>
<li><strong>Регулируемые тарифы:</strong> изменения тарифов на энергию и коммунальные услуги сказываются на всей цепочке цен.</li>
<li><strong>Бюджетные расходы:</strong> крупные государственные инвестиции повышают спрос в экономике.</li>
<li><strong>Конкуренция:</strong> на некоторых рынках участников мало, и это мешает ценам снижаться.</li>
</ul>
<h2>Чего ожидать</h2>
<p>Согласно базовому сценарию аналитической службы, в ближайшие месяцы рост цен останется умеренным, хотя сезонные скачки на продовольствие не исключены. Главные источники риска для этого сценария — денежно-кредитная политика Центрального банка и тарифные решения правительства.</p>
<p>Практический вывод для домохозяйств прост: планируя сбережения, стоит сравнивать процентные ставки с инфляцией и заранее рассчитывать крупные расходы. Официальная статистика публикуется на сайте <a href="https://www.stat.gov.az/">Государственного комитета по статистике</a>.</p>
""",
        },
    },
    {
        "key": "municipalities",
        "section": "politics",
        "original_language": "ru",
        "authors": ["orkhan-veliyev"],
        "tags": ["local-government", "elections", "azerbaijan"],
        "palette": "stone",
        "published": {"ru": ago(15, "11:45")},
        "ru": {
            "title": "Муниципалитеты: почему местное самоуправление остаётся незаметным",
            "lead": "Муниципалитеты существуют в Азербайджане больше двадцати лет, но многие жители с трудом скажут, чем они занимаются. Эксперты видят причину в полномочиях и бюджетах, а не в людях.",
            "search_description": "Почему муниципалитеты в Азербайджане малозаметны и что обсуждают эксперты: укрупнение, доходы, полномочия, прозрачность.",
            "body": """
<p>Первые муниципальные выборы в Азербайджане прошли в 1999 году. С тех пор муниципалитеты стали частью политической системы, однако в повседневной жизни граждан они заметны гораздо меньше, чем местные органы исполнительной власти.</p>
<p>Причина во многом структурная. У большинства муниципалитетов небольшие бюджеты, узкий круг полномочий и мало собственных доходов. Вопросы, которые жители считают «местными», — дороги, освещение, вывоз мусора — чаще решаются на другом уровне.</p>
<h2>Что обсуждают эксперты</h2>
<ul>
<li><strong>Укрупнение.</strong> Объединение небольших муниципалитетов должно дать им ресурсы и кадры.</li>
<li><strong>Собственные доходы.</strong> Местные налоги и сборы пока приносят слишком мало, чтобы финансировать заметные проекты.</li>
<li><strong>Разграничение полномочий.</strong> Жителям важно понимать, кто отвечает за конкретную проблему.</li>
<li><strong>Прозрачность.</strong> Публикация бюджетов и решений в интернете повышает доверие.</li>
</ul>
<h2>Явка как индикатор</h2>
<p>Низкую активность избирателей на муниципальных выборах часто объясняют равнодушием. Но, возможно, верно обратное: люди не голосуют, потому что не видят, на что повлияет их голос. Если муниципалитеты получат реальные задачи и деньги, интерес к ним, скорее всего, вырастет сам собой.</p>
<p>Международные стандарты местного самоуправления закреплены в <a href="https://www.coe.int/en/web/congress">Европейской хартии местного самоуправления</a> Совета Европы, которую Азербайджан ратифицировал. Вопрос в том, как эти принципы будут наполнены <em>повседневной практикой</em>.</p>
""",
        },
    },
    {
        "key": "georgia-ports",
        "section": "analytics",
        "original_language": "ru",
        "authors": ["orkhan-veliyev", "helen-morrow"],
        "tags": [
            "georgia",
            "black-sea",
            "middle-corridor",
            "transport",
            "south-caucasus",
            "european-union",
            "tamar-chkonia",
        ],
        "palette": "dusk",
        "published": {"ru": ago(13, "09:20"), "en": ago(12, "14:00")},
        "ru": {
            "title": "Грузия как транзитный узел: порты, железные дороги и политика",
            "lead": "Черноморские порты Грузии — последнее звено транскаспийского маршрута перед Европой. Их развитие зависит не только от инвестиций, но и от того, как Тбилиси выстраивает отношения с партнёрами.",
            "caption": "Выход к Чёрному морю. Иллюстрация Turan",
            "search_description": "Роль грузинских портов и железных дорог в Среднем коридоре: сильные и слабые стороны и политические риски.",
            "body": """
<p>Если Каспий — главное узкое место Среднего коридора, то черноморское побережье Грузии — его выход к европейским рынкам. Порты Поти и Батуми, а также проект глубоководного порта в Анаклии много лет остаются предметом экономических и политических дискуссий.</p>
<p>Для Азербайджана грузинский участок критически важен: через территорию соседа проходят нефте- и газопроводы, железная дорога Баку — Тбилиси — Карс и автомобильные маршруты в Турцию и Европу.</p>
<figure data-quote="@black-sea-ports"></figure>
<h2>Сильные и слабые стороны</h2>
<ul>
<li><strong>Плюс:</strong> короткое расстояние от Каспия до Чёрного моря и действующая железнодорожная сеть.</li>
<li><strong>Плюс:</strong> торговые соглашения Грузии с ЕС и другими партнёрами.</li>
<li><strong>Минус:</strong> ограниченная глубина существующих портов и нехватка контейнерных терминалов.</li>
<li><strong>Минус:</strong> затяжные споры вокруг крупных инфраструктурных проектов.</li>
</ul>
<h2>Политическое измерение</h2>
<p>Транзит — это всегда политика. Инвесторы оценивают не только тарифы, но и предсказуемость правительства, и любая неопределённость в отношениях Тбилиси с западными партнёрами отражается на решениях о долгосрочных вложениях.</p>
<p>Для региона в целом лучший сценарий — <em>конкуренция без соперничества</em>: грузинские, турецкие и азербайджанские порты и терминалы специализируются, а не дублируют друг друга. О подходах ЕС к развитию транспортных сетей в регионе можно прочитать на <a href="https://transport.ec.europa.eu/">сайте Европейской комиссии</a>.</p>
""",
        },
        "en": {
            "title": "Georgia as a Transit Hub: Ports, Railways and Politics",
            "lead": "Georgia's Black Sea ports are the last link of the trans-Caspian route before Europe. How they develop depends not only on investment but on how Tbilisi manages its relations with its partners.",
            "caption": "The gateway to the Black Sea. Illustration: Turan",
            "search_description": "The role of Georgian ports and railways in the Middle Corridor: strengths, weaknesses and political risks.",
            "body": """
<p>If the Caspian is the Middle Corridor's main bottleneck, Georgia's Black Sea coast is its gateway to European markets. The ports of Poti and Batumi, together with the deep-water port project at Anaklia, have been the subject of economic and political debate for years.</p>
<p>For Azerbaijan the Georgian section is critical: its neighbour's territory carries oil and gas pipelines, the Baku–Tbilisi–Kars railway and the road routes to Türkiye and Europe.</p>
<figure data-quote="@black-sea-ports"></figure>
<h2>Strengths and weaknesses</h2>
<ul>
<li><strong>Strength:</strong> a short distance from the Caspian to the Black Sea and a working railway network.</li>
<li><strong>Strength:</strong> Georgia's trade agreements with the EU and other partners.</li>
<li><strong>Weakness:</strong> the limited depth of existing ports and a shortage of container terminals.</li>
<li><strong>Weakness:</strong> protracted disputes over large infrastructure projects.</li>
</ul>
<h2>The political dimension</h2>
<p>Transit is always political. Investors weigh not only tariffs but the predictability of the government, and any uncertainty in Tbilisi's relations with its Western partners feeds into decisions on long-term investment.</p>
<p>For the region as a whole, the best outcome is <em>competition without rivalry</em>: Georgian, Turkish and Azerbaijani ports and terminals specialising rather than duplicating one another. The EU's approach to transport networks in the region is described on the <a href="https://transport.ec.europa.eu/">European Commission's website</a>.</p>
""",
        },
    },
    {
        "key": "digital-youth",
        "section": "society",
        "original_language": "az",
        "authors": ["gunay-rahimli"],
        "tags": ["youth", "labour-market", "baku", "azerbaijan", "vusal-karimli"],
        "palette": "dusk",
        "published": {"az": ago(20, "10:30"), "ru": ago(19, "16:10"), "en": ago(17, "09:50")},
        "az": {
            "title": "Rəqəmsal nəsil: gənclər, iş və frilans",
            "lead": "Bakıda və regionlarda getdikcə daha çox gənc xarici sifarişçilər üçün internet üzərindən işləyir. Bu iqtisadiyyat statistikada demək olar ki, görünmür, lakin artıq əmək bazarını dəyişir.",
            "caption": "Ekran arxasında yeni əmək bazarı. Turan illüstrasiyası",
            "search_description": "Azərbaycanda frilans işləyən gənclər: səbəblər, problemlər və onları «kölgədən» çıxara biləcək addımlar.",
            "body": """
<p>Dizayner, proqramçı, tərcüməçi, video montajçı — Bakıda və regionlarda getdikcə daha çox gənc bu peşələrdə ofisə getmədən, xarici sifarişçilər üçün işləyir. Onların çoxu üçün frilans universitetdən sonra ilk və əsas gəlir mənbəyinə çevrilib.</p>
<p>Bu meylin səbəbləri aydındır: sürətli internet, ingilis dilini bilən gənclərin sayının artması və beynəlxalq platformaların əlçatanlığı. Regionda yaşayan gənc üçün bu, paytaxta köçmədən qazanc əldə etmək imkanıdır.</p>
<figure data-quote="@youth-jobs"></figure>
<h2>Problemlər</h2>
<ul>
<li><strong>Sosial müdafiə yoxdur:</strong> rəsmi qeydiyyat olmadan pensiya stajı və tibbi sığorta yaranmır.</li>
<li><strong>Ödənişlər çətindir:</strong> xarici platformalardan pul almaq bəzən bank prosedurları səbəbindən uzun çəkir.</li>
<li><strong>Gəlir qeyri-sabitdir:</strong> sifarişlərin sayı mövsümdən və qlobal bazardan asılıdır.</li>
</ul>
<h2>Nə dəyişə bilər</h2>
<p>Ekspertlər sadələşdirilmiş vergi rejimi, fərdi sahibkar kimi onlayn qeydiyyat və xarici ödənişlərin qəbulu üçün rahat bank məhsulları təklif edirlər. Belə addımlar gənclərin «kölgədən» çıxmasını həm onların özləri, həm də dövlət üçün sərfəli edə bilər.</p>
<p>Təhsil sistemi üçün də nəticələr var: universitetlər tələbələrə təkcə peşə biliklərini deyil, həm də müqavilə bağlamağı, xidmətinə qiymət qoymağı və öz işini təqdim etməyi öyrətməlidir. Gənclərin məşğulluğu üzrə beynəlxalq müqayisələri <a href="https://www.ilo.org/">Beynəlxalq Əmək Təşkilatının</a> hesabatlarında tapmaq olar.</p>
""",
        },
        "ru": {
            "title": "Цифровое поколение: молодёжь, работа и фриланс",
            "lead": "В Баку и регионах всё больше молодых людей работают через интернет на зарубежных заказчиков. В статистике эта экономика почти не видна, но рынок труда она уже меняет.",
            "caption": "Новый рынок труда по ту сторону экрана. Иллюстрация Turan",
            "search_description": "Молодые фрилансеры в Азербайджане: причины, проблемы и шаги, которые могут вывести их «из тени».",
            "body": """
<p>Дизайнер, программист, переводчик, видеомонтажёр — в Баку и регионах всё больше молодых людей работают по этим профессиям, не выходя в офис, на зарубежных заказчиков. Для многих из них фриланс стал первым и главным источником дохода после университета.</p>
<p>Причины этой тенденции понятны: быстрый интернет, растущее число молодых людей, владеющих английским, и доступность международных платформ. Для жителя региона это возможность зарабатывать, не переезжая в столицу.</p>
<figure data-quote="@youth-jobs"></figure>
<h2>Проблемы</h2>
<ul>
<li><strong>Нет социальной защиты:</strong> без официальной регистрации не накапливается пенсионный стаж и нет медицинской страховки.</li>
<li><strong>Сложности с платежами:</strong> получение денег с зарубежных платформ порой затягивается из-за банковских процедур.</li>
<li><strong>Нестабильный доход:</strong> число заказов зависит от сезона и мирового рынка.</li>
</ul>
<h2>Что может измениться</h2>
<p>Эксперты предлагают упрощённый налоговый режим, онлайн-регистрацию в качестве индивидуального предпринимателя и удобные банковские продукты для приёма зарубежных платежей. Такие шаги могут сделать выход молодёжи «из тени» выгодным и для неё самой, и для государства.</p>
<p>Выводы есть и для системы образования: университеты должны учить студентов не только профессии, но и тому, как заключать договоры, назначать цену своей работе и представлять её заказчику. Международные сравнения по занятости молодёжи можно найти в докладах <a href="https://www.ilo.org/">Международной организации труда</a>.</p>
""",
        },
        "en": {
            "title": "The Digital Generation: Young People, Work and Freelancing",
            "lead": "In Baku and the regions, more and more young people work online for clients abroad. This economy barely shows up in the statistics, yet it is already changing the labour market.",
            "caption": "A new labour market behind the screen. Illustration: Turan",
            "search_description": "Young freelancers in Azerbaijan: why they work online, the problems they face and the steps that could bring them out of the shadows.",
            "body": """
<p>Designer, programmer, translator, video editor: in Baku and the regions, a growing number of young people do these jobs for foreign clients without ever going to an office. For many of them, freelancing has become the first and main source of income after university.</p>
<p>The reasons are plain: fast internet, a rising number of young people who speak English, and easy access to international platforms. For someone living in the regions, it is a way to earn a living without moving to the capital.</p>
<figure data-quote="@youth-jobs"></figure>
<h2>The problems</h2>
<ul>
<li><strong>No social protection:</strong> without formal registration there is no pension record and no health insurance.</li>
<li><strong>Awkward payments:</strong> receiving money from foreign platforms can drag on because of banking procedures.</li>
<li><strong>Unstable income:</strong> the flow of orders depends on the season and on the global market.</li>
</ul>
<h2>What could change</h2>
<p>Experts propose a simplified tax regime, online registration as a sole trader, and convenient banking products for receiving payments from abroad. Steps like these could make leaving the shadow economy worthwhile both for the young people themselves and for the state.</p>
<p>There are lessons for education too: universities should teach students not just a trade but how to sign a contract, price their work and present it to a client. International comparisons of youth employment can be found in the reports of the <a href="https://www.ilo.org/">International Labour Organization</a>.</p>
""",
        },
    },
    {
        "key": "caspian-security",
        "section": "analytics",
        "original_language": "ru",
        "authors": ["tural-ismayilzade", "orkhan-veliyev"],
        "tags": [
            "caspian-sea",
            "security",
            "diplomacy",
            "kazakhstan",
            "azerbaijan",
            "aygun-nasibova",
        ],
        "palette": "caspian",
        "published": {"ru": ago(55, "10:00"), "az": ago(54, "12:40"), "en": ago(52, "09:15")},
        "ru": {
            "title": "Безопасность на Каспии: конвенция и её пробелы",
            "lead": "Конвенция о правовом статусе Каспийского моря закрыла многолетний спор о том, море это или озеро. Но разграничение дна, военное присутствие и экология по-прежнему остаются предметом переговоров.",
            "caption": "Общее море пяти государств. Иллюстрация Turan",
            "search_description": "Что решила и что оставила открытым конвенция о правовом статусе Каспия: дно, трубопроводы, военное присутствие, экология.",
            "body": """
<p>Подписанная в 2018 году в Актау конвенция о правовом статусе Каспийского моря подвела итог более чем двум десятилетиям переговоров пяти прибрежных государств — Азербайджана, Ирана, Казахстана, России и Туркменистана. Документ установил общие правила судоходства, рыболовства и использования водной поверхности.</p>
<p>Однако многие ключевые вопросы конвенция оставила для двусторонних и многосторонних соглашений. Прежде всего это разграничение дна, то есть прав на ресурсы.</p>
<figure data-quote="@caspian-convention"></figure>
<h2>Открытые вопросы</h2>
<ol>
<li><strong>Разграничение дна</strong> между соседними государствами там, где соглашения ещё не заключены.</li>
<li><strong>Подводные трубопроводы:</strong> конвенция связывает их прокладку с экологическими требованиями, которые стороны могут толковать по-разному.</li>
<li><strong>Военное присутствие:</strong> документ запрещает вооружённые силы третьих стран, но не регулирует баланс сил между самими прибрежными государствами.</li>
<li><strong>Экологический мониторинг</strong>, без которого трудно оценить воздействие добычи и судоходства.</li>
</ol>
<h2>Почему это важно для Баку</h2>
<p>Азербайджан — один из главных пользователей каспийских ресурсов и маршрутов. Для него стабильность на море означает бесперебойную добычу, безопасные паромные переправы и предсказуемые условия для транзитных проектов, включая возможные транскаспийские трубопроводы.</p>
<p>По оценке аналитической службы, в ближайшие годы напряжённость на Каспии будет определяться не столько прямыми конфликтами, сколько <em>конкуренцией толкований</em>: каждая сторона будет читать конвенцию так, как выгодно ей. Поэтому главным инструментом безопасности на море остаётся регулярный диалог пяти столиц.</p>
""",
        },
        "az": {
            "title": "Xəzərdə təhlükəsizlik: konvensiya və onun boşluqları",
            "lead": "Xəzər dənizinin hüquqi statusu haqqında konvensiya onun dəniz, yoxsa göl olması barədə çoxillik mübahisəyə son qoydu. Lakin dibin bölgüsü, hərbi mövcudluq və ekologiya hələ də danışıqların mövzusu olaraq qalır.",
            "caption": "Beş dövlətin ortaq dənizi. Turan illüstrasiyası",
            "search_description": "Xəzərin hüquqi statusu haqqında konvensiya nəyi həll etdi və nəyi açıq qoydu: dib, boru kəmərləri, hərbi mövcudluq, ekologiya.",
            "body": """
<p>2018-ci ildə Aktauda imzalanmış Xəzər dənizinin hüquqi statusu haqqında konvensiya beş sahilyanı dövlətin — Azərbaycanın, İranın, Qazaxıstanın, Rusiyanın və Türkmənistanın iyirmi ildən artıq davam edən danışıqlarına yekun vurdu. Sənəd gəmiçilik, balıqçılıq və su səthindən istifadə üzrə ümumi qaydaları müəyyən etdi.</p>
<p>Lakin konvensiya bir çox əsas məsələni ikitərəfli və çoxtərəfli sazişlərin öhdəsinə buraxdı. Bunların başında dibin, yəni resurslara olan hüquqların bölgüsü gəlir.</p>
<figure data-quote="@caspian-convention"></figure>
<h2>Açıq qalan məsələlər</h2>
<ol>
<li><strong>Dibin bölgüsü</strong> — hələ saziş bağlanmamış qonşu dövlətlər arasında.</li>
<li><strong>Sualtı boru kəmərləri:</strong> konvensiya onların çəkilməsini tərəflərin fərqli şərh edə biləcəyi ekoloji tələblərlə əlaqələndirir.</li>
<li><strong>Hərbi mövcudluq:</strong> sənəd üçüncü ölkələrin silahlı qüvvələrinin olmasını qadağan edir, lakin sahilyanı dövlətlərin özləri arasında qüvvələr balansını tənzimləmir.</li>
<li><strong>Ekoloji monitorinq</strong> — onsuz hasilatın və gəmiçiliyin təsirini qiymətləndirmək çətindir.</li>
</ol>
<h2>Bu, Bakı üçün niyə vacibdir</h2>
<p>Azərbaycan Xəzər resurslarından və marşrutlarından əsas istifadə edənlərdən biridir. Onun üçün dənizdə sabitlik fasiləsiz hasilat, təhlükəsiz bərə keçidləri və tranzit layihələri, o cümlədən mümkün transxəzər boru kəmərləri üçün proqnozlaşdırıla bilən şərait deməkdir.</p>
<p>Analitik xidmətin qiymətləndirməsinə görə, yaxın illərdə Xəzərdə gərginliyi birbaşa münaqişələrdən çox <em>şərhlərin rəqabəti</em> müəyyən edəcək: hər tərəf konvensiyanı özünə sərfəli şəkildə oxuyacaq. Buna görə də dənizdə təhlükəsizliyin əsas aləti beş paytaxt arasında müntəzəm dialoq olaraq qalır.</p>
""",
        },
        "en": {
            "title": "Security on the Caspian: The Convention and Its Gaps",
            "lead": "The Convention on the Legal Status of the Caspian Sea settled the long dispute over whether it is a sea or a lake. The seabed, military presence and the environment are still under negotiation.",
            "caption": "A sea shared by five states. Illustration: Turan",
            "search_description": "What the Caspian convention settled and what it left open: the seabed, pipelines, military presence and the environment.",
            "body": """
<p>Signed in Aktau in 2018, the Convention on the Legal Status of the Caspian Sea concluded more than two decades of talks between the five littoral states: Azerbaijan, Iran, Kazakhstan, Russia and Turkmenistan. It set common rules for shipping, fishing and the use of the water surface.</p>
<p>Many key questions, however, were left to bilateral and multilateral agreements. First among them is the division of the seabed, and with it the rights to its resources.</p>
<figure data-quote="@caspian-convention"></figure>
<h2>Open questions</h2>
<ol>
<li><strong>Seabed delimitation</strong> between neighbours that have not yet reached agreement.</li>
<li><strong>Subsea pipelines:</strong> the convention ties their construction to environmental requirements that the parties may read differently.</li>
<li><strong>Military presence:</strong> the document bars the armed forces of outside powers but does not regulate the balance of forces among the littoral states themselves.</li>
<li><strong>Environmental monitoring</strong>, without which the impact of extraction and shipping is hard to assess.</li>
</ol>
<h2>Why it matters to Baku</h2>
<p>Azerbaijan is one of the main users of Caspian resources and routes. For Baku, stability at sea means uninterrupted production, safe ferry crossings and predictable conditions for transit projects, including possible trans-Caspian pipelines.</p>
<p>In the service's assessment, tension on the Caspian in the coming years will be shaped less by open conflict than by <em>competing interpretations</em>: each party will read the convention in the way that suits it. That is why regular dialogue among the five capitals remains the main instrument of security at sea.</p>
""",
        },
    },
    {
        "key": "kura-irrigation",
        "section": "economy",
        "original_language": "en",
        "authors": ["helen-morrow"],
        "tags": [
            "kura-river",
            "agriculture",
            "environment",
            "georgia",
            "world-bank",
            "kamran-huseynli",
        ],
        "palette": "spring",
        "published": {"en": ago(6, "11:30"), "az": ago(4, "10:10")},
        "en": {
            "title": "Water for the Fields: Irrigation and the Kura's Shrinking Flow",
            "lead": "Azerbaijan's farms depend on a river that crosses several countries and arrives ever thinner. Modern irrigation could save much of the water lost today, but it needs money, data and farmers' trust.",
            "caption": "A river and the fields it feeds. Illustration: Turan",
            "search_description": "How better irrigation and cooperation upstream could ease the pressure on the Kura, the backbone of Azerbaijani farming.",
            "body": """
<p>The Kura is the backbone of Azerbaijani agriculture. Together with its tributary, the Araz, it waters the country's main farming lowlands, from cotton fields to orchards and vegetable plots. In dry summers, however, the lower river has at times fallen so low that seawater has pushed upstream near its mouth: a worrying signal for farmers and drinking-water supply alike.</p>
<p>Much of the pressure comes from how the water is used. Many irrigation canals are unlined earth channels built decades ago, and flooding the furrows remains the default method on most farms.</p>
<figure data-quote="@kura-water"></figure>
<h2>What would make the biggest difference</h2>
<ul>
<li><strong>Lining and repairing canals</strong> to cut seepage losses.</li>
<li><strong>Drip and sprinkler systems</strong> for orchards and vegetables, where the investment pays back fastest.</li>
<li><strong>Metering and fair pricing</strong>, so that saving water pays off for the farmer.</li>
<li><strong>Shared data</strong> with upstream neighbours on flows and withdrawals.</li>
</ul>
<h2>The transboundary question</h2>
<p>The Kura rises in Türkiye and flows through Georgia before it reaches Azerbaijan, while the Araz forms much of Azerbaijan's border with Iran. No single country can manage the basin alone, yet a comprehensive basin agreement has remained elusive for years.</p>
<p>Meanwhile, domestic reforms offer the quickest gains. International lenders such as the <a href="https://www.worldbank.org/">World Bank</a> have long financed irrigation projects in the region; the next step is to tie such investment to <em>measured water savings</em> rather than to kilometres of new concrete.</p>
""",
        },
        "az": {
            "title": "Tarlalar üçün su: suvarma və Kürün azalan axını",
            "lead": "Azərbaycanın təsərrüfatları bir neçə ölkədən keçən və getdikcə daha az su gətirən çaydan asılıdır. Müasir suvarma bu gün itirilən suyun böyük hissəsinə qənaət edə bilər, lakin bunun üçün vəsait, məlumat və fermerlərin etimadı lazımdır.",
            "caption": "Çay və onun bəslədiyi tarlalar. Turan illüstrasiyası",
            "search_description": "Daha yaxşı suvarma və yuxarı axındakı qonşularla əməkdaşlıq Azərbaycan kənd təsərrüfatının dayağı olan Kürə təzyiqi necə azalda bilər.",
            "body": """
<p>Kür Azərbaycan kənd təsərrüfatının dayağıdır. Qolu Araz ilə birlikdə o, pambıq sahələrindən bağlara və bostanlara qədər ölkənin əsas əkinçilik ovalıqlarını suvarır. Lakin quraq yay aylarında çayın aşağı axınında səviyyə bəzən o qədər enir ki, mənsəbin yaxınlığında dəniz suyu çaya doğru irəliləyir. Bu, həm fermerlər, həm də içməli su təchizatı üçün narahatedici siqnaldır.</p>
<p>Təzyiqin böyük hissəsi suyun necə istifadə olunmasından irəli gəlir. Suvarma kanallarının çoxu onilliklər əvvəl çəkilmiş, betonla örtülməmiş torpaq kanallarıdır, əksər təsərrüfatlarda isə şırımları su ilə doldurmaq hələ də əsas üsul olaraq qalır.</p>
<figure data-quote="@kura-water"></figure>
<h2>Ən böyük dəyişikliyi nə edə bilər</h2>
<ul>
<li><strong>Kanalların betonla örtülməsi və təmiri</strong> — sızma itkilərini azaltmaq üçün.</li>
<li><strong>Damcı və çiləmə sistemləri</strong> — investisiyanın ən tez özünü doğrultduğu bağlarda və bostanlarda.</li>
<li><strong>Uçot və ədalətli qiymət</strong> — suya qənaət fermer üçün sərfəli olsun deyə.</li>
<li><strong>Ortaq məlumat</strong> — yuxarı axındakı qonşularla su axını və götürülən su barədə.</li>
</ul>
<h2>Transsərhəd məsələsi</h2>
<p>Kür Türkiyədən başlayır və Azərbaycana çatmazdan əvvəl Gürcüstandan keçir, Araz isə Azərbaycanın İranla sərhədinin böyük hissəsini təşkil edir. Heç bir ölkə hövzəni tək idarə edə bilməz, lakin hövzə üzrə hərtərəfli saziş illərdir ki, əldə olunmayıb.</p>
<p>Bu arada ən tez nəticəni daxili islahatlar verir. <a href="https://www.worldbank.org/">Dünya Bankı</a> kimi beynəlxalq kreditorlar regionda suvarma layihələrini çoxdan maliyyələşdirir; növbəti addım belə investisiyaları yeni beton kilometrlərinə deyil, <em>ölçülmüş su qənaətinə</em> bağlamaqdır.</p>
""",
        },
    },
    {
        # Entirely scheduled: goes live a day after the first load.
        "key": "oil-budget",
        "section": "analytics",
        "original_language": "ru",
        "authors": [INSTITUTION],
        "tags": ["public-finance", "energy", "azerbaijan"],
        "palette": "oil",
        "published": {"ru": ahead(1)},
        "ru": {
            "title": "Нефтяной бюджет: как снизить зависимость от цены барреля",
            "lead": "Доходы от нефти и газа по-прежнему формируют значительную часть государственного бюджета. Аналитическая служба разбирает инструменты, которые могут сделать его устойчивее к колебаниям цен.",
            "caption": "Бюджет и баррель. Иллюстрация Turan",
            "search_description": "Как снизить зависимость бюджета Азербайджана от цен на нефть: бюджетное правило, ненефтяные доходы, качество расходов.",
            "body": """
<p>Каждое заметное падение цен на нефть напоминает о простой арифметике: чем выше доля углеводородов в доходах бюджета, тем сильнее мировой рынок влияет на школы, дороги и пенсии внутри страны. Азербайджан за последние годы сделал немало, чтобы смягчить эту зависимость, но до её преодоления ещё далеко.</p>
<p>Главные механизмы защиты уже существуют: <strong>нефтяной фонд</strong>, который накапливает доходы в хорошие годы, и бюджетное правило, ограничивающее рост расходов. Вопрос в том, насколько строго эти правила соблюдаются, когда цены высоки и соблазн потратить больше особенно велик.</p>
<h2>Что может сделать бюджет устойчивее</h2>
<ol>
<li><strong>Строгое бюджетное правило</strong>, привязанное к долгосрочной, а не текущей цене нефти.</li>
<li><strong>Рост ненефтяных доходов</strong> за счёт расширения налоговой базы, а не повышения ставок.</li>
<li><strong>Качество расходов:</strong> оценка отдачи от крупных инвестиционных проектов до их запуска.</li>
<li><strong>Прозрачность:</strong> публикация среднесрочных прогнозов и сценариев с разными ценами на нефть.</li>
</ol>
<h2>Риски переходного периода</h2>
<p>Сокращение зависимости — процесс небыстрый. Ненефтяной сектор растёт, но во многом благодаря государственным расходам, которые сами финансируются нефтяными деньгами. Разорвать этот круг помогут частные инвестиции, а они приходят туда, где правила предсказуемы.</p>
<p>По оценке аналитической службы, ближайшие годы станут проверкой на дисциплину: энергетический переход в Европе постепенно снижает долгосрочный спрос на углеводороды, и <em>запас прочности</em> бюджета лучше создавать, пока доходы ещё высоки. Методики оценки бюджетных правил публикует <a href="https://www.imf.org/">Международный валютный фонд</a>.</p>
""",
        },
    },
    {
        # A draft: complete text, no publication moment in any language.
        "key": "connectivity-draft",
        "section": "politics",
        "original_language": "ru",
        "authors": ["orkhan-veliyev"],
        "tags": ["south-caucasus", "transport", "diplomacy", "osce"],
        "palette": "stone",
        "published": {},
        "ru": {
            "title": "Открытие коммуникаций на Южном Кавказе: три сценария",
            "lead": "Разблокирование дорог и железных дорог в регионе обсуждается уже несколько лет. Черновик аналитической записки: какие сценарии реалистичны и от чего они зависят.",
            "caption": "Дороги, которые ещё предстоит открыть. Иллюстрация Turan",
            "search_description": "Три сценария открытия транспортных коммуникаций на Южном Кавказе и условия, от которых они зависят.",
            "body": """
<p>Идея восстановления транспортных связей на Южном Кавказе выглядит очевидной: короткие маршруты дешевле длинных, а торговля между соседями выгодна всем. Однако на практике каждая новая дорога или железнодорожная ветка упирается в вопросы контроля, безопасности и доверия.</p>
<p>Ниже — три сценария, которые обсуждают эксперты. Они не взаимоисключающие: на разных направлениях могут реализоваться разные варианты.</p>
<h2>Сценарии</h2>
<ol>
<li><strong>Постепенный.</strong> Коммуникации открываются по одной, под гарантии соседних государств и с долгими переговорами о каждом пункте пропуска.</li>
<li><strong>Пакетный.</strong> Стороны договариваются сразу о нескольких маршрутах в рамках более широкой договорённости о нормализации.</li>
<li><strong>Отложенный.</strong> Переговоры продолжаются, но практических шагов нет, а грузы идут в обход.</li>
</ol>
<blockquote>Транспорт на Кавказе всегда был продолжением политики. Вопрос лишь в том, сможет ли экономика когда-нибудь поменяться с ней местами.</blockquote>
<p>Ключевые условия для любого сценария — понятные правила пересечения границ, участие международных партнёров в финансировании и мониторинге, а также поддержка местных сообществ, через которые пройдут маршруты. Опыт <a href="https://www.osce.org/">ОБСЕ</a> в сфере мер доверия может оказаться здесь полезным.</p>
<p>Текст будет дополнен после консультаций с экспертами из соседних стран.</p>
""",
        },
    },
]
