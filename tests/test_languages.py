"""Which language a text in Latin letters is in (writer.models.advice `language_of`): ordinary
paragraphs of each language the quiet rule knows are told, close ones apart; English (Writer's
own texts, English that quotes French, English with foreign words sprinkled in) stays ""."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import fuzz_examples
from writer.models.advice import FUNCTION_WORDS, LATIN, NOT_LATIN, language_of

ROOT = Path(__file__).parents[1]
TEXTS = ROOT / "writer" / "bench" / "texts"
# English that must stay English: the quality bench's held-out, calibration and project texts,
# the README and the English guide
ENGLISH_SOURCES = sorted(
    [*TEXTS.glob("en_*.txt"), *TEXTS.glob("calibration/en_*.txt"), *TEXTS.glob("project/*.md")]
) + [ROOT / "README.md", ROOT / "resources" / "help" / "en.md"]
ENGLISH_PROSE = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("**/en_*.txt"))]

PARAGRAPHS = {
    "fr": [
        "Le vieux gardien du phare montait chaque soir l'escalier en colimaçon pour allumer la "
        "lampe. Il ne parlait à personne au village, mais les pêcheurs savaient qu'il veillait "
        "sur eux. Une nuit de tempête, la lumière ne s'alluma pas, et tout le port attendit dans "
        "le noir.",
        "Chère Claire, merci pour ta lettre et pour les photos de la mer. Ici, il pleut depuis "
        "trois jours et les enfants tournent en rond dans la maison. Nous pensons venir te voir "
        "au mois de juin, si tu as encore de la place pour nous. Je t’embrasse, Marie",
        "Je suis arrivé à la gare trop tard, et le train était déjà parti sans moi.",
    ],
    "de": [
        "Der alte Leuchtturmwärter stieg jeden Abend die Wendeltreppe hinauf, um die Lampe "
        "anzuzünden. Er sprach mit niemandem im Dorf, aber die Fischer wussten, dass er über sie "
        "wachte. In einer stürmischen Nacht blieb das Licht dunkel, und der ganze Hafen wartete "
        "in der Finsternis.",
        "Liebe Anna, vielen Dank für deinen Brief und die schönen Fotos vom Meer. Bei uns regnet "
        "es seit drei Tagen, und die Kinder langweilen sich im Haus. Wir wollen dich im Juni "
        "besuchen, wenn du noch Platz für uns hast. Herzliche Grüße, deine Maria",
        "Ich kam zu spät zum Bahnhof, und der Zug war schon ohne mich abgefahren.",
    ],
    "es": [
        "El viejo farero subía cada noche la escalera de caracol para encender la lámpara. No "
        "hablaba con nadie en el pueblo, pero los pescadores sabían que velaba por ellos. Una "
        "noche de tormenta la luz no se encendió, y todo el puerto esperó en la oscuridad.",
        "Querida Lucía: muchas gracias por tu carta y por las fotos del mar. Aquí llueve desde "
        "hace tres días y los niños están aburridos en casa. Pensamos ir a verte en junio, si "
        "todavía tienes sitio para nosotros. Un abrazo muy fuerte, Carmen",
        "Hoy en día casi todo el mundo lleva un teléfono en el bolsillo, y sin embargo muchas "
        "personas siguen escribiendo a mano en un cuaderno. No se trata de nostalgia: escribir "
        "despacio nos obliga a pensar lo que queremos decir antes de decirlo.",
        "Llegué tarde a la estación y el tren ya se había ido sin mí.",
        "Desde que se fue, la casa de la playa está vacía y nadie sabe por qué.",
    ],
    "pt": [
        "O velho faroleiro subia todas as noites a escada em caracol para acender a lâmpada. Não "
        "falava com ninguém na aldeia, mas os pescadores sabiam que ele olhava por eles. Numa "
        "noite de tempestade a luz não se acendeu, e todo o porto esperou no escuro.",
        "Querida Ana, muito obrigada pela tua carta e pelas fotografias do mar. Aqui chove há "
        "três dias e as crianças andam aborrecidas em casa. Pensamos em visitar-te em junho, se "
        "ainda tiveres lugar para nós. Um grande abraço da Marta",
        "Hoje em dia quase toda a gente anda com um telemóvel no bolso, e mesmo assim muitas "
        "pessoas continuam a escrever à mão num caderno. Não é uma questão de nostalgia: "
        "escrever devagar obriga-nos a pensar no que queremos dizer antes de o dizer.",
        "Eu não sabia que você ia chegar tão cedo. A casa ainda está uma bagunça, mas pode "
        "entrar e fazer de conta que está tudo arrumado.",
        "Desde que se foi, a casa da praia está vazia e ninguém sabe por quê.",
    ],
    "it": [
        "Il vecchio guardiano del faro saliva ogni sera la scala a chiocciola per accendere la "
        "lampada. Non parlava con nessuno in paese, ma i pescatori sapevano che vegliava su di "
        "loro. Una notte di tempesta la luce non si accese, e tutto il porto aspettò nel buio.",
        "Cara Giulia, grazie mille per la tua lettera e per le foto del mare. Qui piove da tre "
        "giorni e i bambini si annoiano in casa. Pensiamo di venirti a trovare a giugno, se hai "
        "ancora posto per noi. Un abbraccio forte, Francesca",
        "Oggi quasi tutti portano un telefono in tasca, eppure molte persone continuano a "
        "scrivere a mano su un quaderno. Non si tratta di nostalgia: scrivere lentamente ci "
        "costringe a pensare a quello che vogliamo dire prima di dirlo.",
        "Da quando se n'è andato, la casa al mare è vuota e nessuno sa perché.",
    ],
    "nl": [
        "De oude vuurtorenwachter klom elke avond de wenteltrap op om de lamp aan te steken. Hij "
        "sprak met niemand in het dorp, maar de vissers wisten dat hij over hen waakte. In een "
        "stormachtige nacht bleef het licht uit, en de hele haven wachtte in het donker.",
        "Lieve Sanne, hartelijk dank voor je brief en de mooie foto's van de zee. Hier regent "
        "het al drie dagen en de kinderen vervelen zich in huis. We willen je in juni komen "
        "opzoeken, als je nog plaats voor ons hebt. Veel liefs, Marieke",
        "Ik kwam te laat op het station en de trein was al zonder mij vertrokken.",
    ],
    # too short to tell; English with foreign names, a code block, a list of the languages
    "": [
        "Bonjour à tous",
        "Je suis là, mon ami.",
        "Guten Morgen, Frau Schmidt",
        "We had dinner at a small café in the old town. The waiter, a tall man named José de la "
        "Vega, recommended the paella, and my sister said it was the best she had eaten since "
        "Madrid.",
        "The war was over by the time the man came to the door of the old house in Van Gogh "
        "Street; he had a hat and a coat, and the dog would not let him in.",
        "Guests: María de la Cruz, Juan de los Santos, José del Río, Ana de la Fuente, Luis y "
        "Carmen de las Heras",
        "- fr: French\n- de: German\n- es: Spanish\n- it: Italian\n- pt: Portuguese\n- nl: Dutch",
        "```python\nfor i in range(10):\n    x, y = i, i * 2\n    if x in seen and y in seen:\n"
        "        e = x\n```",
    ],
}


def test_paragraphs_of_each_language_are_told_and_writers_english_is_not() -> None:
    """The paragraphs, each as its language; every English text of the repository "", whole
    and in the 200 characters before any place (the window suggestions look at), and the
    bench's essay quoting a French sentence."""
    for language, paragraphs in PARAGRAPHS.items():
        for paragraph in paragraphs:
            assert language_of(paragraph) == language, paragraph
    # the letters settle words that two languages write alike (Spanish's ñ, Italian's ò)
    spanish = "La niña era una niña con una muñeca, la muñeca del señor Ibáñez."
    italian = "La città era una città con una storia, può darsi, la storia del popolo."
    assert (language_of(spanish), language_of(italian)) == ("es", "it")
    for path in ENGLISH_SOURCES:
        text = path.read_text(encoding="utf-8")
        for start in range(0, len(text), 100):
            assert language_of(text[start : start + 200]) == "", (path, start)
            if start % 2000 == 0:
                assert language_of(text[start:]) == "", (path, start)
    essay = (TEXTS / "en_essay.txt").read_text(encoding="utf-8")
    cut = essay.index("The second reason")
    quoted = "As Camus wrote, « Il faut imaginer Sisyphe heureux, car la lutte elle-même vers les "
    quoted += "sommets suffit à remplir un cœur d'homme. » "
    assert language_of(essay[:cut] + quoted + essay[cut:]) == ""


FOREIGN = sorted({w for code in LATIN for w in FUNCTION_WORDS[code].split()}) + [
    "joie de vivre", "c'est la vie", "Juan de la Cruz", "Los Angeles", "Van Gogh", "Die Zeit",
    "déjà vu", "à la carte", "Leonardo da Vinci", "per se", "Rio de Janeiro",
]  # fmt: skip
LOANWORDS = ["weekend", "email", "OK", "laptop", "London", "Netflix", "jazz", "design", "Wi-Fi"]
KNOWN = {"", *NOT_LATIN, *LATIN}


def sprinkled(text: str, words: list[tuple[float, str]]) -> str:
    parts = text.split(" ")
    for where, word in words:
        parts.insert(int(where * len(parts)), word)
    return " ".join(parts)


@settings(max_examples=fuzz_examples(100), deadline=None)
@given(
    st.text(),
    st.sampled_from(ENGLISH_PROSE),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(FOREIGN)), max_size=40),
    st.sampled_from([(code, p) for code in LATIN for p in PARAGRAPHS[code] if len(p) > 200]),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(LOANWORDS)), max_size=4),
)
def test_any_text_has_a_known_language_and_a_few_words_do_not_change_it(
    anything: str,
    english: str,
    foreign: list[tuple[float, str]],
    paragraph: tuple[str, str],
    loanwords: list[tuple[float, str]],
) -> None:
    """Any text: one of the codes (never an exception). English with foreign words sprinkled in
    (one in six words at most) stays ""; a paragraph with a few English words stays itself."""
    assert language_of(anything) in KNOWN
    assert language_of(sprinkled(english, foreign[: len(english.split()) // 6])) == ""
    language, text = paragraph
    assert language_of(sprinkled(text, loanwords)) == language
