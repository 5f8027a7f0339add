"""The attribute step's word lists: titles, roles, people, organisations, places, verbs, pronouns.

One owner for the vocabulary that quote attribution (:mod:`framing.attribute.speakers` and
its helpers) and target finding (:mod:`framing.attribute.targets`) use. Where the two need
different selections of one concept, the shared words are written once and each selection is
a documented union of that core and its own extras, so each caller sees exactly the words it
always saw:

* roles: :data:`SHARED_ROLES` is in both :data:`ROLE_WORDS` (stripped from the front of a
  speaker's name) and :data:`ROLE_NOUNS` (a person noun for a target);
* organisations and places: :data:`ORGANISATION_WORDS` is in both :data:`NON_PERSON_WORDS`
  (a name run holding one is not a person, for speakers) and :data:`ORG_WORDS` (the last
  word of a proper-noun chain that makes it an organisation or place, for targets);
* titles: :data:`TARGET_TITLES` (stripped from the front of a target) are all roles
  (:data:`ROLE_WORDS`, :data:`MULTIWORD_ROLES`) or honorifics (:data:`HONORIFICS`);
* pronouns: :data:`PRONOUN_GENDER` holds the gendered third-person pronouns;
  :data:`SUBJECT_PRONOUNS` (speakers) and :data:`PERSON_PRONOUNS` (targets) are read from it.

Words are lower case unless a list says otherwise.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------------------------
# Titles and roles
# --------------------------------------------------------------------------------------------

HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": None, "dr": None, "prof": None,
    "sir": "m", "dame": "f", "lord": "m", "lady": "f", "cmdr": None, "gen": None,
    "col": None, "capt": None, "lt": None, "sgt": None, "maj": None, "adm": None,
    "sen": None, "rep": None, "gov": None, "rev": None, "fr": "m", "hon": None,
    "brig": None, "cpl": None, "pvt": None, "supt": None, "insp": None, "det": None,
}
"""Titles written before a name (with or without a full stop), and the gender they imply."""

SHARED_ROLES: frozenset[str] = _words(
    """
    ayatollah boss chancellor chief commander envoy general governor king leader mayor
    minister premier president prince queen senator sheikh spokesman spokeswoman
    """
)
"""Roles that are both stripped from a speaker's name and a person noun for a target."""

ROLE_WORDS: frozenset[str] = SHARED_ROLES | _words(
    """
    admiral ambassador archbishop bishop captain cardinal ceo chair chairman chairperson
    chairwoman coach colonel commissioner congressman congresswoman conservative constable
    councillor democrat democratic deputy detective director doctor editor executive father
    foreman former founder gov head host imam inspector judge justice labour liberal
    lieutenant manager mep mp nurse officer owner pastor pope presenter princess professor
    principal headteacher headmaster headmistress
    professors progressive rabbi rep representative republican secretary sen sergeant
    sheriff sister socialist speaker spokesperson superintendent teacher tory veteran vice
    activist adviser advisor aide analyst attorney author blogger columnist correspondent
    economist historian journalist lawyer reporter researcher scientist strategist student
    """
)
"""Role words stripped from the front of a speaker's name (``Defence Minister X`` → X)."""

MULTIWORD_ROLES: tuple[str, ...] = (
    "Secretary of State", "Chancellor of the Exchequer", "Secretary-General",
    "Secretary General", "Attorney General", "Prime Minister", "Foreign Secretary",
    "Home Secretary",
)
"""Roles of several words, as written in a name (capitalised)."""

SPECIAL_ROLES_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, MULTIWORD_ROLES)) + r")\b")
"""One of :data:`MULTIWORD_ROLES` in a text; a name is looked for after it."""

TARGET_TITLES: tuple[str, ...] = (
    "prime minister", "president", "senator", "sen.", "governor", "gov.", "mayor",
    "chancellor", "minister", "premier", "king", "queen", "prince", "general", "gen.",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "judge",
    "ceo", "chief executive", "chairman", "chairwoman", "secretary", "ambassador",
    "commissioner", "spokesman", "spokeswoman", "ayatollah", "sheikh",
)
"""Titles stripped from the front of a target's name (``Prime Minister X`` → X), in the
order tried: the roles and honorifics above that are common before a target's name."""

PERSON_NOUNS: frozenset[str] = ROLE_WORDS | _words(
    """
    man woman boy girl youngster teenager child kid mother father mum mom dad grandmother
    grandfather gran grandma grandpa granny wife husband son daughter brother sister
    boxer star player official victim survivor resident witness pensioner politician
    veteran actor actress singer worker driver lawyer judge prosecutor soldier pilot
    student mum-of-two mum-of-three dad-of-two father-of-two mother-of-two machinist miner
    farmer fan pupil neighbour neighbor shopkeeper owner campaigner activist protester
    analyst expert economist scientist researcher survivor hero heroine youngster lad
    critic opponent supporter voter source insider diplomat observer investigator aide
    ally rival commentator local villager neighbour parent family rescuer troop official
    people police authority authorities mp minister leader unionist
    """
)
"""Head nouns of a person description for a speaker (``the plucky youngster``, ``the mayor``)."""

GENDER_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        "woman girl mother mum mom grandmother gran grandma granny wife daughter sister "
        "actress spokeswoman chairwoman queen princess heroine congresswoman lady".split(),
        "f",
    ),
    **dict.fromkeys(
        "man boy father dad grandfather grandpa husband son brother spokesman chairman "
        "king prince hero lad congressman foreman".split(),
        "m",
    ),
}
"""Person nouns that say the person's gender (``f`` or ``m``)."""

PERSON_LABELS: frozenset[str] = _words(
    """
    autocrat banker billionaire bully businessman businesswoman butcher cleric coward
    criminal crook czar demagogue despot dictator disgrace emir extremist fanatic fraudster
    hardliner hypocrite ideologue killer kingpin liar madman menace mogul monarch monster
    murderer oligarch pariah populist puppet ruler stooge strongman terrorist thug traitor
    tsar tycoon tyrant villain warlord warmonger zealot
    """
)
"""Nouns for one person that are not job titles: rulers, trades and name-calling labels."""

ROLE_NOUNS: frozenset[str] = SHARED_ROLES | {"politician"} | PERSON_LABELS
"""Singular nouns for a person as a target (roles and name-calling labels; targets' rule 3)."""

GROUP_NOUNS: frozenset[str] = frozenset({
    "regime", "government", "administration", "army", "military", "troops", "forces",
    "soldiers", "militants", "fighters", "mercenaries", "militia", "militias", "junta",
    "henchmen", "cronies", "goons", "thugs", "lackeys", "minions", "stooges", "puppets",
    "loyalists", "supporters", "allies", "hardliners", "extremists", "propagandists",
    "officials", "authorities", "leadership", "elite", "elites", "state", "machine",
    "media", "party", "gang", "mob", "terrorists", "warplanes", "jets", "drones", "navy",
    "air force", "police", "security forces", "oligarchs", "generals", "leaders", "rulers",
})
"""Nouns for groups acting for a country or organisation (targets' rules 3 and 4)."""

PERSON_SUFFIXES: tuple[str, ...] = (
    "monger", "crat", "ist", "er", "or", "ant", "ent", "man", "men", "ists", "ers", "ors",
    "ants", "crats", "mongers",
)
"""Endings of nouns for people (``hardliner``, ``propagandists``)."""

NOT_PERSON_NOUNS: frozenset[str] = frozenset({
    "winter", "summer", "water", "border", "order", "number", "matter", "letter", "power",
    "centre", "center", "corner", "paper", "weather", "disaster", "quarter", "river",
    "shelter", "theater", "theatre", "chamber", "member", "monument", "government",
    "parliament", "movement", "agreement", "statement", "settlement", "document",
    "element", "event", "incident", "accident", "moment", "content", "extent", "talent",
    "plant", "grant", "sector", "factor", "error", "terror", "horror", "mirror", "doctor",
    "floor", "door", "rumours", "rumors", "matters", "orders", "numbers", "letters",
    "borders", "papers", "waters", "powers", "others", "officers", "workers", "users",
    "residents", "civilians", "children", "women", "men", "families", "people", "citizens",
    "voters", "taxpayers", "investors", "reporters", "viewers", "readers",
})
"""Nouns with a :data:`PERSON_SUFFIXES` ending that are not a person a term is aimed at."""

BYSTANDER_PLURALS: frozenset[str] = frozenset({
    "officers", "workers", "residents", "civilians", "children", "women", "men", "families",
    "people", "citizens", "voters", "taxpayers", "investors", "reporters", "viewers",
    "readers", "users", "journalists", "americans", "immigrants", "migrants", "refugees",
})
"""Plural nouns for people who are usually bystanders or victims of a deed, yet the target
of what a copula says of them (``women are hothouse flowers``; targets' rule 2)."""

# --------------------------------------------------------------------------------------------
# Organisations and places
# --------------------------------------------------------------------------------------------

ORGANISATION_WORDS: frozenset[str] = _words(
    """
    agency airport army association bank church city committee company corp council court
    department forces foundation fund group herald hospital house inc institute kingdom
    league ltd media ministry nations network news office organisation organization
    parliament party plc police post republic school service square states street times
    union university college commission coalition alliance society federation bureau
    center centre institution
    """
)
"""Words of organisation and place names, shared by :data:`NON_PERSON_WORDS` and
:data:`ORG_WORDS`."""

NON_PERSON_WORDS: frozenset[str] = ORGANISATION_WORDS | _words(
    """
    academy accord act agreement airlines airways assembly avenue axle bay bbc bill
    bloomberg board bridge capital cathedral center central centre channel christmas
    chronicle club cnn coast code college commission concord conference congress county cup
    daily day deal east easter eastern economist electoral europe express fc federal
    federation fire ford forest games gazette general guardian guild gulf hall health hill
    hills holdings international island islands jail journal kremlin lake magazine
    metalworkers minerals mirror motors mountains national nato newspaper north northern
    nurses observer ocean palace park partners pass plan port prep press prison province
    radio region rescue reuters review river road royal sea security senate services social
    south southern st station summit telegraph television treaty tribune trust tv united
    valley war west western white wire works world
    facebook instagram reddit telegram tiktok twitter whatsapp youtube
    january february march april june july august september october november december
    embassy consulate arabia
    """
)
"""Words that make a capitalised run a place or an organisation rather than a person
(speakers: any word of the run)."""

ORG_WORDS: frozenset[str] = ORGANISATION_WORDS | _words(
    "brigade brigades clarion corporation force front guard movement navy"
)
"""Last words that make a proper-noun chain an organisation or place, not a person
(targets: the chain's last word only)."""

INSTITUTION_HEADS: frozenset[str] = _words(
    """
    office council government ministry company police army board union spokesman
    spokeswoman spokesperson team campaign embassy military authorities officials
    department lawyers lawyer party administration family club firm agency
    """
)
"""Lowercase heads after a possessive name that make an institutional speaker
(``Mr. Quist's office``)."""

DEMONYMS: dict[str, str] = {
    "Afghan": "Afghanistan", "American": "United States", "Americans": "United States",
    "Australian": "Australia", "Australians": "Australia",
    "Saudis": "Saudi Arabia",
    "Belarusian": "Belarus", "Belarusians": "Belarus", "Brazilian": "Brazil",
    "British": "United Kingdom", "Britons": "United Kingdom", "Canadian": "Canada",
    "Chinese": "China", "Egyptian": "Egypt", "English": "England", "French": "France",
    "Georgian": "Georgia", "German": "Germany", "Germans": "Germany", "Hungarian": "Hungary",
    "Indian": "India", "Iranian": "Iran", "Iranians": "Iran", "Iraqi": "Iraq",
    "Israeli": "Israel", "Israelis": "Israel", "Italian": "Italy", "Japanese": "Japan",
    "Lebanese": "Lebanon", "North Korean": "North Korea", "North Koreans": "North Korea",
    "Pakistani": "Pakistan", "Palestinian": "Palestine", "Palestinians": "Palestine",
    "Polish": "Poland", "Russian": "Russia", "Russians": "Russia", "Saudi": "Saudi Arabia",
    "South Korean": "South Korea", "Soviet": "Soviet Union", "Spanish": "Spain",
    "Syrian": "Syria", "Taiwanese": "Taiwan", "Turkish": "Turkey", "Ukrainian": "Ukraine",
    "Ukrainians": "Ukraine", "Venezuelan": "Venezuela", "Yemeni": "Yemen",
}
"""Demonyms (NORP adjectives and plurals) mapped to their country."""

METONYMS: dict[str, str] = {
    "kremlin": "Russia", "moscow": "Russia", "white house": "United States",
    "washington": "United States", "us": "United States", "u.s.": "United States",
    "usa": "United States", "america": "United States", "united states": "United States",
    "kyiv": "Ukraine", "kiev": "Ukraine", "beijing": "China", "downing street": "United Kingdom",
    "westminster": "United Kingdom", "uk": "United Kingdom", "britain": "United Kingdom",
    "tehran": "Iran", "pyongyang": "North Korea", "elysee": "France", "berlin": "Germany",
    "minsk": "Belarus", "jerusalem": "Israel",
}
"""Capitals, seats of government and short forms standing for their country (lower case)."""

KNOWN_PEOPLE: dict[str, str] = {
    "putin": "Russia", "lavrov": "Russia", "peskov": "Russia", "shoigu": "Russia",
    "medvedev": "Russia", "zelensky": "Ukraine", "zelenskyy": "Ukraine", "klitschko": "Ukraine",
    "trump": "United States", "biden": "United States", "harris": "United States",
    "vance": "United States", "xi": "China", "xi jinping": "China",
    "kim jong un": "North Korea", "kim jong-un": "North Korea", "netanyahu": "Israel",
    "khamenei": "Iran", "lukashenko": "Belarus", "orban": "Hungary", "erdogan": "Turkey",
    "macron": "France", "starmer": "United Kingdom", "sunak": "United Kingdom",
    "scholz": "Germany", "merz": "Germany", "modi": "India", "maduro": "Venezuela",
    "assad": "Syria",
}
"""Countries of some leaders who appear in news without their nationality spelt out."""

KNOWN_FULL_NAMES: dict[str, str] = {
    "putin": "Vladimir Putin", "lavrov": "Sergei Lavrov", "peskov": "Dmitry Peskov",
    "shoigu": "Sergei Shoigu", "zelensky": "Volodymyr Zelensky",
    "zelenskyy": "Volodymyr Zelenskyy",
    "trump": "Donald Trump", "biden": "Joe Biden", "obama": "Barack Obama",
    "xi": "Xi Jinping", "netanyahu": "Benjamin Netanyahu", "khamenei": "Ali Khamenei",
    "lukashenko": "Alexander Lukashenko", "orban": "Viktor Orban",
    "erdogan": "Recep Tayyip Erdogan", "macron": "Emmanuel Macron", "merkel": "Angela Merkel",
    "scholz": "Olaf Scholz", "starmer": "Keir Starmer", "sunak": "Rishi Sunak",
    "modi": "Narendra Modi", "maduro": "Nicolas Maduro", "assad": "Bashar al-Assad",
    "stoltenberg": "Jens Stoltenberg", "kadyrov": "Ramzan Kadyrov",
    "prigozhin": "Yevgeny Prigozhin", "navalny": "Alexei Navalny",
}
"""Full names of leaders whom news names by surname alone (``President Putin``), for the
targets of loaded terms; used only when the document itself introduces no one of that
surname. Surnames that two well-known people share (``Harris``, ``Clinton``, ``Bush``,
``Medvedev``, ``Klitschko``) are left out."""

# --------------------------------------------------------------------------------------------
# Verbs and nouns of speech, naming and events
# --------------------------------------------------------------------------------------------

SPEECH_VERBS: frozenset[str] = _words(
    """
    say says said saying tell tells told telling add adds added adding ask asks asked
    reply replies replied answer answers answered explain explains explained insist insists
    insisted claim claims claimed vow vows vowed warn warns warned admit admits admitted
    declare declares declared state stated announce announces announced write writes wrote
    tweet tweets tweeted post posted sob sobs sobbed beam beams beamed shout shouts shouted
    scream screams screamed cry cries cried fume fumes fumed blast blasts blasted slam slams
    slammed rage raged joke jokes joked quip quips quipped recall recalls recalled continue
    continues continued urge urges urged argue argues argued note noted describe describes
    described call calls called brand brands branded dub dubs dubbed label labels labelled
    labeled deny denies denied accuse accuses accused promise promises promised pledge
    pledged suggest suggests suggested confirm confirms confirmed concede concedes conceded
    acknowledge acknowledges acknowledged mutter muttered whisper whispered sigh sighed
    laugh laughed boast boasts boasted thunder thundered snap snapped remark remarked
    comment commented observe observes observed stress stresses stressed emphasise
    emphasised emphasize emphasized plead pleaded begged demand demanded issue issued
    predict predicted predicts agree agreed responded respond countered counter lament
    lamented complain complains complained protest protested wondered repeat repeated
    reiterate reiterated mused hit write blog blogged texted wrote recounted recount
    testified testify conceded raged gushed hailed hails praised praises condemned condemns
    told posted dismiss dismisses dismissed reject rejects rejected criticise criticises
    criticised criticize criticizes criticized mock mocks mocked deride derides derided
    ridicule ridiculed inform informs informed remind reminds reminded characterize
    characterizes characterized characterise characterises characterised notes allege
    alleges alleged explains bark barks barked bemoan bemoans bemoaned proclaim proclaims
    proclaimed rail rails railed scoff scoffs scoffed gripe gripes
    griped opine opines opined caution cautions cautioned chide chides chided scold scolds
    scolded sneer sneers sneered gloat gloats gloated crow crows crowed fret frets fretted
    vent vents vented huff huffs huffed share shares shared tout touts touted
    """
)
"""Speech and reporting verbs (all forms used); a quote's speaker is their subject."""

WEAK_SPEECH_VERBS: frozenset[str] = _words("continue continues continued repeat repeats repeated")
"""Verbs that attribute only a quote they introduce or follow (``he continued: “…”``), not a
partial quote later in the sentence (``Moscow continues its “special operation”``)."""

NAMING_PARTICIPLES: frozenset[str] = _words(
    "dubbed called branded described labelled labeled nicknamed named known quoted"
)
"""Naming verbs that, right after a comma or dash, are passive participles
(``Aldesque — dubbed “Dr. Denial” by MPs``): their subject is the one named, not the speaker."""

SPEECH_NOUNS: frozenset[str] = _words(
    """
    claim claims remark remarks words statement statements comment comments dismissal
    description insistence assertion promise pledge admission accusation boast plea quip
    verdict characterisation characterization warning warnings view call description
    response reply answer message post tweet line slogan jibe retort suggestion complaint
    """
)
"""Nouns of speech: ``X's claim that “…”`` attributes the quote to X."""

HEADLINE_LABELS: frozenset[str] = _words(
    "exclusive breaking update updated watch live revealed opinion comment analysis pictured "
    "video photos explainer review editorial"
)
"""Capitalised labels before a colon that are not speakers (``EXCLUSIVE: ‘…’``)."""

COPULAS: frozenset[str] = frozenset({
    "be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s", "become", "became",
    "becomes", "becoming", "remain", "remains", "remained", "seem", "seems", "seemed",
    "appear", "appears", "appeared", "look", "looks", "looked", "sound", "sounds",
    "sounded", "stay", "stays", "stayed", "prove", "proved", "proves",
})
"""Copular verbs: their subject is what their predicate describes (targets' rule 2)."""

NAMING_VERBS: frozenset[str] = frozenset({
    "call", "calls", "called", "calling", "brand", "brands", "branded", "branding", "label",
    "labels", "labelled", "labeled", "labelling", "labeling", "dub", "dubs", "dubbed",
    "name", "names", "named", "term", "terms", "termed", "describe", "describes",
    "described", "describing", "denounce", "denounced", "denounces", "condemn",
    "condemned", "slam", "slammed", "deem", "deemed", "declare", "declared",
    "portray", "portrayed", "depict", "depicted", "paint", "painted", "consider",
    "considered", "see", "saw", "seen", "regard", "regarded", "view", "viewed",
})
"""Verbs whose object predicate (``called Y a thug``) characterises the object (rule 2)."""

NON_AGENT_VERBS: frozenset[str] = frozenset({
    "suffer", "endure", "face", "survive", "withstand", "repel", "experience", "witness",
    "see", "condemn", "denounce", "criticise", "criticize", "slam", "decry", "deplore",
    "describe", "report", "recall", "remember", "mourn", "fear", "escape", "flee", "fled",
    "investigate", "document", "protest", "oppose", "resist", "receive", "get", "visit",
    "watch", "discuss", "mention", "blame", "accuse", "deny", "reject", "dismiss", "ignore",
    "end", "stop", "halt", "bear", "absorb", "weather", "recount", "film", "photograph",
    "cover", "publish", "quote", "cite", "hear", "feel", "know", "like", "hate",
})
"""Verbs (lemmas or forms) whose subject is not the agent of the event they take as object."""

EVENT_NOUNS: frozenset[str] = frozenset({
    "attack", "attacks", "assault", "strike", "strikes", "airstrike", "airstrikes",
    "invasion", "invasions", "war", "warfare", "offensive", "onslaught", "bombardment",
    "bombing", "bombings", "shelling", "blitz", "barrage", "raid", "raids", "massacre",
    "massacres", "slaughter", "atrocity", "atrocities", "genocide", "crackdown",
    "repression", "purge", "occupation", "aggression", "annexation", "campaign", "crime",
    "crimes", "killing", "killings", "murder", "murders", "rampage", "terror", "terrorism",
    "violence", "abuse", "abuses", "torture", "persecution", "oppression", "treatment",
    "lie", "lies", "propaganda", "rhetoric", "rant", "tirade", "outburst", "smear",
    "remark", "remarks", "comment", "comments", "speech", "statement", "threat", "threats",
    "claim", "claims", "order", "orders", "decision", "policy", "policies", "plan", "scheme",
    "plot", "move", "action", "actions", "behaviour", "behavior", "conduct", "response",
    "appeal", "plea", "bid", "grab", "gamble", "blunder", "betrayal", "cover-up", "stunt",
    "rebuff", "tactics", "blackmail", "bullying", "interference", "meddling", "disinformation",
    "rule", "reign", "regime", "war crimes", "spree", "incursion", "siege", "blockade",
    "escalation", "provocation", "sabotage", "looting", "deportation", "deportations",
    "drills", "exercises", "manoeuvres", "maneuvers", "sanctions", "tariffs", "restrictions",
    "measures", "agenda", "ambitions", "demands", "law", "laws", "ban", "purges", "arrests",
    "executions", "tests", "test", "tweet", "tweets", "post", "posts", "interview", "attempt",
})
"""Event and action nouns whose agent a loaded word is aimed at (targets' rule 4)."""

# --------------------------------------------------------------------------------------------
# Pronouns and function words
# --------------------------------------------------------------------------------------------

PRONOUN_GENDER: dict[str, str] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
"""Third-person singular pronouns of a person and the gender they say."""

SUBJECT_PRONOUNS: dict[str, str] = {w: PRONOUN_GENDER[w] for w in ("he", "she")}
"""Pronouns that can be a speech verb's subject and stand for one person (speakers)."""

PERSON_PRONOUNS: frozenset[str] = frozenset(PRONOUN_GENDER)
"""Pronouns that stand for one person, in any case (targets resolve them in context)."""

NON_PERSON_PRONOUNS: frozenset[str] = _words("they it we i you them us who which")
"""Pronouns that never name one quoted person (a speaker of ``None``)."""

AUXILIARIES: frozenset[str] = _words(
    """
    has have had was were is are be been being also later then again once simply just
    previously earlier repeatedly reportedly today yesterday tonight would will did does
    do never allegedly apparently initially first finally since himself herself itself
    themselves further immediately publicly privately already widely often long even
    still now soon afterwards
    """
)
"""Auxiliaries and adverbs allowed between a speaker and the speech verb."""

PASSIVE_AUXILIARIES: frozenset[str] = _words("was were is are be been being")
"""Forms of *be* that make the following speech verb passive (``was asked``)."""

CONJUNCTIONS: frozenset[str] = _words("and but or nor then")
"""Words that coordinate a speech verb with an earlier verb of the same subject."""

DETERMINERS: frozenset[str] = _words(
    "the a an this that these those his her their its our my your some many most all few "
    "several both each every no any another other such"
)
"""Determiners (a speech verb right after one is a noun: ``the call``)."""

STOP_CAPS: frozenset[str] = _words(
    """
    the a an as in on at but and if when while after before earlier later last this that
    these those it he she they we i you yet so now then ahead according asked speaking
    meanwhile however also both even for from with without by of to under over since until
    during despite although though why what who how where there here his her their its our
    my your one two three four five six seven eight nine ten many some every each another
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tonight
    mr mrs ms dr said says told added well yes no oh indeed perhaps still instead moreover
    furthermore thus hence sadly clearly surely again please sorry thanks hello hi dear
    because whereas unless whether once like just only not about into upon via per than
    where whose whom which whatever whoever nor neither either otherwise besides
    is was are were do does did has have had can will would should could must
    """
)
"""Capitalised words that open a sentence or a name run without being part of a name."""

NAME_PARTICLES: frozenset[str] = _words("de van von der den bin al la le da di du del ter ten")
"""Lowercase particles inside names (``Ursula von der Leyen``)."""

# --------------------------------------------------------------------------------------------
# Targets: extra vocabulary (added after the selections above were fixed)
# --------------------------------------------------------------------------------------------

TARGET_EXTRA_ROLES: frozenset[str] = _words(
    """
    director counsel attorney lawyer official secretary spokesperson congressman
    congresswoman lawmaker legislator judge prosecutor ambassador commissioner chairman
    chairwoman executive founder candidate nominee deputy adviser advisor aide
    """
)
"""Singular role nouns that are a person target too (``the former FBI director``), besides
:data:`ROLE_NOUNS`."""

TARGET_EXTRA_EVENTS: frozenset[str] = _words(
    """
    exploitation manipulation intimidation harassment obstruction corruption self-dealing
    plans schemes plots decisions moves lies smears attacks assaults proposals
    crusade crusades coup incitement fearmongering scaremongering
    demagoguery grandstanding posturing pandering
    """
)
"""Event and action nouns whose agent a loaded word is aimed at, besides :data:`EVENT_NOUNS`."""

PEOPLE_PLURALS: frozenset[str] = _words(
    """
    politicians students conservatives liberals progressives leftists rightists billionaires
    millionaires lawmakers legislators wonks pundits activists protesters protestors
    demonstrators rioters looters bigots racists nationalists supremacists conspiracists
    critics opponents settlers ideologues zealots fanatics radicals socialists communists
    globalists bureaucrats technocrats democrats republicans senators congressmen
    corporations lobbyists donors executives bankers financiers conspirators partisans
    hackers insiders reformers campaigners organizers organisers believers deniers
    attackers killers murderers abusers offenders traffickers smugglers profiteers
    """
)
"""Plural nouns for groups of people that are written out as a target (``anti-lockdown
protesters``) when no name, nationality or owner says whom they act for; the nouns of
:data:`GROUP_NOUNS` (``troops``, ``thugs``, ``police``) are not among them."""

COPULA_CONTRACTIONS: frozenset[str] = frozenset({"'re", "’re", "'m", "’m"})
"""Contracted forms of *be* the parser leaves as the verb (``They're bigots``), besides the
forms in :data:`COPULAS`."""

PLACE_NOUNS: frozenset[str] = _words(
    """
    region regions city cities town towns village villages area areas country countries
    nation land lands territory territories coast border borders district districts
    province provinces neighbourhood neighborhood neighbourhoods neighborhoods street
    streets suburb suburbs capital port harbour harbor island islands frontline front
    site sites zone zones building buildings home homes house houses church churches
    mosque mosques school schools hospital hospitals bridge bridges station stations
    plant factory factories camp camps shelter shelters landscape ruins world planet
    """
)
"""Places and buildings: the setting or victim of a deed, never the doer's own deed or
product (``Erdogan toured the devastated region``; targets' rule 4c)."""
