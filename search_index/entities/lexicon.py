"""Small hand-written word lists that steer the rules: titles, name suffixes, cues, furniture.

All entries are folded (lower-case, no accents). They are general English news conventions,
not names taken from any corpus.
"""

from __future__ import annotations

# Honorifics kept in a person's aliases ("Mr Chernin") but never in the canonical name.
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr sir dame lord lady baroness baron professor prof rev reverend "
    "father sister brother saint st".split()
)

# Heads of multi-word titles ("Defence Minister", "Secretary of State", "Prime Minister").
TITLE_HEADS = frozenset(
    "president minister secretary chancellor premier governor mayor senator sen rep "
    "congressman congresswoman ambassador commissioner chairman chairwoman chair director "
    "spokesman spokeswoman spokesperson general gen colonel col captain capt lieutenant lt "
    "sergeant sgt admiral commander commandant marshal judge justice bishop archbishop "
    "cardinal pope imam ayatollah rabbi sheikh king queen prince princess duke duchess "
    "emperor empress pm mp mep deputy vice envoy coach manager boss striker midfielder "
    "defender goalkeeper keeper captain dj detective inspector superintendent constable "
    "officer chief ceo president-elect leader speaker attorney counsel "
    "solicitor-general attorney-general secretary-general qc".split()
)
# Words that may stand before a title head inside the title ("Foreign Secretary").
TITLE_MODIFIERS = frozenset(
    "prime deputy vice foreign defence defense home interior finance health education "
    "trade culture environment justice energy transport economy economic agriculture "
    "labour work pensions chief executive general attorney solicitor shadow assistant "
    "senior junior acting former state affairs security culture media sport sports "
    "international development industry business treasury northern irish scottish welsh "
    "first lord high supreme crown managing national regional party opposition "
    "commerce information communications science technology".split()
)
# A title phrase may also end in "of State" / "of Defence" etc.
TITLE_OF_TAILS = frozenset(
    "state defence defense staff the justice exchequer commons lords".split()
)

# Last words that make a capitalised phrase an organisation.
ORG_SUFFIXES = frozenset(
    "ministry council force forces party bank inc incorporated ltd limited plc corp "
    "corporation co company companies commission agency association union university "
    "united fc afc cf sc committee department office group holdings partners capital "
    "securities telecom telecoms trust society club institute institution foundation "
    "federation organisation organization authority board parliament assembly army navy "
    "police service services airlines airways motors industries enterprises ventures "
    "network networks research laboratories labs academy college school embassy consulate "
    "senate congress cabinet administration bureau fund reserve exchange records studios "
    "pictures entertainment media publications press times post journal herald tribune gazette "
    "chronicle telegraph guardian observer express courier mirror news broadcasting "
    "television radio channel systems technologies technology software electronics "
    "pharmaceuticals energy oil petroleum gas steel mining insurance assurance bancorp "
    "league brigade brigades regiment corps command guard guards movement front alliance "
    "coalition congress tribunal court commission commissioners chamber directorate "
    "secretariat inquiry unit team squad council's church mosque cooperative co-operative "
    "consortium conglomerate brands foods stores retail retailers bookmakers llc llp lp gmbh "
    "ag sa nv bv spa pty airline management associates advisors advisers consulting consultants "
    "solutions investments markets ballet opera orchestra philharmonic symphony choir "
    "harriers "
    "executive airport".split()
) - {"airport"}

# Suffixes that are also common surnames: a first name before them wins ("Thomas Haden Church").
WEAK_SUFFIXES = frozenset(
    "church court park lake bay river ocean street post bridge forest hill coast gardens "
    "island brook times guardian mirror express herald press union guard".split()
)
# Sentence-initial words that are never part of a name ("But TV" is just "TV").
FUNCTION_WORDS = frozenset(
    """a an the but and or if when while after before as so yet because although though
    since until unless whether then there here this that these those it its he she they we
    you i his her their our my your what which who whom whose where why how all some any
    each every both either neither no not many most more much few several such other
    another only also even just still already now today yesterday tomorrow meanwhile
    however instead indeed perhaps maybe with without for from into onto upon at by in on
    of to about above below over under between among through during against despite
    like unlike last next first second third have has had do does did is are was were
    be been will would can could should may might must shall not any none nor""".split()
)
# Sentence-initial function words that never start a name ("In Sri Lanka", "So Mr Senanayake"):
# the modal verbs and ordinals stay out ("Will Smith", "May Day", "First Direct").
GLUE_WORDS = FUNCTION_WORDS - frozenset(
    "will would can could should may might must shall do does did have has had is are was were "
    "be been first second third last next no not".split()
)

# Last words that make a capitalised phrase a place (facilities and geography).
PLACE_SUFFIXES = frozenset(
    "hotel theatre theater stadium arena airport cathedral palace square street road "
    "avenue bridge park gardens island islands lake river mountains mountain valley bay "
    "gulf coast province county region district strip heights peninsula desert sea ocean "
    "canal straits strait falls forest hills prison hospital museum gallery "
    "station harbour harbor port plaza crossing airbase centre center".split()
)

# Heads that take "of ..." and form an organisation ("Bank of Japan", "Ministry of Defence").
ORG_OF_HEADS = frozenset(
    "bank ministry department university house office bureau council court church board "
    "federation organisation organization association institute school college museum "
    "chamber commission committee league society union academy secretariat agency "
    "corporation party government duchy".split()
)
PLACE_OF_HEADS = frozenset(
    "republic kingdom city isle gulf bay state province county islands strait straits "
    "lake sea island".split()
)

# Last words of events, titles of works and other things the gold does not count.
# Last words of a capitalised phrase that names a thing, often after a person ("the Gershon
# Review", "the Marshall Plan", "the Adam Smith Lecture"), never a person's own name.
NOT_NAME_TAILS = frozenset(
    "review report plan paper papers lecture memorial budget doctrine charter declaration "
    "programme scheme strategy initiative cup trophy prize award awards festival summit "
    "conference act treaty accord accords agreement".split()
)
EVENT_WORDS = frozenset(
    "war wars open cup games olympics olympic championship championships grand prix "
    "awards award festival show series trophy prize tournament final finals world "
    "conference summit marathon derby day week act bill treaty accord accords agreement "
    "revolution crisis affair scandal operation election elections poll referendum".split()
)

# Acronyms that are not organisations.
ACRONYM_STOP = frozenset(
    "gdp gnp gp gps cpi ceo cfo coo cto md mp mep msp qc am pm gmt bst est pst utc "
    "tv pc cd dvd mp3 pda sms mms gps ipo vat faq q a "
    "ok id usb lcd hd hdtv dna hiv aids sars bse mrsa icu pr it ai vr ar ar "
    "www http html url pdf jpeg mpeg dsl adsl isp wifi wi-fi 3g 4g 5g gsm cdma "
    "rpg fps mmo mmorpg cgi ufo abc qc kc obe mbe cbe dbe kbe "
    "ps pps bc ad ce bce rip nb vs etc eg ie aka asap diy hq ok mph kph km kg "
    "wmd rpg lol omg fyi rsvp tba tbc ppm bbq p&l r&d m&a b2b b2c".split()
)

# Lower-case nouns after an acronym that make it a thing, not an organisation ("ASCII codes",
# "the IDN system", "DRM technology").
THING_NOUNS = frozenset(
    """system systems code codes technology technologies format formats file files standard
    standards protocol protocols software chip chips player players disc discs disk disks
    drive drives device devices card cards port ports problem problems address addresses
    signal signals screen screens camera cameras phone phones handset handsets console
    consoles version versions tag tags number numbers test tests scan scans virus""".split()
)
# Lower-case words after a name that make it the organisation someone speaks or works for
# ("Opera spokeswoman", "Google boss").
ORG_NEXT_CUES = frozenset(
    """spokesman spokeswoman spokesperson boss bosses shareholders employees staff workers
    chairman chairwoman""".split()
)

# Capitalised words that are never entities on their own (furniture, calendar, pronouns).
NEVER = frozenset(
    """
    i i'm i've i'd i'll me my we us our you your he him his she her they them their it its
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter xmas ramadan
    eid diwali hanukkah thanksgiving halloween
    oscar oscars grammy grammys emmy emmys bafta baftas golden globe globes

    internet web net online email e-mail website
    god allah
    hindi urdu arabic mandarin cantonese swahili esperanto
    farsi pashto hebrew yiddish
    """.split()
)

# Compass words: part of a name only when another capitalised word follows ("West End").
COMPASS = frozenset("north south east west northern southern eastern western central".split())

# Whole lines that are page furniture.
FURNITURE_LINES = frozenset(
    """accessibility links|breaking news|please wait|no media source currently available
    |our latest articles|latest articles|related articles|related stories|related topics
    |read more|see also|share this|share this article|share|advertisement|skip to content
    |image caption|media caption|image source|image copyright|getty images|follow us
    |sign up|subscribe|copyright|all rights reserved|top stories|more on this story
    |most read|watch|listen|video|photo|image|comments|print|email""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)

# Lower-case words before a name that say what it is.
PERSON_CUES = frozenset(
    """singer actor actress comedian comic star striker midfielder defender goalkeeper
    winger captain coach manager boss chairman chairwoman chief director producer
    spokesman spokeswoman analyst economist minister president secretary leader officer
    mp senator governor mayor judge lawyer author writer novelist presenter host player
    champion seed qualifier wildcard husband wife son daughter brother sister father
    mother uncle aunt nephew niece grandson granddaughter rival colleague teammate partner
    veteran newcomer rookie opponent chancellor premier professor dr mr mrs ms sir
    musician guitarist drummer rapper dancer designer artist photographer journalist
    reporter editor columnist correspondent broadcaster commentator pundit historian
    scientist researcher expert consultant adviser advisor aide envoy ambassador diplomat
    footballer cricketer batsman bowler golfer boxer jockey trainer cyclist sprinter
    athlete swimmer skier driver rider fighter politician candidate nominee deputy
    founder owner investor billionaire millionaire tycoon entrepreneur executive
    counterpart successor predecessor pope bishop archbishop cardinal priest vicar
    imam rabbi teacher student pupil doctor surgeon nurse scholar poet playwright
    filmmaker film-maker composer conductor tenor soprano model supermodel chef
    businessman businesswoman banker trader lawmaker legislator congressman""".split()
)
ORG_CUES = frozenset(
    """company firm group giant bank bookmaker bookmakers retailer carrier airline maker
    manufacturer operator broadcaster channel network newspaper paper tabloid magazine
    website site club side band label studio studios agency publisher developer insurer
    supermarket chain brand conglomerate regulator watchdog charity organisation
    organization party union rivals rival outfit distributor distributors carmaker chipmaker
    lender""".split()
)
ORG_KIND_NEXT = frozenset(
    "group division subsidiary unit magazine newspaper website consortium".split()
)
"""Words after a name that say what kind of organisation it is ("the Menatep group")."""
ROLE_KIN = frozenset(
    """son daughter wife husband father mother brother sister uncle aunt nephew niece
    grandson granddaughter partner colleague counterpart predecessor successor teammate
    opponent rival mayor governor premier senator mp ambassador envoy bishop archbishop""".split()
)
"""Person cues whose "of X" is a person or a place, not an organisation ("the wife of X")."""
ORG_FIRST_HEADS = frozenset(
    """banca banco banque caisse cassa compagnie compania companhia societe sociedad societa
    groupe grupo gruppo istituto instituto institut fondazione fundacion fondation
    universidad universita universite universitat""".split()
)
"""Organisation heads that come first in other languages ("Banca Nazionale del Lavoro")."""
LEADER_OF = frozenset({"administration", "presidency"})
"""Words after "the X" that make X a leader's surname ("the Bush administration")."""
ROLE_AT = frozenset({"of", "at"})
"""Words between a role and its organisation: "chief executive of X", "analyst at X"."""
LEADING_QUALIFIERS = frozenset(
    "former latest current outgoing incoming fellow embattled beleaguered troubled ex".split()
)
"""Sentence-initial words that qualify the name after them ("Former Cabinet minister ...")."""
PLACE_PREV_CUES = frozenset("in near outside around across towards toward via".split())
PLACE_NEXT_CUES = frozenset(
    "border crossing crossings village town city province region district county "
    "area airport port island islands".split()
)
SAID = frozenset("said says told added explained insisted warned argued admitted".split())

# Name particles that may join capitalised words inside a person's name.
NAME_PARTICLES = frozenset(
    "de da di del della van von der den du la le al el bin ibn ben y".split()
)
# Hyphenated prefixes to drop ("Anti-Russia", "Serbo-Kosovar", "pro-EU").
HYPHEN_PREFIXES = frozenset(
    """anti pro non post pre ex neo pan trans intra sub super ultra
    serbo anglo franco sino russo indo afro euro greco italo austro germano hispano
    judeo turko arabo""".split()
)
# Words after "-" that make the part before a place ("Santa Monica-based").
HYPHEN_PLACE = frozenset("based born bred headquartered".split())
# Words after "-" that make the part before an actor ("NATO-led", "EU-sponsored").
HYPHEN_ACTOR = frozenset(
    "led backed sponsored funded owned run controlled brokered mediated organised "
    "organized style".split()
)
# Lower-case words that mark football text.
FOOTBALL_CUES = frozenset(
    """football premiership striker midfielder goalkeeper defender winger penalty
    scored goal goals equaliser equalizer kick-off stoppage-time fixture fixtures
    champions league uefa fa manager relegation promotion derby""".split()
)
