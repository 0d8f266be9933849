"""Text for the ear: each written form and the words a shopper should hear."""

import pytest

from shoptalk.speech.speakable import cardinal, digits, ordinal, speakable

CARDINALS = [
    (0, "zero"),
    (7, "seven"),
    (13, "thirteen"),
    (20, "twenty"),
    (21, "twenty-one"),
    (45, "forty-five"),
    (99, "ninety-nine"),
    (100, "one hundred"),
    (101, "one hundred one"),
    (110, "one hundred ten"),
    (999, "nine hundred ninety-nine"),
    (1000, "one thousand"),
    (1001, "one thousand one"),
    (1299, "one thousand two hundred ninety-nine"),
    (2024, "two thousand twenty-four"),
    (10_000, "ten thousand"),
    (100_000, "one hundred thousand"),
    (1_000_000, "one million"),
    (2_500_000, "two million five hundred thousand"),
    (1_000_000_000, "one billion"),
    (-3, "minus three"),
]
ORDINALS = [
    (1, "first"),
    (2, "second"),
    (3, "third"),
    (4, "fourth"),
    (5, "fifth"),
    (8, "eighth"),
    (9, "ninth"),
    (11, "eleventh"),
    (12, "twelfth"),
    (20, "twentieth"),
    (21, "twenty-first"),
    (22, "twenty-second"),
    (30, "thirtieth"),
    (100, "one hundredth"),
    (103, "one hundred third"),
]
SPEAKABLE = [
    # prices
    ("$59.99", "fifty-nine dollars and ninety-nine cents"),
    ("$5.00", "five dollars"),
    ("$5", "five dollars"),
    ("$1", "one dollar"),
    ("$1.00", "one dollar"),
    ("$0.99", "ninety-nine cents"),
    ("$0.01", "one cent"),
    ("$1.01", "one dollar and one cent"),
    ("$12.5", "twelve dollars and fifty cents"),
    ("$1,299.50", "one thousand two hundred ninety-nine dollars and fifty cents"),
    ("$1299", "one thousand two hundred ninety-nine dollars"),
    ("$10,000", "ten thousand dollars"),
    ("$0", "zero dollars"),
    ("$1.5 million", "one point five million dollars"),
    ("$20k", "twenty thousand dollars"),
    ("a refund of -$5.00", "a refund of minus five dollars"),
    ("It costs $24.99.", "It costs twenty-four dollars and ninety-nine cents."),
    (
        "$19.99 or $29.99",
        "nineteen dollars and ninety-nine cents or twenty-nine dollars and ninety-nine cents",
    ),
    ("Total: $103.40", "Total: one hundred three dollars and forty cents"),
    # order ids, codes, long numbers
    ("#W1001", "W one zero zero one"),
    ("W1001", "W one zero zero one"),
    ("Order #W1002 has shipped.", "Order W one zero zero two has shipped."),
    ("order W0042", "order W zero zero four two"),
    ("#1001", "number one zero zero one"),
    ("No. 5", "number five"),
    ("tracking 1Z999AA1012", "tracking one Z nine nine nine A A one zero one two"),
    ("size A5", "size A five"),
    ("the B5 notebook", "the B five notebook"),
    ("zip 94107", "zip nine four one zero seven"),
    ("code 007", "code zero zero seven"),
    ("call 555-1234", "call five five five, one two three four"),
    ("(415) 555-0100", "four one five, five five five, zero one zero zero"),
    ("415-555-0100", "four one five, five five five, zero one zero zero"),
    # quantities and plain numbers
    ("3 items", "three items"),
    ("1 item", "one item"),
    ("add 2 to the cart", "add two to the cart"),
    ("12 in stock", "twelve in stock"),
    ("1,000 pieces", "one thousand pieces"),
    ("1000 pieces", "one thousand pieces"),
    ("4.5 stars", "four point five stars"),
    ("0.5 mile", "zero point five mile"),
    ("-5 degrees", "minus five degrees"),
    ("3-5 days", "three to five days"),
    ("10\u201320 minutes", "ten to twenty minutes"),
    ("2-person tent", "two-person tent"),
    ("20% off", "twenty percent off"),
    ("10-20% off", "ten to twenty percent off"),
    # units
    ("12 oz", "twelve ounce"),
    ("12oz", "twelve ounce"),
    ("a 12 oz bag", "a twelve ounce bag"),
    ("2 lb", "two pound"),
    ("5 lbs", "five pound"),
    ("8 fl oz", "eight fluid ounce"),
    ("41 mm", "forty-one millimeter"),
    ("6 mm", "six millimeter"),
    ("20 L", "twenty liter"),
    ("500 ml", "five hundred milliliter"),
    ("25 ft", "twenty-five foot"),
    ('12" skillet', "twelve inch skillet"),
    ("10 in. skillet", "ten inch skillet"),
    ("256 GB", "two hundred fifty-six gigabyte"),
    ("256GB", "two hundred fifty-six gigabyte"),
    ("1 TB", "one terabyte"),
    ("1.5 kg", "one point five kilogram"),
    ("100 g", "one hundred gram"),
    ("5000 mAh", "five thousand milliamp hour"),
    ("60 W", "sixty watt"),
    ("2.4 GHz", "two point four gigahertz"),
    ("1 gal", "one gallon"),
    ("350 °F", "three hundred fifty degrees Fahrenheit"),
    # ordinals, dates, times, fractions
    ("1st", "first"),
    ("2nd floor", "second floor"),
    ("the 3rd one", "the third one"),
    ("21st", "twenty-first"),
    ("arrives Nov 28", "arrives November twenty-eighth"),
    ("on Jan 1", "on January first"),
    ("by Dec. 3", "by December third"),
    ("at 3:30 pm", "at three thirty p m"),
    ("at 3:05", "at three oh five"),
    ("at 9:00", "at nine o'clock"),
    ("at 9:00 AM", "at nine a m"),
    ("by 10am", "by ten a m"),
    ("by 5 p.m.", "by five p m"),
    ("1/2 cup", "one half cup"),
    ("3/4 full", "three quarters full"),
    ("1 1/2 cups", "one and a half cups"),
    ("2/3 done", "two thirds done"),
    # abbreviations and symbols
    ("e.g. shoes", "for example shoes"),
    ("i.e. now", "that is now"),
    ("socks, hats, etc.", "socks, hats, et cetera"),
    ("approx. 3", "approximately three"),
    ("Qty: 2", "quantity: two"),
    ("6 pcs", "six pieces"),
    ("skillet w/ lid", "skillet with lid"),
    ("skillet w/o lid", "skillet without lid"),
    ("Mr. Smith", "mister Smith"),
    ("Dr. Jones", "doctor Jones"),
    ("12 Main St.", "twelve Main street"),
    ("Apt 4", "apartment four"),
    ("size XL", "size extra large"),
    ("size XS", "size extra small"),
    ("SPF 30", "S P F thirty"),
    ("USB cable", "U S B cable"),
    ("ships via UPS", "ships via U P S"),
    ("your order ID", "your order I D"),
    ("salt & pepper", "salt and pepper"),
    ("AT&T", "AT and T"),
    ("2 + 2", "two plus two"),
    ("this vs that", "this versus that"),
    # emails
    ("jane.doe@example.com", "jane dot doe at example dot com"),
    ("Email j_smith@shop-mail.co.uk.", "Email j underscore smith at shop dash mail dot co dot uk."),
    # text left alone
    ("Hello! How can I help?", "Hello! How can I help?"),
    ("I added the red shoes.", "I added the red shoes."),
    ("", ""),
    ("No problem.", "No problem."),
    ("in stock", "in stock"),
    # whole replies
    (
        "Your order #W1001 of 2 items ($59.99) arrives Nov 28.",
        "Your order W one zero zero one of two items (fifty-nine dollars and ninety-nine cents) arrives November twenty-eighth.",
    ),
    (
        "The 12 oz bag is $14.00; the 2 lb bag is $32.50.",
        "The twelve ounce bag is fourteen dollars; the two pound bag is thirty-two dollars and fifty cents.",
    ),
]


@pytest.mark.parametrize(("number", "words"), CARDINALS)
def test_cardinal(number: int, words: str) -> None:
    assert cardinal(number) == words


@pytest.mark.parametrize(("number", "words"), ORDINALS)
def test_ordinal(number: int, words: str) -> None:
    assert ordinal(number) == words


@pytest.mark.parametrize(("text", "spoken"), SPEAKABLE)
def test_speakable(text: str, spoken: str) -> None:
    assert speakable(text) == spoken


def test_digits_skip_symbols() -> None:
    assert digits("#W-10") == "W one zero"


def test_speakable_leaves_no_digits_in_replies() -> None:
    """Whatever the table misses, a reply must not hand the synthesizer a digit to guess at."""
    written = [text for text, _ in SPEAKABLE]
    assert not [text for text in written if any(c.isdigit() for c in speakable(text))]
