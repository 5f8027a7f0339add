"""Tests for framing.text.clean: unicode, whitespace, boilerplate, the seed article."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.text.clean import (
    RULE_NAMES,
    clean_document_text,
    clean_text,
    find_boilerplate,
)

SEED = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "seeds"
    / "mirror_2025_klitschko_kharkiv.txt"
)


def _seed_lines() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8").splitlines()


def _seed_notice_param() -> object:
    """The seed's own cookie notice as a table row (skipped when the seed is absent)."""
    if SEED.is_file():
        last = SEED.read_text(encoding="utf-8").splitlines()[-1]
        return pytest.param(last, "consent_notice", id="seed-cookie-notice")
    return pytest.param(
        "", "consent_notice", id="seed-cookie-notice", marks=pytest.mark.skip("no seed")
    )


# --------------------------------------------------------------------------------------------
# Unicode
# --------------------------------------------------------------------------------------------

UNICODE_CASES = [
    pytest.param("“Hello,” she said.", "“Hello,” she said.", id="double-curly-quotes-kept"),
    pytest.param("It’s ‘fine’", "It’s ‘fine’", id="single-curly-quotes-kept"),
    pytest.param("a – b — c…", "a – b — c…", id="dashes-and-ellipsis-kept"),
    pytest.param("\ufb01nance ½ ①", "\ufb01nance ½ ①", id="no-nfkc-compatibility-folding"),
    pytest.param("caf\u0065\u0301", "café", id="nfc-composes"),
    pytest.param("e\u200b\u0301", "é", id="nfc-after-zero-width-removal"),
    pytest.param("a\u00a0b", "a b", id="nbsp"),
    pytest.param("a\u202fb", "a b", id="narrow-nbsp"),
    pytest.param("a\u2009b\u3000c", "a b c", id="thin-and-ideographic-space"),
    pytest.param("a\u00a0\u00a0 b", "a b", id="nbsp-run-collapsed"),
    pytest.param("zero\u200bwidth", "zerowidth", id="zero-width-space"),
    pytest.param("a\u200c\u200db\u2060c", "abc", id="zwnj-zwj-word-joiner"),
    pytest.param("\ufeffBOM at start", "BOM at start", id="bom"),
    pytest.param("soft\u00adhyphen", "softhyphen", id="soft-hyphen"),
    pytest.param("\u200eleft\u200f \u202aembed\u202c", "left embed", id="bidi-marks"),
    pytest.param("a\x00b\x07c\x1bd\x7fe\x9bf", "abcdef", id="control-characters"),
    pytest.param("line one\r\nline two", "line one\nline two", id="crlf"),
    pytest.param("line one\rline two", "line one\nline two", id="cr"),
    pytest.param("a\u2028b\u2029c\x85d", "a\nb\nc\nd", id="unicode-line-separators"),
    pytest.param("a\x0bb\x0cc", "a\nb\nc", id="vertical-tab-form-feed"),
    pytest.param("lone \ud800surrogate", "lone surrogate", id="lone-surrogate"),
]


@pytest.mark.parametrize(("raw", "expected"), UNICODE_CASES)
def test_unicode(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


# --------------------------------------------------------------------------------------------
# Whitespace
# --------------------------------------------------------------------------------------------

WHITESPACE_CASES = [
    pytest.param("", "", id="empty"),
    pytest.param(" \t\n \n\r\n", "", id="only-whitespace"),
    pytest.param("a   b", "a b", id="spaces-collapsed"),
    pytest.param("a\tb", "a b", id="tab"),
    pytest.param("a \t \t b", "a b", id="tabs-and-spaces"),
    pytest.param("  padded  ", "padded", id="line-stripped"),
    pytest.param("a\nb", "a\nb", id="one-paragraph-per-line"),
    pytest.param("a\n\nb", "a\nb", id="blank-line-separated"),
    pytest.param("a\n\n\n\n  \n\t\nb", "a\nb", id="many-blank-lines"),
    pytest.param("\n\nfirst\nsecond\n\n", "first\nsecond", id="leading-trailing-newlines"),
    pytest.param("a  \r\n\r\n\r\n  b ", "a\nb", id="crlf-blank-lines"),
    pytest.param("a\u00a0\n\u00a0\nb", "a\nb", id="nbsp-only-line-is-blank"),
]


@pytest.mark.parametrize(("raw", "expected"), WHITESPACE_CASES)
def test_whitespace(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_single_and_double_newline_separators_agree() -> None:
    paras = ["First paragraph.", "“Second,” he said.", "Third – last."]
    assert clean_text("\n".join(paras)) == clean_text("\n\n".join(paras))


# --------------------------------------------------------------------------------------------
# Boilerplate
# --------------------------------------------------------------------------------------------

BOILERPLATE_CASES = [
    _seed_notice_param(),
    pytest.param(
        "We use cookies to give you the best possible experience on our website. By "
        "continuing to browse, you agree to our use of cookies.",
        "consent_notice",
        id="cookie-banner",
    ),
    pytest.param(
        "We and our 842 partners store and/or access information on a device, such as "
        "unique identifiers in cookies to process personal data. You may accept or manage "
        "your choices by clicking below, including your right to object where legitimate "
        "interest is used.",
        "consent_notice",
        id="iab-consent-dialog",
    ),
    pytest.param("This site uses cookies.", "consent_notice", id="short-cookie-banner"),
    pytest.param("Accept all cookies", "consent_notice", id="accept-all-cookies"),
    pytest.param("Manage preferences", "consent_notice", id="manage-preferences"),
    pytest.param(
        "Do Not Sell or Share My Personal Information", "consent_notice", id="do-not-sell"
    ),
    pytest.param(
        "Privacy Notice | Cookie Notice | Terms & Conditions",
        "consent_notice",
        id="footer-policy-links",
    ),
    pytest.param(
        "Sign up to our free daily newsletter for the latest headlines",
        "newsletter_signup",
        id="sign-up-newsletter",
    ),
    pytest.param(
        "Subscribe to the Mirror’s Ukraine war newsletter",
        "newsletter_signup",
        id="subscribe-to",
    ),
    pytest.param(
        "Get the biggest stories delivered straight to your inbox every morning.",
        "newsletter_signup",
        id="straight-to-your-inbox",
    ),
    pytest.param("Thank you for subscribing!", "newsletter_signup", id="thanks-subscribing"),
    pytest.param("We have more newsletters", "newsletter_signup", id="more-newsletters"),
    pytest.param(
        "READ MORE: Putin’s troops ‘suffer heaviest losses of the war’ as Ukraine hits back",
        "read_more",
        id="read-more-caps-colon",
    ),
    pytest.param(
        "READ MORE Zelensky says peace talks must include Europe",
        "read_more",
        id="read-more-caps-no-colon",
    ),
    pytest.param("Read more: How the war in Ukraine unfolded", "read_more", id="read-more-colon"),
    pytest.param("Related: Kyiv hit by drones overnight", "read_more", id="related"),
    pytest.param("Most read", "read_more", id="most-read"),
    pytest.param("Don’t miss: The Mirror’s guide to the peace talks", "read_more", id="dont-miss"),
    pytest.param("Share this article", "share_widget", id="share-this-article"),
    pytest.param(
        "Share on Facebook Twitter WhatsApp Email", "share_widget", id="share-on-platforms"
    ),
    pytest.param("Click to share on X (Opens in new window)", "share_widget", id="click-to-share"),
    pytest.param("Facebook | X | WhatsApp | Copy link", "share_widget", id="share-bar"),
    pytest.param("Link copied", "share_widget", id="link-copied"),
    pytest.param(
        "Follow us on Facebook, X and Instagram for the latest updates",
        "follow_us",
        id="follow-us",
    ),
    pytest.param("Advertisement", "advertisement", id="advertisement"),
    pytest.param("ADVERTISEMENT", "advertisement", id="advertisement-caps"),
    pytest.param(
        "Story continues below advertisement", "advertisement", id="story-continues-below"
    ),
    pytest.param("1,234 comments", "comments_counter", id="n-comments"),
    pytest.param("Comments (57)", "comments_counter", id="comments-n"),
    pytest.param("View all 312 comments", "comments_counter", id="view-comments"),
    pytest.param("Copyright © 2025 Reach plc. All rights reserved.", "copyright", id="copyright"),
    pytest.param("(Image: AFP via Getty Images)", "image_credit", id="image-credit-parens"),
    pytest.param("Image: Getty Images", "image_credit", id="image-credit"),
    pytest.param(
        "Photo: Sergey Bobok/AFP via Getty Images", "image_credit", id="photo-credit-slash"
    ),
    pytest.param(
        "Firefighters at the scene of the strike in Kharkiv (Image: REUTERS)",
        "image_credit",
        id="caption-with-credit",
    ),
    pytest.param("AFP via Getty Images", "image_credit", id="bare-agency-credit"),
    pytest.param(
        "Click here to get the latest news on the war in Ukraine",
        "click_here",
        id="click-here",
    ),
    pytest.param(
        "Download the Mirror app for breaking news alerts", "app_prompt", id="download-app"
    ),
    pytest.param("Available on the App Store and Google Play", "app_prompt", id="store-badges"),
    pytest.param(
        "Our journalism depends on readers like you. Support us today from just £1 and "
        "help keep our reporting free for everyone.",
        "donation_ask",
        id="journalism-depends-on",
    ),
    pytest.param("Support our journalism", "donation_ask", id="support-our-journalism"),
    # Seen in the PTC / SemEval news corpora:
    pytest.param("2.3k SHARES Facebook Twitter", "share_widget", id="share-counter"),
    pytest.param(
        "(RELATED: Becerra Tried To Block Awan From House Democratic Caucus Server)",
        "read_more",
        id="related-in-parentheses",
    ),
    pytest.param(
        "What do you think? Let us know in the comments below.",
        "comments_counter",
        id="comments-prompt",
    ),
    pytest.param(
        "You also agree to our Privacy Policy and Terms of Use.",
        "consent_notice",
        id="you-agree-to-privacy-policy",
    ),
    pytest.param(
        "Email Sign Up By signing up you agree to receive email newsletters or alerts from "
        "POLITICO.",
        "newsletter_signup",
        id="by-signing-up",
    ),
    pytest.param("Already a subscriber?", "newsletter_signup", id="already-a-subscriber"),
    # page furniture seen in real .txt corpora (issue 11)
    pytest.param("Most read in The Sun", "read_more", id="most-read-in"),
    pytest.param("Read More on Energy Bills", "read_more", id="read-more-on-topic"),
    pytest.param("READ MORE", "read_more", id="read-more-caps-alone"),
    pytest.param("We appreciate your feedback.", "feedback_prompt", id="appreciate-feedback"),
    pytest.param(
        "Thank you for sharing your thoughts.", "feedback_prompt", id="thanks-for-thoughts"
    ),
    pytest.param("Was this article helpful?", "feedback_prompt", id="was-this-helpful"),
    pytest.param("Have your say", "feedback_prompt", id="have-your-say"),
]


@pytest.mark.parametrize(("paragraph", "rule"), BOILERPLATE_CASES)
def test_boilerplate_is_found(paragraph: str, rule: str) -> None:
    assert find_boilerplate(paragraph) == rule


@pytest.mark.parametrize(("paragraph", "rule"), BOILERPLATE_CASES)
def test_boilerplate_is_removed(paragraph: str, rule: str) -> None:
    news = "Kharkiv was hit by five strikes overnight, the mayor said."
    cleaned, removed = clean_document_text(f"{news}\n{paragraph}\n{news}")
    assert cleaned == f"{news}\n{news}"
    assert [name for name, _ in removed] == [rule]


NEWS_CASES = [
    pytest.param("The regulator fined the company for tracking users with cookies.", id="c1"),
    pytest.param("She shared the video on Facebook.", id="shared-on-facebook"),
    pytest.param(
        "The watchdog said websites must ask for consent before placing cookies on a "
        "user’s device.",
        id="cookie-consent-news",
    ),
    pytest.param(
        "Critics said the cookie policy, which asks visitors to accept all cookies, was unlawful.",
        id="quotes-consent-button",
    ),
    pytest.param(
        "“Your data is your property,” said the commissioner, who has fined firms for "
        "setting cookies without consent.",
        id="quote-your-data",
    ),
    pytest.param(
        "The Privacy Notice published by the ministry was criticised by civil liberties groups.",
        id="privacy-notice-news",
    ),
    pytest.param(
        "Privacy campaigners warned that the app could be used to track dissidents.",
        id="privacy-campaigners",
    ),
    pytest.param(
        "The newsletter, which has more than a million subscribers, was launched in 2019.",
        id="newsletter-news",
    ),
    pytest.param(
        "He urged supporters to subscribe to his Telegram channel, where he posts daily "
        "updates from the front.",
        id="subscribe-news",
    ),
    pytest.param("“Sign up to fight for your country,” the poster read.", id="quoted-sign-up"),
    pytest.param(
        "Millions of people shared the clip on Twitter, WhatsApp and Telegram within hours.",
        id="shared-on-platforms-news",
    ),
    pytest.param("Share prices fell sharply after the announcement.", id="share-prices"),
    pytest.param("The share of immigrants holding jobs fell by 1.6%.", id="share-of"),
    pytest.param("Sign-up rates for the scheme rose by a third.", id="sign-up-rates"),
    pytest.param("I cannot subscribe to all of them.", id="cannot-subscribe"),
    pytest.param(
        "Some members are survivors of abuse, but they were not identified to protect "
        "their privacy.",
        id="protect-their-privacy",
    ),
    pytest.param("Facebook and Twitter removed the posts.", id="platform-names-news"),
    pytest.param("Follow the money, the prosecutor told the jury.", id="follow-the-money"),
    pytest.param("Like many on social media, she was shocked.", id="like-many-on-social"),
    pytest.param(
        "Advertising revenue fell by 12 per cent last year, the company said.",
        id="advertising-revenue",
    ),
    pytest.param("The comments were condemned by opposition leaders.", id="comments-news"),
    pytest.param(
        "Copyright lawyers said the ruling could reshape the music industry.",
        id="copyright-news",
    ),
    pytest.param(
        "Under section 3(c) the minister may delay the vote.", id="section-c-not-copyright"
    ),
    pytest.param(
        "The photographer, who works for Getty Images, was injured in the blast.",
        id="getty-news",
    ),
    pytest.param(
        "Users were told to download the NHS app to book their vaccinations.",
        id="download-app-news",
    ),
    pytest.param(
        "Downloads of the government’s air-raid alert app surged after the strike.",
        id="downloads-news",
    ),
    pytest.param(
        "Most residents had already fled the city when the drones struck.", id="most-news"
    ),
    pytest.param("Related cases have been reported in Odesa and Dnipro.", id="related-news"),
    pytest.param("More-or-less everyone agreed with the plan.", id="more-or-less"),
    pytest.param("Most read in the region was the Chronicle.", id="most-read-news"),
    pytest.param("Read more about it in the report, she said.", id="read-more-about-news"),
    pytest.param("More of the same is expected.", id="more-of-news"),
    pytest.param("“Thank you for your feedback,” the minister told MPs.", id="quoted-thanks"),
    pytest.param(
        "Have your say on the plan to close the library before May.", id="have-your-say-news"
    ),
    pytest.param("MORE than 100 people were killed in the attack.", id="tabloid-caps-more"),
    pytest.param("“Read more books,” the mayor told schoolchildren.", id="quoted-read-more"),
    pytest.param(
        "“Our journalism depends on sources who trust us,” the editor told the inquiry.",
        id="quoted-journalism-depends",
    ),
    pytest.param(
        "The last night brought a brutal strike on Kharkiv – an apartment block was destroyed.",
        id="plain-news",
    ),
]


@pytest.mark.parametrize("paragraph", NEWS_CASES)
def test_news_is_kept(paragraph: str) -> None:
    assert find_boilerplate(paragraph) is None
    assert clean_text(paragraph) == paragraph


def test_rule_names_are_stable() -> None:
    assert RULE_NAMES == (
        "consent_notice",
        "newsletter_signup",
        "read_more",
        "share_widget",
        "follow_us",
        "advertisement",
        "comments_counter",
        "copyright",
        "image_credit",
        "click_here",
        "app_prompt",
        "feedback_prompt",
        "donation_ask",
    )
    assert {case.values[1] for case in BOILERPLATE_CASES} == set(RULE_NAMES)


def test_find_boilerplate_normalises_whitespace() -> None:
    assert find_boilerplate("  Share\u00a0this   article \t") == "share_widget"
    assert find_boilerplate("") is None
    assert find_boilerplate(" \n ") is None


def test_removed_paragraphs_reported_in_order() -> None:
    text = "Advertisement\nNews one.\r\n\r\nRead more: Other story\nNews two.\nShare"
    cleaned, removed = clean_document_text(text)
    assert cleaned == "News one.\nNews two."
    assert removed == [
        ("advertisement", "Advertisement"),
        ("read_more", "Read more: Other story"),
        ("share_widget", "Share"),
    ]


# --------------------------------------------------------------------------------------------
# The seed article
# --------------------------------------------------------------------------------------------


def test_seed_article() -> None:
    lines = _seed_lines()
    cleaned, removed = clean_document_text("\n".join(lines))
    paragraphs = cleaned.split("\n")
    assert not any("cookie" in p.lower() for p in paragraphs)
    assert "Witkoff" in paragraphs[-1]
    assert paragraphs[-1].startswith("Putin’s rebuff to Trump")
    assert [name for name, _ in removed] == ["consent_notice"]
    # Every news paragraph survives unchanged (the seed has no odd whitespace or characters).
    assert paragraphs == [line.strip() for line in lines[:-1]]
    quoted = [line for line in lines if "“" in line and "cookies" not in line]
    assert len(quoted) >= 6
    for line in quoted:
        assert line in paragraphs
    assert cleaned.count("“") == sum(line.count("“") for line in quoted)
    assert cleaned.count("”") == sum(line.count("”") for line in quoted)
    assert "'" not in cleaned.replace("’", "")  # curly apostrophes not turned straight
    assert clean_text(cleaned) == cleaned


def test_seed_article_with_messy_whitespace() -> None:
    lines = _seed_lines()
    nbsp = "\u00a0 "
    messy = "\ufeff" + "\r\n\r\n".join(f"  {line.replace(' ', nbsp, 3)}\t" for line in lines)
    assert clean_text(messy) == "\n".join(lines[:-1])


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_FRAGMENTS = [
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    " ",
    "\t",
    "\u00a0",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "\u0301",
    "e",
    "“",
    "”",
    "’",
    "–",
    "…",
    "Share this article",
    "Advertisement",
    "Read more:",
    "We use cookies",
    "your device",
    "our site",
    "cookies",
    "The mayor said.",
    "Kharkiv",
    "©",
    "(Image: Getty)",
]

mixed_text = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=5)), max_size=40).map(
    "".join
)
any_text = st.one_of(st.text(), mixed_text)


@given(any_text)
@settings(max_examples=400, deadline=None)
def test_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@given(any_text)
@settings(max_examples=400, deadline=None)
def test_output_invariants(text: str) -> None:
    cleaned, removed = clean_document_text(text)
    assert isinstance(cleaned, str)
    assert "\r" not in cleaned
    assert "\t" not in cleaned
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in cleaned)
    assert not any(ch in cleaned for ch in "\u00a0\u200b\u00ad\ufeff\u2028\u2029")
    assert unicodedata.is_normalized("NFC", cleaned)
    assert "\n\n" not in cleaned
    assert cleaned == cleaned.strip()
    for line in cleaned.split("\n") if cleaned else []:
        assert line and line == line.strip(" ") and "  " not in line
        assert find_boilerplate(line) is None
    for name, paragraph in removed:
        assert name in RULE_NAMES
        assert find_boilerplate(paragraph) == name


any_code_point = st.one_of(st.characters(codec=None), st.characters(categories=["Cs"]))


@given(st.text(alphabet=any_code_point, max_size=200))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_any_code_point(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogates survive


@given(any_text)
@settings(max_examples=200, deadline=None)
def test_deterministic(text: str) -> None:
    assert clean_document_text(text) == clean_document_text(text)


def test_fast_on_long_and_adversarial_input() -> None:
    paragraph = "The devastating explosions destroyed an apartment block in Kharkiv. " * 5
    document = "\n".join([paragraph, "Share this article", "Advertisement"] * 2000)
    adversarial = [
        "Share " * 5000 + "now",
        "Facebook | " * 5000 + "news",
        "our journalism " * 3000,
        "(" * 10000,
        "Read more " * 5000,
    ]
    start = time.perf_counter()
    cleaned = clean_text(document)
    for text in adversarial:
        clean_text(text)
    elapsed = time.perf_counter() - start
    assert cleaned.count("\n") == 1999
    assert elapsed < 5.0
