#!/usr/bin/python3
"""Benchmark corpora for newsgraph, SQLite FTS5 and Xapian (JSONL, one article per line).

  corpus.py generate --docs N [--seed S] --out FILE     deterministic multilingual articles
  corpus.py slavicner [--dir DIR] --out FILE            the SlavicNER raw articles, when present
  corpus.py queries --corpus FILE --count N [--seed S] --out FILE
                                                        1-, 2- and 3-word queries from its words

Every article line has external_id, title, text, language, source and published_at (RFC 3339,
empty when unknown); generated ones also list the knowledge-base ids they name ("entities").

The generator writes articles in vi, uk, el, en, ru and zh of about 3 KB: sentences from
hand-written templates per language naming people, organizations, places and products by their
names in that language, taken from the knowledge base (services/extract/kb/*.jsonl), so the
extractor links them; dates, amounts and percentages in each language's usual form; and between
them sentences of words drawn from a Zipf distribution over a per-language vocabulary of
pseudo-words built from that language's syllables (so term statistics look like news text: a few
very common words, a long tail of rare ones; Zipf-Mandelbrot, s = 1, q = 2.7), three in four of them
from the article's own topic words, as real articles repeat theirs. Publication dates spread over 2024-2025. The same
seed and size give a byte-identical file (only random.Random's integer API is used).
"""

import argparse
import bisect
import datetime
import glob
import json
import os
import random
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB_DIR = os.path.join(REPO, "services", "extract", "kb")
SLAVICNER_DIR = os.path.join(os.path.dirname(REPO), "shared", "data", "ner", "slavicner", "raw")
LANGUAGES = ["vi", "uk", "el", "en", "ru", "zh"]
VOCABULARY_SIZE = 20000
TOPIC_WORDS = 150

# Sentence templates per language. Slots: {P} person, {O} organization, {L} place, {X} product,
# {D} a date, {M} an amount of money, {N} a percentage. Names appear where the nominative reads
# naturally, so uk/ru/el names need no inflection.
TEMPLATES = {
    "en": [
        "{P} said on {D} that {O} would expand its operations in {L}.",
        "Officials in {L} confirmed that {O} had signed a contract worth {M}.",
        "{O} reported that sales of {X} rose by {N} compared with last year.",
        "According to {P}, the talks in {L} were constructive but difficult.",
        "Analysts at {O} expect the market to grow by {N} next year.",
        "{P} met {P2} in {L} to discuss trade, energy and security.",
        "The deal, announced on {D}, values {O} at {M}.",
        "{P} criticized the decision of {O}, calling it a serious mistake.",
        "Shares of {O} fell {N} after the company presented {X}.",
        "Residents of {L} said prices had risen sharply since {D}.",
        "{O} and {O2} agreed to cooperate on research and development.",
        "In an interview, {P} said that {L} remained a key partner.",
    ],
    "vi": [
        "Ngày {D}, {P} cho biết {O} sẽ mở rộng hoạt động tại {L}.",
        "Giới chức {L} xác nhận {O} đã ký hợp đồng trị giá {M}.",
        "{O} thông báo doanh số {X} tăng {N} so với cùng kỳ năm trước.",
        "Theo {P}, các cuộc đàm phán tại {L} diễn ra xây dựng nhưng khó khăn.",
        "Các chuyên gia của {O} dự báo thị trường sẽ tăng trưởng {N} trong năm tới.",
        "{P} đã gặp {P2} tại {L} để thảo luận về thương mại, năng lượng và an ninh.",
        "Thương vụ được công bố ngày {D} định giá {O} ở mức {M}.",
        "{P} chỉ trích quyết định của {O} và gọi đó là một sai lầm nghiêm trọng.",
        "Cổ phiếu {O} giảm {N} sau khi công ty giới thiệu {X}.",
        "Người dân {L} cho biết giá cả đã tăng mạnh kể từ ngày {D}.",
        "{O} và {O2} đồng ý hợp tác trong lĩnh vực nghiên cứu và phát triển.",
        "Trả lời phỏng vấn, {P} khẳng định {L} vẫn là đối tác quan trọng.",
    ],
    "uk": [
        "{P} заявив {D}, що {O} розширить свою діяльність. Місто {L} стане центром проєкту.",
        "Представники {O} підтвердили, що контракт вартістю {M} вже підписано.",
        "{O} повідомила, що продажі {X} зросли на {N} порівняно з минулим роком.",
        "За словами {P}, переговори були конструктивними, але складними.",
        "Аналітики {O} очікують, що ринок зросте на {N} наступного року.",
        "{P} і {P2} обговорили торгівлю, енергетику та безпеку. Зустріч відбулася у місті {L}.",
        "Угода, оголошена {D}, оцінює {O} у {M}.",
        "{P} розкритикував рішення {O} і назвав його серйозною помилкою.",
        "Акції {O} впали на {N} після того, як компанія представила {X}.",
        "Мешканці міста {L} кажуть, що ціни різко зросли з {D}.",
        "{O} та {O2} домовилися про співпрацю у сфері досліджень і розробок.",
        "В інтерв'ю {P} наголосив: {L} залишається ключовим партнером.",
    ],
    "ru": [
        "{P} заявил {D}, что {O} расширит свою деятельность. Город {L} станет центром проекта.",
        "Представители {O} подтвердили, что контракт стоимостью {M} уже подписан.",
        "{O} сообщила, что продажи {X} выросли на {N} по сравнению с прошлым годом.",
        "По словам {P}, переговоры были конструктивными, но сложными.",
        "Аналитики {O} ожидают, что рынок вырастет на {N} в следующем году.",
        "{P} и {P2} обсудили торговлю, энергетику и безопасность. Встреча прошла в городе {L}.",
        "Сделка, объявленная {D}, оценивает {O} в {M}.",
        "{P} раскритиковал решение {O} и назвал его серьёзной ошибкой.",
        "Акции {O} упали на {N} после того, как компания представила {X}.",
        "Жители города {L} говорят, что цены резко выросли с {D}.",
        "{O} и {O2} договорились о сотрудничестве в области исследований и разработок.",
        "В интервью {P} подчеркнул: {L} остаётся ключевым партнёром.",
    ],
    "el": [
        "Ο {P} δήλωσε στις {D} ότι η {O} θα επεκτείνει τις δραστηριότητές της. Η {L} θα είναι το κέντρο.",
        "Αξιωματούχοι επιβεβαίωσαν ότι η {O} υπέγραψε σύμβαση ύψους {M}.",
        "Η {O} ανακοίνωσε ότι οι πωλήσεις του {X} αυξήθηκαν κατά {N} σε σχέση με πέρυσι.",
        "Σύμφωνα με τον {P}, οι συνομιλίες ήταν εποικοδομητικές αλλά δύσκολες.",
        "Οι αναλυτές της {O} αναμένουν ανάπτυξη της αγοράς κατά {N} το επόμενο έτος.",
        "Ο {P} συναντήθηκε με τον {P2} για το εμπόριο, την ενέργεια και την ασφάλεια.",
        "Η συμφωνία, που ανακοινώθηκε στις {D}, αποτιμά την {O} σε {M}.",
        "Ο {P} επέκρινε την απόφαση της {O}, χαρακτηρίζοντάς την σοβαρό λάθος.",
        "Οι μετοχές της {O} υποχώρησαν κατά {N} μετά την παρουσίαση του {X}.",
        "Κάτοικοι της περιοχής λένε ότι οι τιμές αυξήθηκαν απότομα από τις {D}. {L}: η ακρίβεια συνεχίζεται.",
        "Η {O} και η {O2} συμφώνησαν να συνεργαστούν στην έρευνα και την ανάπτυξη.",
        "Σε συνέντευξή του ο {P} τόνισε ότι η {L} παραμένει βασικός εταίρος.",
    ],
    "zh": [
        "{P}于{D}表示，{O}将扩大在{L}的业务。",
        "{L}官员证实，{O}已签署价值{M}的合同。",
        "{O}称，{X}的销量同比增长{N}。",
        "据{P}介绍，在{L}举行的会谈富有建设性，但也很艰难。",
        "{O}的分析师预计明年市场将增长{N}。",
        "{P}在{L}会见了{P2}，双方讨论了贸易、能源和安全问题。",
        "这笔于{D}宣布的交易对{O}的估值为{M}。",
        "{P}批评了{O}的决定，称其为严重错误。",
        "{O}发布{X}后，其股价下跌{N}。",
        "{L}居民表示，自{D}以来物价大幅上涨。",
        "{O}与{O2}同意在研发领域开展合作。",
        "{P}在接受采访时表示，{L}仍是重要的合作伙伴。",
    ],
}

TITLES = {
    "en": ["{P} visits {L}", "{O} unveils {X}", "{O} and {O2} sign deal", "Talks in {L} continue"],
    "vi": ["{P} thăm {L}", "{O} ra mắt {X}", "{O} và {O2} ký thỏa thuận", "Đàm phán tại {L} tiếp tục"],
    "uk": ["{P}: нові домовленості", "{O} представила {X}", "{O} та {O2} підписали угоду", "{L}: переговори тривають"],
    "ru": ["{P}: новые договорённости", "{O} представила {X}", "{O} и {O2} подписали соглашение", "{L}: переговоры продолжаются"],
    "el": ["{P}: νέες συμφωνίες", "Η {O} παρουσίασε το {X}", "Συμφωνία {O} και {O2}", "{L}: συνεχίζονται οι συνομιλίες"],
    "zh": ["{P}访问{L}", "{O}发布{X}", "{O}与{O2}签署协议", "{L}会谈继续"],
}

SOURCES = {
    "en": ["wire.example.com", "daily-ledger.example.com", "metro-news.example.org"],
    "vi": ["tintuc.example.vn", "baomoi.example.vn", "thoisu.example.vn"],
    "uk": ["novyny.example.ua", "kyiv-post.example.ua", "visti.example.ua"],
    "ru": ["novosti.example.ru", "vedomosti.example.ru", "gazeta.example.ru"],
    "el": ["eidiseis.example.gr", "kathimerini.example.gr", "nea.example.gr"],
    "zh": ["xinwen.example.cn", "caijing.example.cn", "ribao.example.cn"],
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
           "вересня", "жовтня", "листопада", "грудня"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "el": ["Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου", "Ιουλίου",
           "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου"],
}

# Syllables of each language's pseudo-words (the Zipf-distributed filler vocabulary).
SYLLABLES = {
    "en": "ka mer ton bri sel dun vor pla gen tis ro lu nar fen cos mi dal ter ant ber com "
          "dis ex han in lan mor pen res sta tra ur ven wil ing ment ness al er or ly".split(),
    "vi": "bản cách chính đường giá hàng khoa lượng mới người nhà phát quốc sản thị trường "
          "việc xuất đầu động công nghiệp kinh tế văn hóa chất lớn mạnh nhiều ngành vùng "
          "bảo tồn dịch vụ đất nước quản lý".split(),
    "uk": "ко ва ні ти ро на ло ми ре пі ст ри до ві зо ку ля ше ба ги ре по ча ні ють ого "
          "ськ ння ції ків ним ної ть ла".split(),
    "ru": "ко ва ни ты ро на ло ми ре пе ст ри до ве зо ку ля ше ба ги по ча ют ого ск ния "
          "ции ков ным ной ть ла ый ий".split(),
    "el": "κα λο μι ρα τη πο νε σι δα γε κο φι ζω θε λυ μο ξε πα τρο στη ση νι ου ος ες "
          "ων ει αι".split(),
    "zh": list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
               "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现"
               "实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表"
               "间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系"),
}
GREEK_TONOS = {"α": "ά", "ε": "έ", "η": "ή", "ι": "ί", "ο": "ό", "υ": "ύ", "ω": "ώ"}


def load_kb_names():
    """{language: {kind: [(name, id), ...]}} from the knowledge base's project files."""
    kinds = {"ENTITY_TYPE_PERSON": "P", "ENTITY_TYPE_ORGANIZATION": "O",
             "ENTITY_TYPE_LOCATION": "L", "ENTITY_TYPE_PRODUCT": "X"}
    names = {lang: {kind: [] for kind in "POLX"} for lang in LANGUAGES}
    for path in sorted(glob.glob(os.path.join(KB_DIR, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                entity = json.loads(line)
                kind = kinds.get(entity["type"])
                if kind is None:
                    continue
                for name in entity.get("names", []):
                    # Short one-word names only match as written; long ones read badly in
                    # templates. Both are fine for the extractor, but keep text natural.
                    if name["language"] in names and 2 < len(name["name"]) <= 40:
                        names[name["language"]][kind].append((name["name"], entity["id"]))
    for lang in LANGUAGES:
        for kind in "POLX":
            if not names[lang][kind]:
                sys.exit(f"corpus.py: the knowledge base has no {kind} names in {lang}")
    return names


def pseudo_vocabulary(lang, rng):
    """VOCABULARY_SIZE distinct pseudo-words of `lang`, most frequent first."""
    syllables = SYLLABLES[lang]
    words, seen = [], set()
    while len(words) < VOCABULARY_SIZE:
        if lang == "zh":
            word = "".join(syllables[rng.randrange(len(syllables))] for _ in range(2))
        elif lang == "vi":
            # Vietnamese words are syllables separated by spaces; a "word" here is one or two.
            count = 1 + (rng.randrange(3) == 0)
            word = " ".join(syllables[rng.randrange(len(syllables))] for _ in range(count))
            if word in seen:
                word = word + " " + syllables[rng.randrange(len(syllables))]
        else:
            count = 2 + rng.randrange(3)
            word = "".join(syllables[rng.randrange(len(syllables))] for _ in range(count))
            if lang == "el":
                vowels = [i for i, c in enumerate(word) if c in GREEK_TONOS]
                if vowels:
                    i = vowels[rng.randrange(len(vowels))]
                    word = word[:i] + GREEK_TONOS[word[i]] + word[i + 1:]
                word = word.replace("ς", "σ")
                if word.endswith("σ"):
                    word = word[:-1] + "ς"
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.names = load_kb_names()
        vocab_rng = random.Random(seed * 7919 + 1)
        self.vocab = {lang: pseudo_vocabulary(lang, vocab_rng) for lang in LANGUAGES}
        # Zipf-Mandelbrot (s = 1, q = 2.7, the usual fit for running text): cumulative weights
        # for bisect sampling. The top word is ~3% of the words: pure Zipf would make it ~10%,
        # and such a dominant word makes every document's SimHash alike (ingest would call
        # unrelated articles near duplicates).
        total, self.zipf = 0.0, []
        for rank in range(1, VOCABULARY_SIZE + 1):
            total += 1.0 / (rank + 2.7)
            self.zipf.append(total)
        total, self.topic_zipf = 0.0, []
        for rank in range(1, TOPIC_WORDS + 1):
            total += 1.0 / rank
            self.topic_zipf.append(total)
        self.start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def date_text(self, lang, day):
        if lang == "en":
            return f"{MONTHS['en'][day.month - 1]} {day.day}, {day.year}"
        if lang == "vi":
            return f"{day.day} tháng {day.month} năm {day.year}"
        if lang in ("uk", "ru"):
            return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
        if lang == "el":
            return f"{day.day} {MONTHS['el'][day.month - 1]} {day.year}"
        return f"{day.year}年{day.month}月{day.day}日"

    def money_text(self, lang):
        amount = 1 + self.rng.randrange(900)
        return {"en": f"${amount} million", "vi": f"{amount} triệu USD",
                "uk": f"{amount} млн доларів", "ru": f"{amount} млн долларов",
                "el": f"{amount} εκατ. ευρώ", "zh": f"{amount}亿元"}[lang]

    def percent_text(self, lang):
        whole, tenth = 1 + self.rng.randrange(40), self.rng.randrange(10)
        sep = "." if lang in ("en", "zh") else ","
        return f"{whole}{sep}{tenth}%"

    def topic(self, lang):
        """The words an article keeps coming back to: TOPIC_WORDS of the vocabulary past its
        most common words. Real articles are bursty like this; words drawn independently from
        one distribution per language would give every article of a language nearly the same
        SimHash (ingest's near-duplicate check would then drop most of the corpus)."""
        vocab = self.vocab[lang]
        return [vocab[50 + self.rng.randrange(VOCABULARY_SIZE - 50)] for _ in range(TOPIC_WORDS)]

    def filler(self, lang, words, topic):
        vocab = self.vocab[lang]
        out = []
        for _ in range(words):
            if self.rng.randrange(4) != 0:
                # Zipf over the topic words too: a few of them carry the article.
                out.append(topic[bisect.bisect_left(self.topic_zipf,
                                                    self.rng.random() * self.topic_zipf[-1])])
            else:
                out.append(vocab[bisect.bisect_left(self.zipf,
                                                    self.rng.random() * self.zipf[-1])])
        if lang == "zh":
            return "".join(out) + "。"
        sentence = " ".join(out)
        return sentence[0].upper() + sentence[1:] + "."

    def fill(self, template, lang, cast, day):
        """`template` with its slots filled from `cast` (the article's entities)."""
        text = template
        for slot in ("P2", "O2", "P", "O", "L", "X"):
            token = "{" + slot + "}"
            if token in text:
                text = text.replace(token, cast[slot][0])
        text = text.replace("{D}", self.date_text(lang, day))
        if "{M}" in text:
            text = text.replace("{M}", self.money_text(lang))
        if "{N}" in text:
            text = text.replace("{N}", self.percent_text(lang))
        return text

    def article(self, index):
        lang = LANGUAGES[self.rng.randrange(len(LANGUAGES))]
        names = self.names[lang]
        published = self.start + datetime.timedelta(
            seconds=self.rng.randrange(2 * 365 * 86400))
        cast = {}
        for slot, kind in (("P", "P"), ("P2", "P"), ("O", "O"), ("O2", "O"), ("L", "L"),
                           ("X", "X")):
            cast[slot] = self.pick(names[kind])
        title = self.fill(self.pick(TITLES[lang]), lang, cast, published)
        topic = self.topic(lang)
        target = 2600 + self.rng.randrange(900)
        # Each template at most once per article, in a random order: repeated templates would
        # make articles of one language look alike to ingest's near-duplicate check.
        templates = list(TEMPLATES[lang])
        for i in range(len(templates) - 1, 0, -1):
            j = self.rng.randrange(i + 1)
            templates[i], templates[j] = templates[j], templates[i]
        paragraphs, size = [], 0
        while size < target:
            sentences = []
            if templates and self.rng.randrange(3) != 0:
                day = published - datetime.timedelta(days=self.rng.randrange(30))
                sentences.append(self.fill(templates.pop(), lang, cast, day))
            for _ in range(2 + self.rng.randrange(2)):
                sentences.append(self.filler(lang, 8 + self.rng.randrange(14), topic))
            # Now and then a new person or place joins, as in real reporting.
            if self.rng.randrange(4) == 0:
                cast["P2"] = self.pick(names["P"])
                cast["L"] = self.pick(names["L"])
            paragraph = ("" if lang == "zh" else " ").join(sentences)
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        entities = sorted({value[1] for value in cast.values()})
        return {
            "external_id": f"gen-{index:08d}",
            "title": title,
            "text": "\n\n".join(paragraphs),
            "language": lang,
            "source": self.pick(SOURCES[lang]),
            "published_at": published.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "entities": entities,
        }


def write_line(out, article):
    out.write(json.dumps(article, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    out.write("\n")


def cmd_generate(args):
    generator = Generator(args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        for index in range(args.docs):
            write_line(out, generator.article(index))
    print(f"corpus.py: {args.docs} generated articles (seed {args.seed}) in {args.out}",
          file=sys.stderr)


def cmd_slavicner(args):
    if not os.path.isdir(args.dir):
        print(f"corpus.py: SlavicNER raw articles not found at {args.dir}: skipped",
              file=sys.stderr)
        return 3
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for path in sorted(glob.glob(os.path.join(args.dir, "*", "*", "*.txt"))):
            topic, lang = path.split(os.sep)[-3:-1]
            with open(path, encoding="utf-8", errors="replace") as f:
                content = f.read().strip()
            title, _, text = content.partition("\n")
            if not text.strip():
                title, text = "", content
            write_line(out, {
                "external_id": "slavicner/" + os.path.relpath(path, args.dir),
                "title": title.strip(), "text": text.strip(), "language": lang,
                "source": f"slavicner/{topic}", "published_at": ""})
            count += 1
    print(f"corpus.py: {count} SlavicNER articles from {args.dir} in {args.out}", file=sys.stderr)
    return 0 if count else 3


WORD = re.compile(r"[^\W\d_]{3,}")
CJK = re.compile(r"[\u3400-\u9fff]")


def cmd_queries(args):
    """Queries of 1, 2 and 3 words (in turn) taken from the texts of random corpus articles, so
    every query has at least one match. Chinese articles are skipped: neither FTS5's unicode61
    nor Xapian's default term generator splits Chinese into words."""
    rng = random.Random(args.seed)
    with open(args.corpus, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if not lines:
        sys.exit(f"corpus.py: {args.corpus} is empty")
    queries, attempts = [], 0
    while len(queries) < args.count and attempts < args.count * 50:
        attempts += 1
        article = json.loads(lines[rng.randrange(len(lines))])
        words = [w.lower() for w in WORD.findall(article["text"]) if not CJK.search(w)]
        size = 1 + len(queries) % 3
        if len(set(words)) < size:
            continue
        # Nearby words, as people search for things mentioned together.
        start = rng.randrange(len(words))
        window = list(dict.fromkeys(words[start:start + 12]))
        if len(window) < size:
            continue
        chosen = []
        while len(chosen) < size:
            word = window[rng.randrange(len(window))]
            if word not in chosen:
                chosen.append(word)
        queries.append(" ".join(chosen))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("\n".join(queries) + "\n")
    print(f"corpus.py: {len(queries)} queries in {args.out}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--docs", type=int, required=True)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", required=True)
    sla = sub.add_parser("slavicner")
    sla.add_argument("--dir", default=SLAVICNER_DIR)
    sla.add_argument("--out", required=True)
    que = sub.add_parser("queries")
    que.add_argument("--corpus", required=True)
    que.add_argument("--count", type=int, default=300)
    que.add_argument("--seed", type=int, default=1)
    que.add_argument("--out", required=True)
    args = parser.parse_args()
    return {"generate": cmd_generate, "slavicner": cmd_slavicner,
            "queries": cmd_queries}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
