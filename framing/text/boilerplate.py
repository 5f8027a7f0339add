"""Step 3 of cleaning: which paragraphs are publisher furniture rather than article text.

Consent and cookie notices (scored by :data:`CONSENT_INDICATORS`), newsletter sign-ups, "Read
more" links, share widgets, "Follow us" lines, advertisement labels, comment counters, copyright
lines, image credits, "Click here" prompts, app prompts, reader-feedback widgets and donation
asks (:data:`BOILERPLATE_RULES`). :func:`find_boilerplate` decides on one paragraph at a time;
:mod:`framing.text.clean` applies it to every paragraph of a document. Lines that repeat across
a source's documents are found at the corpus level by :mod:`framing.text.furniture`.

Rules are conservative: a news paragraph that merely mentions cookies, a newsletter, sharing
or privacy is kept; a rule fires only on a phrase that addresses the reader ("our site", "your
device", "you can opt out", "Sign up to our newsletter") or on a short line that is wholly a
widget label. Rule lengths (``max_words``) count whitespace-separated words of the paragraph,
a layout measure, not the word tokenizer of :mod:`framing.text.words`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BOILERPLATE_RULES",
    "CONSENT_INDICATORS",
    "CONSENT_MIN_READER",
    "RULE_NAMES",
    "BoilerplateRule",
    "ConsentIndicator",
    "find_boilerplate",
]

_I = re.IGNORECASE
_APOS = "['’]"  # straight or curly apostrophe

# Separators allowed around the items of a widget-label line: spaces, bars, bullets,
# commas, slashes, colons, arrows, brackets and dashes.
_LABEL_SEP = r"[\s|•·,/:;>»›()\[\]\-–—]*"


def _label_line(*labels: str) -> re.Pattern[str]:
    """Compile a pattern for a line made only of the given labels (and separators).

    Args:
        labels: Regex fragments, one per label (e.g. ``r"share this article"``).

    Returns:
        A case-insensitive pattern that matches a whole paragraph consisting of one or
        more of the labels, separated (and optionally surrounded) by :data:`_LABEL_SEP`.
    """
    item = "(?:" + "|".join(labels) + ")"
    return re.compile(rf"^{_LABEL_SEP}{item}(?:{_LABEL_SEP}{item})*{_LABEL_SEP}$", _I)


@dataclass(frozen=True)
class BoilerplateRule:
    """One pattern that marks a paragraph as boilerplate.

    Attributes:
        name: Rule name reported by :func:`find_boilerplate` (several patterns may share one).
        pattern: Searched in the whitespace-normalised paragraph.
        max_words: The rule applies only to paragraphs of at most this many words
            (``None``: any length). Widget labels and link lines are short; this limit is
            what keeps a long news paragraph that happens to contain a phrase safe.
        description: What the pattern is for, in a few words.
    """

    name: str
    pattern: re.Pattern[str]
    max_words: int | None
    description: str

    def matches(self, paragraph: str, n_words: int) -> bool:
        """Return whether the rule marks ``paragraph`` (of ``n_words`` words) as boilerplate."""
        if self.max_words is not None and n_words > self.max_words:
            return False
        return self.pattern.search(paragraph) is not None


@dataclass(frozen=True)
class ConsentIndicator:
    """One piece of evidence that a paragraph is a cookie or consent notice.

    Attributes:
        name: Short name of the indicator.
        pattern: Searched in the whitespace-normalised paragraph.
        addresses_reader: ``True`` for publisher-to-reader phrases ("our site",
            "your device", "you can opt out"); ``False`` for topic words ("cookies",
            "privacy notice") that news about consent uses as well.
    """

    name: str
    pattern: re.Pattern[str]
    addresses_reader: bool


CONSENT_INDICATORS: tuple[ConsentIndicator, ...] = (
    # Topic: what consent notices talk about (news about privacy uses these too).
    ConsentIndicator("cookies", re.compile(r"\bcookies?\b", _I), False),
    ConsentIndicator(
        "trackers",
        re.compile(
            r"\b(?:(?:other|similar|unique|device) identifiers"
            r"|(?:tracking|similar) technolog(?:y|ies)|web beacons)\b",
            _I,
        ),
        False,
    ),
    ConsentIndicator(
        "policy_names",
        re.compile(r"\b(?:privacy|cookies?) (?:notice|policy|statement|settings)\b", _I),
        False,
    ),
    ConsentIndicator(
        "personalised_ads",
        re.compile(
            r"\bpersonali[sz]ed (?:ads|advert(?:s|ising|isements?)|content)\b"
            r"|\bad (?:measurement|personali[sz]ation)\b",
            _I,
        ),
        False,
    ),
    ConsentIndicator("consent", re.compile(r"\bconsent(?:s|ed|ing)?\b", _I), False),
    # Reader address: the publisher speaking to the visitor about the visitor's data.
    ConsentIndicator(
        "we_and_partners",
        re.compile(
            r"\bwe and our (?:\d+ )?(?:partners|vendors)\b"
            r"|\bour (?:advertising |third[- ]party |trusted |\d+ )?(?:partners|vendors)\b",
            _I,
        ),
        True,
    ),
    ConsentIndicator(
        "we_use_cookies",
        re.compile(r"\bwe (?:use|set|store|place|collect)\b[^.]{0,40}\bcookies\b", _I),
        True,
    ),
    ConsentIndicator(
        "our_site",
        re.compile(r"\b(?:our|this) (?:site|website|web ?page|webpage|services|apps?)\b", _I),
        True,
    ),
    ConsentIndicator(
        "your_data",
        re.compile(
            r"\byour (?:device|browser|data|personal (?:data|information)|consent|acceptance"
            r"|(?:cookie |privacy )?(?:preferences|settings|choices)|privacy|experience"
            r"|browsing)\b",
            _I,
        ),
        True,
    ),
    ConsentIndicator(
        "you_can_opt_out",
        re.compile(
            r"\byou (?:can|may) (?:opt[- ]out|withdraw|change|manage|update|object|review)\b"
            r"|\byou (?:agree|consent) to\b|\bby (?:continuing|clicking|using)\b",
            _I,
        ),
        True,
    ),
    ConsentIndicator(
        "do_not_sell",
        re.compile(r"\bdo not sell (?:or share )?my\b", _I),
        True,
    ),
    ConsentIndicator(
        "consent_buttons",
        re.compile(
            r"\b(?:accept|reject|allow|decline) (?:all|(?:all |essential |optional )?cookies)\b"
            r"|\bmanage (?:my |your |cookie )?(?:preferences|cookies|settings|consent|options"
            r"|choices)\b",
            _I,
        ),
        True,
    ),
)
"""Evidence for the ``consent_notice`` score (see :func:`find_boilerplate`)."""

CONSENT_MIN_READER = 2
"""Distinct reader-addressing indicators a consent notice needs (plus one topic indicator)."""

_CONSENT_NOTICE = "consent_notice"

BOILERPLATE_RULES: tuple[BoilerplateRule, ...] = (
    # --- consent and cookie notices (the scored notice check runs before these) ---
    BoilerplateRule(
        _CONSENT_NOTICE,
        re.compile(
            r"^(?:this (?:site|website) uses cookies"
            r"|we (?:and our (?:\d+ )?partners )?use cookies"
            r"|we value your privacy)\b"
            r"|^(?:by [\w ]{1,40},? )?you (?:also )?agree to (?:our|this site['’]s|the site['’]s)"
            r" (?:privacy|terms|cookie|use of cookies)",
            _I,
        ),
        60,
        "banner opening: 'This site uses cookies', 'You also agree to our Privacy Policy'",
    ),
    BoilerplateRule(
        _CONSENT_NOTICE,
        _label_line(
            r"(?:accept|reject|allow|decline)(?: all)?(?: cookies)?",
            r"(?:accept|allow) (?:only )?(?:essential|necessary|required) cookies",
            r"manage (?:my |your |cookie )?(?:preferences|cookies|settings|choices|consent"
            r"|options)",
            r"(?:cookie|cookies|privacy|consent) (?:notice|policy|settings|preferences"
            r"|statement|choices)",
            r"do not sell (?:or share )?my (?:personal )?(?:data|information|info)",
            r"your privacy(?: choices| rights)?",
            r"terms (?:of use|of service|(?:and|&) conditions)",
            r"accept and (?:continue|close)",
            r"agree and (?:continue|close)",
        ),
        14,
        "consent buttons and footer links: 'Accept all cookies', 'Manage preferences'",
    ),
    # --- newsletter sign-ups ---
    BoilerplateRule(
        "newsletter_signup",
        re.compile(
            r"^(?:email )?(?:sign[- ]?up(?: (?:to|for|now|here|today)\b|(?=\W*$)|\W+thank you)"
            r"|subscribe(?: to| now| for| here| today)?(?=\W|$)"
            r"|already a (?:subscriber|member)\b)",
            _I,
        ),
        40,
        "imperative opening: 'Sign up to ...', 'Subscribe to ...'",
    ),
    BoilerplateRule(
        "newsletter_signup",
        re.compile(
            r"\b(?:sign up|subscribe) (?:to|for) our\b"
            r"|\b(?:straight|direct(?:ly)?|delivered|sent) (?:to|into) your inbox\b"
            r"|\bwe have more newsletters\b|\benter your email(?: address)?\b"
            r"|\binvalid email\b|\byou can unsubscribe at any time\b|\bwe use your sign-?up\b"
            r"|\bby signing up,? you agree\b|\bnever miss (?:our|a) (?:top )?stor(?:y|ies)\b"
            r"|^thank you for (?:subscribing|signing up)\b|^(?:our|free) newsletters?$"
            rf"|\bdon{_APOS}?t miss (?:our|the latest) (?:newsletter|updates)\b",
            _I,
        ),
        60,
        "newsletter small print: 'straight to your inbox', 'Thank you for subscribing'",
    ),
    # --- 'Read more' and related-link lines ---
    BoilerplateRule(
        "read_more",
        re.compile(
            r"^[(\[]?(?:read (?:more|next|also|the full story)|also read|see also"
            r"|related(?: (?:articles?|stories|content|topics|coverage|links|reading))?"
            r"|most (?:read|popular|viewed|shared|commented)|more on this (?:story|topic)"
            rf"|don{_APOS}?t miss|you (?:may|might) also (?:like|be interested in)"
            r"|recommended(?: for you| reading| stories)?|trending(?: now)?|top stories"
            r"|latest (?:news|stories)|more stories|more)"
            r"(?=\s*[:|>»›•]|\s+[\-–—](?:\s|$)|\s*$)",
            _I,
        ),
        40,
        "link-list labels followed by ':' or a dash, or alone: 'Read more:', 'Related:'",
    ),
    BoilerplateRule(
        "read_more",
        re.compile(rf"^[(\[]?(?:READ MORE|READ NEXT|MOST READ|DON{_APOS}T MISS|RELATED)\b"),
        40,
        "tabloid capitals without a colon: 'READ MORE Putin's troops ...'",
    ),
    BoilerplateRule(
        "read_more",
        re.compile(
            r"^(?![^\n]*[.!?…]\W*$)[(\[]?(?:read (?:more|next)|most (?:read|popular|viewed"
            r"|shared)) (?:on|about|from|in|at)\b",
            _I,
        ),
        10,
        "short topic links without a full stop: 'Read More on Energy Bills', 'Most read in "
        "The Sun'",
    ),
    # --- share widgets ---
    BoilerplateRule(
        "share_widget",
        _label_line(
            r"\d[\d,.]*\s*k?\s*shares?",
            r"share(?: this| the)?(?: article| story| page| post| video| gallery| link)?"
            r"(?: on| via| to| with)?",
            r"click to (?:share|email|print)(?: on| via| this| a link to a friend)?",
            r"(?:opens|open) in (?:a )?new window",
            r"facebook|twitter|x|whatsapp|e-?mail|pinterest|linkedin|reddit|messenger"
            r"|telegram|flipboard|tumblr|bluesky|threads|sms|tweet|pin",
            r"copy(?: the)? (?:link|url)(?: to clipboard)?|link copied|copied",
            r"print(?: this)?(?: article| page)?|save(?: article| for later)?|bookmark"
            r"|gift (?:this )?article|listen to (?:this )?article",
        ),
        16,
        "a short line made only of share buttons: 'Share on Facebook Twitter WhatsApp'",
    ),
    # --- 'Follow us' lines ---
    BoilerplateRule(
        "follow_us",
        re.compile(
            r"^(?:follow|join|like us)(?: us| me| @?[\w.'’]+(?: [\w.'’]+){0,4})? (?:on|at)"
            r" (?:facebook|twitter|x|instagram|tiktok|youtube|threads|bluesky|linkedin"
            r"|snapchat|telegram|whatsapp|google news|flipboard|social media)\b"
            r"|^follow us\W*$",
            _I,
        ),
        30,
        "'Follow us on ...' and 'Like us on Facebook'",
    ),
    # --- advertisement labels ---
    BoilerplateRule(
        "advertisement",
        _label_line(
            r"advertisements?|adverts?|ads?|advertising",
            r"sponsored(?: content| links| stories| by [\w&.' ]{1,40})?",
            r"promoted(?: content| stories| links)?",
            r"paid (?:content|partnership|post)|advertisement feature|ad feature",
            r"(?:story|article|content) continues below(?: this)?(?: advertisement| advert| ad)?",
            r"continue reading(?: below| the main story)?",
            r"scroll (?:down )?to continue(?: with content| reading)?",
            r"skip (?:advert|ad)s?|remove ads|ad-free",
        ),
        12,
        "advertisement slots and 'Story continues below' labels",
    ),
    # --- comment counters ---
    BoilerplateRule(
        "comments_counter",
        re.compile(
            r"^(?:\d[\d,.]*\s*k?\s+)?comments?(?:\s*[(\[]?\s*\d[\d,.]*\s*k?\s*[)\]]?)?\W*$"
            r"|^(?:view|show|see|read|load|join the|leave a|post a|add a|add your|write a)"
            r" (?:all |more )?(?:\d[\d,]* )?comments?\b"
            r"|^comments are (?:closed|turned off|now closed|disabled)\b"
            r"|^be the first to comment\b"
            r"|\blet us know (?:in|via) the comments\b"
            r"|\b(?:leave|post) (?:a|your) comments? below\b"
            r"|^join the (?:conversation|discussion|debate)\W*$",
            _I,
        ),
        12,
        "'123 comments', 'Comments (57)', 'Let us know in the comments below'",
    ),
    # --- copyright lines ---
    BoilerplateRule(
        "copyright",
        re.compile(
            r"©|\(c\)\s*\d{4}|^copyright\b\s*(?:\d{4}|\(c\))"
            r"|\ball rights reserved\W*$",
            _I,
        ),
        40,
        "'Copyright © 2025 ...', '... All rights reserved.'",
    ),
    # --- image credits and captions with a credit ---
    BoilerplateRule(
        "image_credit",
        re.compile(
            r"^\(?(?:image|images|photo|photos|photograph|picture|pictures|pic|pics|credit"
            r"|(?:photo|image|picture) credit)s?\s*:\s*\S.{0,120}$",
            _I,
        ),
        15,
        "credit line: 'Image: Getty Images', 'Picture: PA'",
    ),
    BoilerplateRule(
        "image_credit",
        re.compile(
            r"\((?:image|images|photo|picture|pic|credit)s?\s*:[^()]{1,100}\)\W*$",
            _I,
        ),
        60,
        "caption ending in a credit: '... (Image: AFP via Getty Images)'",
    ),
    BoilerplateRule(
        "image_credit",
        re.compile(
            r"^[^.!?]{0,60}\b(?:getty images|shutterstock|alamy|ap photo|pa (?:wire|media|images)"
            r"|afp|reuters|epa(?:-efe)?|anadolu(?: agency)?|nurphoto|sopa images)\)?$",
            _I,
        ),
        8,
        "bare agency credit: 'AFP via Getty Images'",
    ),
    # --- 'Click here' prompts ---
    BoilerplateRule(
        "click_here",
        re.compile(
            r"\b(?:click|tap) (?:here|below)\b"
            r"|^(?:click|tap) to (?:enlarge|expand|view|see|read|watch|play|follow|subscribe"
            r"|sign up|download|listen)\b",
            _I,
        ),
        50,
        "'Click here to ...', 'Click below to ...', 'Click to enlarge'",
    ),
    # --- app download prompts ---
    BoilerplateRule(
        "app_prompt",
        re.compile(
            r"^(?:download|get|install|try)\b (?:the |our )(?:free |new )?(?:[\w'’&-]+ ){0,3}"
            r"apps?\b",
            _I,
        ),
        40,
        "'Download the Mirror app ...', 'Get our free app'",
    ),
    BoilerplateRule(
        "app_prompt",
        re.compile(
            r"\bapp store\b.{0,60}\bgoogle play\b|\bgoogle play\b.{0,60}\bapp store\b"
            r"|^(?:available|get it|download(?: it)?) on (?:the )?(?:app store|google play)\b",
            _I,
        ),
        14,
        "store badges: 'Available on the App Store and Google Play'",
    ),
    # --- reader-feedback widgets ---
    BoilerplateRule(
        "feedback_prompt",
        re.compile(
            r"^(?:we (?:appreciate|value) your (?:feedback|comments|thoughts)"
            r"|thank(?:s| you) for (?:sharing your (?:thoughts|feedback|views|comments)"
            r"|your (?:feedback|comments?|rating))"
            r"|was this (?:article|story|page|content) (?:helpful|useful|interesting)"
            r"|did you (?:find|like|enjoy) this (?:article|story|page)"
            r"|how (?:would you rate|satisfied are you with|useful was) this (?:article|story|page)"
            r"|(?:give|send|share|leave) (?:us )?(?:your )?feedback"
            r"|rate this (?:article|story))\b|^(?:have your say|what do you think)\W*$",
            _I,
        ),
        15,
        "'We appreciate your feedback.', 'Thank you for sharing your thoughts.'",
    ),
    # --- donation and subscription asks ---
    BoilerplateRule(
        "donation_ask",
        re.compile(
            r"^(?=.*\b(?:our|independent|quality|trusted) (?:journalism|reporting|newsroom)\b)"
            r"(?=.*\b(?:depend|rel(?:y|ies) on|support|donat|contribut|fund|subscri|member))"
            r"(?=.*(?:\byou\b|\byour\b|\breaders?\b|[£$€]))",
            _I,
        ),
        None,
        "'Our journalism depends on readers like you ...' (publisher + funding + reader)",
    ),
    BoilerplateRule(
        "donation_ask",
        re.compile(
            r"^(?:support (?:us|our journalism|independent journalism)"
            r"|donate(?: now| today)?|make a (?:contribution|donation)"
            r"|become a (?:member|supporter|subscriber))\b",
            _I,
        ),
        25,
        "'Support us', 'Donate now', 'Become a supporter'",
    ),
)
"""The boilerplate patterns, tried in order after the consent-notice score."""

RULE_NAMES: tuple[str, ...] = tuple(dict.fromkeys(r.name for r in BOILERPLATE_RULES))
"""Every rule name :func:`find_boilerplate` can return, in rule order."""


def _is_consent_notice(paragraph: str) -> bool:
    """Score ``paragraph`` against :data:`CONSENT_INDICATORS`.

    A paragraph is a consent notice when it matches at least :data:`CONSENT_MIN_READER`
    distinct reader-addressing indicators and at least one topic indicator. News about
    cookies or privacy names the topic but rarely speaks to the reader about "our site"
    and "your device" in the same paragraph.
    """
    reader = topic = 0
    for ind in CONSENT_INDICATORS:
        if ind.pattern.search(paragraph):
            if ind.addresses_reader:
                reader += 1
            else:
                topic += 1
    return reader >= CONSENT_MIN_READER and topic >= 1


def find_boilerplate(paragraph: str) -> str | None:
    """Return the name of the rule that marks a paragraph as boilerplate.

    The paragraph's whitespace is normalised first, so raw text can be passed. The
    consent-notice score (:data:`CONSENT_INDICATORS`) is tried first, then each of
    :data:`BOILERPLATE_RULES` in order; the first that fires names the result.

    Args:
        paragraph: One paragraph of article text.

    Returns:
        A name from :data:`RULE_NAMES`, or ``None`` when the paragraph is article text.

    Examples:
        >>> find_boilerplate("Share this article")
        'share_widget'
        >>> find_boilerplate("She shared the video on Facebook.") is None
        True
    """
    text = " ".join(paragraph.split())
    if not text:
        return None
    if _is_consent_notice(text):
        return _CONSENT_NOTICE
    n_words = text.count(" ") + 1
    for rule in BOILERPLATE_RULES:
        if rule.matches(text, n_words):
            return rule.name
    return None
