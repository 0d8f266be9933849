"""The demo store: a realistic `shoptalk-store/1` snapshot, generated from a seed.

The assistant needs a store to talk about before anyone imports a real one, and the benchmark
needs a big one, so both come from the same generator. Only `random.Random(seed)` decides
anything: the same seed gives the same store on every machine and Python run (no set or
hash ordering is ever iterated).

Money is built from integer cents and written as `round(cents / 100, 2)`, so every amount
reads back as whole cents.
"""

import itertools
import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

JSON = dict[str, Any]

FORMAT = "shoptalk-store/1"
STORE_NAME = "ShopTalk Demo Store"


@dataclass(frozen=True)
class OptionValue:
    value: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    """One option of a product, its values in natural order (S, M, L, XL)."""

    name: str
    values: tuple[OptionValue, ...]
    step: float = 0.0
    """Price lift per position in `values`: a 1 TB phone costs more than a 128 GB one."""


def _list(text: str) -> tuple[str, ...]:
    """Tables list words as "a, b, c": one line holds many, where a tuple would take many."""
    return tuple(text.split(", "))


def _dim(name: str, values: str, step: float = 0.0) -> Dimension:
    """Values are written "canonical|synonym|synonym, canonical|synonym", in natural order."""
    parsed = [value.split("|") for value in _list(values)]
    return Dimension(name, tuple(OptionValue(v[0], tuple(v[1:])) for v in parsed), step)


# --- option dimensions -----------------------------------------------------------------------

APPAREL_SIZE = _dim(
    "size",
    "XS|extra small, S|small, M|medium, L|large, XL|extra large|x large, "
    "XXL|double extra large|two x large|2XL",
)
APPAREL_COLOR = _dim(
    "color",
    "black, white, heather gray|gray|grey, navy|dark blue|navy blue, red, "
    "forest green|dark green|green, royal blue|blue, burgundy|maroon|dark red",
)
OUTERWEAR_COLOR = _dim(
    "color", "black, olive|olive green|green, navy|dark blue, slate gray|gray|grey, mustard|yellow"
)
SHOE_SIZE = _dim(
    "size",
    "7|seven, 7.5|seven and a half, 8|eight, 8.5|eight and a half, 9|nine, "
    "9.5|nine and a half, 10|ten, 10.5|ten and a half, 11|eleven, 12|twelve, "
    "13|thirteen",
)
SHOE_WIDTH = _dim("width", "regular|standard|medium width, wide|wide width")
SHOE_COLOR = _dim("color", "black, white, gray|grey, navy|dark blue, red, volt|neon yellow")
BOOT_COLOR = _dim("color", "brown|dark brown, black, gray|grey, tan|light brown")
SANDAL_COLOR = _dim("color", "black, tan|light brown, navy|dark blue, olive|olive green")
JEANS_WAIST = _dim(
    "waist",
    "28|twenty eight, 30|thirty, 32|thirty two, 34|thirty four, 36|thirty six, 38|thirty eight",
)
JEANS_LENGTH = _dim("length", "30|thirty|short, 32|thirty two|regular, 34|thirty four|long")
DENIM_WASH = _dim(
    "wash", "light wash|light, medium wash|medium, dark wash|dark|indigo, black|black wash"
)
DEVICE_COLOR = _dim(
    "color", "black|midnight, silver, space gray|gray|dark gray, blue, rose gold|pink"
)
PHONE_STORAGE = _dim(
    "storage",
    "128 GB|128 gigabytes|128 gigs, 256 GB|256 gigabytes|256 gigs, "
    "512 GB|512 gigabytes|512 gigs, 1 TB|1 terabyte|one terabyte",
    step=0.15,
)
LAPTOP_MEMORY = _dim(
    "memory",
    "8 GB|8 gigs of ram|eight gigabytes, 16 GB|16 gigs of ram|sixteen gigabytes, "
    "32 GB|32 gigs of ram|thirty two gigabytes",
    step=0.15,
)
LAPTOP_STORAGE = _dim(
    "storage", "256 GB|256 gigabytes, 512 GB|512 gigabytes, 1 TB|1 terabyte|one terabyte", step=0.1
)
AUDIO_COLOR = _dim("color", "black, white, navy|dark blue, sand|beige, sage|green")
PHONE_MODEL = _dim(
    "phone model", "Aurora 12, Aurora 12 Pro, Pulse 8, Pulse 8 Plus, Nimbus 5, Vista X"
)
CASE_COLOR = _dim(
    "color",
    "clear|transparent|see through, black, midnight blue|navy|dark blue, "
    "sage green|green, blush pink|pink, red",
)
SPEAKER_COLOR = _dim("color", "black, blue, red, sand|beige, forest green|green")
WATCH_SIZE = _dim("case size", "41 mm|41 millimeter|small, 45 mm|45 millimeter|large", step=0.08)
WATCH_BAND = _dim(
    "band",
    "sport band|silicone band|rubber band, leather band|leather, "
    "metal link bracelet|metal band|steel band|link bracelet",
    step=0.1,
)
TABLET_STORAGE = _dim(
    "storage", "64 GB|64 gigabytes, 128 GB|128 gigabytes, 256 GB|256 gigabytes", step=0.2
)
CONNECTIVITY = _dim(
    "connectivity",
    "Wi-Fi|wifi|wifi only, Wi-Fi + Cellular|cellular|wifi and cellular|lte",
    step=0.25,
)
BED_SIZE = _dim("size", "twin, full|double, queen, king, california king|cal king", step=0.15)
SHEET_COLOR = _dim(
    "color",
    "white|bright white, ivory|cream|off white, sage|sage green, "
    "slate|slate gray|gray, navy|dark blue, blush|pink",
)
TOWEL_SET = _dim(
    "set",
    "2-piece|two piece|set of two, 4-piece|four piece|set of four, 6-piece|six piece|set of six",
    step=0.6,
)
TOWEL_COLOR = _dim(
    "color", "white, charcoal|dark gray, seafoam|light green, sand|beige, navy|dark blue"
)
LAMP_FINISH = _dim("finish", "brass|gold, matte black|black, brushed nickel|nickel|silver, white")
LAMP_SHADE = _dim("shade", "white linen|linen|white, charcoal|dark gray, oatmeal|beige")
CANDLE_SCENT = _dim(
    "scent",
    "lavender, vanilla bean|vanilla, sea salt, cedarwood|cedar, "
    "fresh linen|clean linen, pumpkin spice|pumpkin",
)
CANDLE_SIZE = _dim("size", "8 oz|eight ounce|small, 14 oz|fourteen ounce|large", step=0.6)
APPLIANCE_COLOR = _dim("color", "black, stainless steel|stainless|silver, white, red")
SKILLET_SIZE = _dim("size", "8 inch|eight inch, 10 inch|ten inch, 12 inch|twelve inch", step=0.25)
SKILLET_LID = _dim("lid", "no lid|without lid|pan only, with lid|lid included", step=0.15)
BOTTLE_CAPACITY = _dim(
    "capacity",
    "18 oz|eighteen ounce|small, 24 oz|twenty four ounce|medium, "
    "32 oz|thirty two ounce|large, 40 oz|forty ounce|extra large",
    step=0.12,
)
BOTTLE_COLOR = _dim(
    "color", "black, white, sage|sage green, ocean blue|blue, coral|pink, slate|gray"
)
PLUSH_ANIMAL = _dim("animal", "bear|teddy bear, bunny|rabbit, dinosaur|dino, unicorn, puppy|dog")
PLUSH_SIZE = _dim("size", "small|8 inch, medium|12 inch, large|18 inch|big|jumbo", step=0.6)
PUZZLE_PIECES = _dim(
    "pieces",
    "300 pieces|three hundred pieces, 500 pieces|five hundred pieces, "
    "1000 pieces|one thousand pieces|a thousand pieces",
    step=0.3,
)
BEAN_ROAST = _dim(
    "roast", "light roast|light|blonde roast, medium roast|medium, dark roast|dark|bold"
)
BEAN_GRIND = _dim(
    "grind",
    "whole bean|beans|whole, ground|drip grind|pre-ground, espresso grind|fine grind|espresso",
)
BAG_SIZE = _dim("bag size", "12 oz|twelve ounce, 2 lb|two pound|two pounds", step=1.2)
TEA_FLAVOR = _dim(
    "flavor", "earl grey|earl gray, english breakfast, chamomile, green tea|green, peppermint|mint"
)
TEA_COUNT = _dim("count", "20 bags|twenty bags|20 count, 50 bags|fifty bags|50 count", step=1.0)
BAR_FLAVOR = _dim("flavor", "honey almond, dark chocolate|chocolate, peanut butter, blueberry")
BAR_PACK = _dim(
    "pack",
    "6 count|six pack|6 pack, 12 count|twelve pack|12 pack, 24 count|twenty four pack|24 pack",
    step=0.9,
)
SHAMPOO_FORMULA = _dim("formula", "moisturizing|hydrating, volumizing|volume, clarifying")
SHAMPOO_SIZE = _dim(
    "size", "12 oz|twelve ounce|regular, 32 oz|thirty two ounce|family size|large", step=0.8
)
LIP_SHADE = _dim(
    "shade",
    "classic red|red, nude|natural, berry|plum, coral, mauve|dusty rose, bubblegum pink|pink",
)
SPF = _dim("spf", "SPF 30|spf thirty, SPF 50|spf fifty", step=0.1)
SUNSCREEN_SIZE = _dim("size", "3 oz|three ounce|travel size, 6 oz|six ounce|regular", step=0.6)
MAT_THICKNESS = _dim(
    "thickness",
    "4 mm|thin|four millimeter, 6 mm|standard|six millimeter, "
    "8 mm|thick|extra thick|eight millimeter",
    step=0.2,
)
MAT_COLOR = _dim("color", "black, purple|violet, teal, sage|sage green, coral|pink")
DUMBBELL_WEIGHT = _dim(
    "weight",
    "5 lb|five pounds|5 pounds, 10 lb|ten pounds|10 pounds, "
    "15 lb|fifteen pounds|15 pounds, 20 lb|twenty pounds|20 pounds, "
    "25 lb|twenty five pounds|25 pounds, 30 lb|thirty pounds|30 pounds",
    step=0.35,
)
TENT_CAPACITY = _dim(
    "capacity",
    "2-person|two person|2 person, 4-person|four person|4 person, 6-person|six person|6 person",
    step=0.45,
)
TENT_COLOR = _dim("color", "forest green|green, orange, gray|grey")
NOTEBOOK_PAPER = _dim(
    "paper", "college ruled|lined|ruled, dot grid|dotted, blank|plain|unlined, graph|grid|squared"
)
NOTEBOOK_SIZE = _dim("size", "A5|medium, B5|large", step=0.25)
CHAIR_COLOR = _dim("color", "black, gray|grey, navy|dark blue, white")
CHAIR_ARMS = _dim(
    "armrests", "fixed arms|fixed armrests, adjustable arms|adjustable armrests", step=0.15
)
PACK_CAPACITY = _dim(
    "capacity",
    "20 L|twenty liter|20 liters, 28 L|twenty eight liter|28 liters, "
    "35 L|thirty five liter|35 liters",
    step=0.2,
)
PACK_COLOR = _dim(
    "color",
    "black, navy|dark blue, olive|olive green, charcoal|gray|grey, rust|burnt orange|orange",
)
HOSE_LENGTH = _dim(
    "length",
    "25 ft|twenty five feet|25 feet, 50 ft|fifty feet|50 feet, "
    "75 ft|seventy five feet|75 feet, 100 ft|one hundred feet|hundred feet",
    step=0.3,
)
HOSE_COLOR = _dim("color", "green, gray|grey, blue")
PLANTER_SIZE = _dim(
    "size",
    "6 inch|six inch|small, 8 inch|eight inch|medium, 10 inch|ten inch|large, "
    "12 inch|twelve inch|extra large",
    step=0.35,
)
PLANTER_COLOR = _dim("color", "terracotta|clay, white, charcoal|dark gray, sage|sage green")
DOG_FLAVOR = _dim(
    "flavor",
    "chicken and rice|chicken, salmon and sweet potato|salmon, "
    "lamb and brown rice|lamb, beef and barley|beef",
)
DOG_BAG = _dim(
    "bag size",
    "5 lb|five pound|small bag, 15 lb|fifteen pound, 30 lb|thirty pound|large bag|big bag",
    step=1.1,
)
PET_SIZE = _dim("size", "small, medium, large, XL|extra large|x large", step=0.35)
PET_BED_COLOR = _dim("color", "gray|grey, brown|chocolate, navy|dark blue, cream|ivory")
BOOK_FORMAT = _dim(
    "format",
    "paperback|soft cover|softcover, hardcover|hard cover|hardback, large print",
    step=0.35,
)
DRILL_KIT = _dim(
    "kit",
    "tool only|bare tool|no battery, 1 battery kit|one battery|with one battery, "
    "2 battery kit|two batteries|with two batteries",
    step=0.35,
)
SOCKET_PIECES = _dim(
    "set size",
    "40-piece|forty piece, 108-piece|one hundred eight piece, 200-piece|two hundred piece",
    step=0.6,
)

# Made-to-order products: any combination of these values can be ordered.
DRINK_SIZE = _dim(
    "size",
    "small|12 oz|twelve ounce, medium|16 oz|sixteen ounce|regular, large|20 oz|twenty ounce|big",
)
DRINK_ROAST = _dim(
    "roast", "light roast|light|blonde roast, medium roast, dark roast|dark|bold roast"
)
MILK = _dim(
    "milk",
    "whole milk|whole|regular milk, skim milk|skim|nonfat milk, oat milk|oat, "
    "almond milk|almond, soy milk|soy",
)
COLD_BREW_MILK = _dim(
    "milk", "no milk|black|none, whole milk|whole, oat milk|oat, almond milk|almond"
)
TEE_COLOR = _dim("color", "white, black, heather gray|gray|grey, navy|dark blue")
TEE_PRINT = _dim(
    "print",
    "store logo|logo|our logo, mountain sunset|sunset, retro stripes|stripes, "
    "custom name|my name|your name",
)
PIZZA_SIZE = _dim(
    "size", "10 inch|small|personal, 12 inch|medium, 14 inch|large, 16 inch|extra large|family size"
)
CRUST = _dim(
    "crust",
    "hand tossed|regular|classic, thin crust|thin, deep dish|pan|thick crust, "
    "gluten free crust|gluten free",
)
TOPPING = _dim(
    "topping",
    "cheese|plain|just cheese, pepperoni, mushroom|mushrooms, veggie|vegetable|vegetables, sausage",
)
BOWL_BASE = _dim("base", "white rice, brown rice, greens|salad|lettuce")
PROTEIN = _dim("protein", "chicken, steak|beef, tofu, black beans|beans")
SALSA = _dim("salsa", "mild, medium, hot|spicy")
MUG_SIZE = _dim("size", "11 oz|eleven ounce|regular, 15 oz|fifteen ounce|large")
MUG_COLOR = _dim("color", "white, black")
MUG_DESIGN = _dim("design", "single photo|one photo, photo collage|collage, photo with text|text")


# --- product types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductType:
    """Everything needed to invent believable products of one type."""

    type: str
    brands: tuple[str, ...]
    models: tuple[str, ...]
    nouns: tuple[str, ...]
    dims: tuple[Dimension, ...]
    price: tuple[int, int]
    """Dollar range every variant's price falls in."""
    tags: tuple[str, ...]
    blurbs: tuple[str, ...]
    """Description sentences, the first saying what it is; "{brand}" is filled in."""
    pattern: str = "{brand} {model} {noun}"


PRODUCT_TYPES: tuple[ProductType, ...] = (
    # electronics
    ProductType(
        type="smartphones",
        brands=_list("Zentra, Orbitel, Lumio, Voltline"),
        models=_list("Aurora, Pulse, Nimbus, Vista, Echo, Halo, Arc, Nova"),
        nouns=_list("Smartphone, 5G Smartphone"),
        dims=(PHONE_STORAGE, DEVICE_COLOR),
        price=(300, 1200),
        tags=_list("5g, unlocked, wireless charging, water resistant"),
        blurbs=(
            "An unlocked phone with an all-day battery and a bright 6.5-inch display.",
            "The dual camera takes sharp photos even in low light.",
            "{brand} promises five years of software updates.",
        ),
    ),
    ProductType(
        type="laptops",
        brands=_list("Zentra, Corelane, Lumio, Vantix"),
        models=_list("Aero, Summit, Flex, Edge, Studio, Prime, Slim, Pro"),
        nouns=_list("13-inch Laptop, 15-inch Laptop, 2-in-1 Laptop"),
        dims=(LAPTOP_MEMORY, LAPTOP_STORAGE, DEVICE_COLOR),
        price=(500, 2000),
        tags=_list("lightweight, touchscreen, backlit keyboard, work from home"),
        blurbs=(
            "A thin aluminum laptop that runs up to 14 hours on a charge.",
            "The backlit keyboard and 1080p webcam make long work days easier.",
            "{brand} ships it with two USB-C ports and Wi-Fi 6.",
        ),
    ),
    ProductType(
        type="headphones",
        brands=_list("Voltline, Sonique, Bassline Audio, Hushwave"),
        models=_list("Studio, Quiet, Sport, Air, Tour, Echo, Loop, Halo"),
        nouns=_list("Wireless Earbuds, Over-Ear Headphones, Noise Cancelling Headphones"),
        dims=(AUDIO_COLOR,),
        price=(25, 350),
        tags=_list("wireless, noise cancelling, bluetooth, sweat resistant"),
        blurbs=(
            "Wireless headphones with rich bass and up to 30 hours of listening.",
            "Active noise cancelling quiets planes, trains and open offices.",
            "The {brand} app lets you tune the sound to your ears.",
        ),
    ),
    ProductType(
        type="phone cases",
        brands=_list("Voltline, Shellguard, Armorlite, Pocketfold"),
        models=_list("Slim, Rugged, Clear, Grip, Wallet, Magnetic, Leather, Tough"),
        nouns=_list("Phone Case"),
        dims=(PHONE_MODEL, CASE_COLOR),
        price=(12, 30),
        tags=_list("drop tested, magnetic, slim, wireless charging"),
        blurbs=(
            "A snug phone case with raised edges that protect the screen and camera.",
            "Drop tested from 10 feet and works with wireless chargers.",
            "{brand} backs every case with a lifetime warranty.",
        ),
    ),
    ProductType(
        type="bluetooth speakers",
        brands=_list("Sonique, Bassline Audio, Northpeak, Voltline"),
        models=_list("Boom, Pulse, Wave, Pebble, Roam, Tide, Beacon, Drift"),
        nouns=_list("Bluetooth Speaker, Portable Speaker"),
        dims=(SPEAKER_COLOR,),
        price=(30, 250),
        tags=_list("waterproof, bluetooth, portable, outdoor"),
        blurbs=(
            "A portable speaker with big 360-degree sound and a 20-hour battery.",
            "It is waterproof and floats, so it is ready for the beach or the pool.",
            "Pair two {brand} speakers for stereo sound.",
        ),
    ),
    ProductType(
        type="smartwatches",
        brands=_list("Zentra, Orbitel, Pacewise, Lumio"),
        models=_list("Pulse, Stride, Active, Vita, Core, Trek, Sense, Move"),
        nouns=_list("Smartwatch, Fitness Watch, GPS Watch"),
        dims=(WATCH_SIZE, WATCH_BAND, DEVICE_COLOR),
        price=(100, 450),
        tags=_list("fitness, gps, heart rate, water resistant"),
        blurbs=(
            "A smartwatch that tracks heart rate, sleep and workouts.",
            "Built-in GPS maps your runs without your phone.",
            "{brand} rates it water resistant to 50 meters.",
        ),
    ),
    ProductType(
        type="tablets",
        brands=_list("Zentra, Lumio, Orbitel, Vantix"),
        models=_list("Slate, Canvas, Vista, Nova, Air, Note, Tab, Go"),
        nouns=_list("10-inch Tablet, 11-inch Tablet, Mini Tablet"),
        dims=(TABLET_STORAGE, CONNECTIVITY, DEVICE_COLOR),
        price=(150, 1000),
        tags=_list("kids, stylus support, streaming, wireless"),
        blurbs=(
            "A tablet with a sharp display for reading, streaming and sketching.",
            "It works with the {brand} stylus and keyboard cover.",
            "Parental controls make it a good family tablet.",
        ),
    ),
    # home
    ProductType(
        type="bed sheets",
        brands=_list("Hearth & Oak, Linenfield, Dreamwell, Cottonbury"),
        models=_list("Percale, Sateen, Linen, Bamboo, Flannel, Jersey, Organic Cotton, Microfiber"),
        nouns=_list("Sheet Set"),
        dims=(BED_SIZE, SHEET_COLOR),
        price=(40, 180),
        tags=_list("organic, cooling, deep pocket, machine washable"),
        blurbs=(
            "A soft sheet set with a flat sheet, a fitted sheet and two pillowcases.",
            "Deep pockets fit mattresses up to 16 inches thick.",
            "{brand} sheets get softer with every wash.",
        ),
    ),
    ProductType(
        type="bath towels",
        brands=_list("Hearth & Oak, Linenfield, Cottonbury, Seabreeze Home"),
        models=_list("Plush, Turkish Cotton, Quick-Dry, Waffle, Hotel, Ribbed, Organic, Everyday"),
        nouns=_list("Bath Towel Set, Towel Set"),
        dims=(TOWEL_SET, TOWEL_COLOR),
        price=(25, 90),
        tags=_list("organic, quick dry, absorbent, hotel quality"),
        blurbs=(
            "Thick, absorbent towels woven from long-staple cotton.",
            "They dry quickly and stay fluffy wash after wash.",
            "{brand} dyes every towel to resist fading.",
        ),
    ),
    ProductType(
        type="table lamps",
        brands=_list("Lumen & Co, Hearth & Oak, Brightwood, Glowhaus"),
        models=_list("Arc, Ceramic, Tripod, Globe, Column, Mission, Mushroom, Pharmacy"),
        nouns=_list("Table Lamp"),
        dims=(LAMP_FINISH, LAMP_SHADE),
        price=(35, 180),
        tags=_list("dimmable, usb port, led, mid-century"),
        blurbs=(
            "A table lamp with a soft, even glow for a bedside or a reading nook.",
            "The three-way dimmer and built-in USB port make it practical too.",
            "{brand} includes an energy-saving LED bulb.",
        ),
    ),
    ProductType(
        type="candles",
        brands=_list("Wick & Ember, Hearth & Oak, Quiet Meadow, Stillwater Candle Co"),
        models=_list("Cozy, Woodland, Coastal, Harvest, Garden, Evening, Hearthside, Morning"),
        nouns=_list("Scented Candle, Soy Candle"),
        dims=(CANDLE_SCENT, CANDLE_SIZE),
        price=(12, 45),
        tags=_list("soy, hand poured, gift, long burning"),
        blurbs=(
            "A hand-poured soy candle with a cotton wick and a clean, even burn.",
            "It burns for up to 60 hours.",
            "{brand} pours every candle in small batches.",
        ),
    ),
    # kitchen
    ProductType(
        type="coffee makers",
        brands=_list("Brewmaster, Kettle & Crumb, Morningside, Steamline"),
        models=_list(
            "12-Cup, Single Serve, Pour-Over, Programmable, Thermal, Drip, Compact 5-Cup, Cold Brew"
        ),
        nouns=_list("Coffee Maker"),
        dims=(APPLIANCE_COLOR,),
        price=(30, 250),
        tags=_list("programmable, thermal carafe, single serve, auto shutoff"),
        blurbs=(
            "A coffee maker that brews a full pot of hot coffee in under ten minutes.",
            "Set it the night before and wake up to fresh coffee.",
            "{brand} adds an auto shutoff after two hours for peace of mind.",
        ),
    ),
    ProductType(
        type="blenders",
        brands=_list("Kettle & Crumb, Vortex Kitchen, Steamline, Morningside"),
        models=_list("Personal, High-Speed, Smoothie, Pro 1200, Compact, Immersion, Power, Quiet"),
        nouns=_list("Blender"),
        dims=(APPLIANCE_COLOR,),
        price=(30, 400),
        tags=_list("bpa free, dishwasher safe, smoothies, crushes ice"),
        blurbs=(
            "A powerful blender that turns frozen fruit into smooth drinks in seconds.",
            "The jar and blades go straight into the dishwasher.",
            "{brand} stainless blades crush ice with ease.",
        ),
    ),
    ProductType(
        type="skillets",
        brands=_list("Kettle & Crumb, Forgewell, Copperline, Hearth & Oak"),
        models=_list(
            "Cast Iron, Stainless, Nonstick, Carbon Steel, Ceramic, Tri-Ply, Everyday, Chef's"
        ),
        nouns=_list("Skillet, Frying Pan"),
        dims=(SKILLET_SIZE, SKILLET_LID),
        price=(20, 150),
        tags=_list("induction ready, oven safe, dishwasher safe, pfoa free"),
        blurbs=(
            "A sturdy pan that heats evenly for searing, sauteing and frying eggs.",
            "It is oven safe to 500 degrees and works on induction.",
            "{brand} cookware is built to last for decades.",
        ),
    ),
    ProductType(
        type="water bottles",
        brands=_list("Northpeak, Hydrocrest, Trailmate, Kettle & Crumb"),
        models=_list("Insulated, Summit, Trail, Everyday, Sport, Wide Mouth, Straw Lid, Chug"),
        nouns=_list("Water Bottle, Tumbler"),
        dims=(BOTTLE_CAPACITY, BOTTLE_COLOR),
        price=(15, 50),
        tags=_list("insulated, bpa free, leak proof, dishwasher safe"),
        blurbs=(
            "A double-wall stainless bottle that keeps drinks cold for 24 hours.",
            "The leak-proof lid makes it safe to toss in a bag.",
            "{brand} uses a powder coat that will not sweat or slip.",
        ),
    ),
    # clothing
    ProductType(
        type="t-shirts",
        brands=_list("Threadline, Basecamp Apparel, Cotton Row, Northpeak"),
        models=_list(
            "Classic Crew, V-Neck, Pocket, Heavyweight, Organic Cotton, Performance, Slub, "
            "Vintage Wash"
        ),
        nouns=_list("T-Shirt, Tee"),
        dims=(APPAREL_SIZE, APPAREL_COLOR),
        price=(12, 40),
        tags=_list("organic, cotton, moisture wicking, unisex"),
        blurbs=(
            "A soft, breathable tee with a relaxed fit that holds its shape.",
            "Pre-shrunk, so it fits the same after every wash.",
            "{brand} cuts it in a unisex fit.",
        ),
    ),
    ProductType(
        type="hoodies",
        brands=_list("Threadline, Basecamp Apparel, Cotton Row, Northpeak"),
        models=_list(
            "Fleece, Zip-Up, Pullover, Heavyweight, Sherpa-Lined, Lightweight, Tech, Campus"
        ),
        nouns=_list("Hoodie, Hooded Sweatshirt"),
        dims=(APPAREL_SIZE, APPAREL_COLOR),
        price=(30, 90),
        tags=_list("fleece, cotton, unisex, warm"),
        blurbs=(
            "A cozy hoodie with a brushed fleece lining and a roomy front pocket.",
            "Ribbed cuffs keep out the chill.",
            "{brand} uses a cotton blend that resists pilling.",
        ),
    ),
    ProductType(
        type="jeans",
        brands=_list("Indigo & Iron, Cotton Row, Rivet Supply, Basecamp Apparel"),
        models=_list(
            "Slim Fit, Straight Leg, Relaxed Fit, Bootcut, Skinny, Athletic Fit, Tapered, Carpenter"
        ),
        nouns=_list("Jeans"),
        dims=(JEANS_WAIST, JEANS_LENGTH, DENIM_WASH),
        price=(35, 120),
        tags=_list("stretch, cotton, organic, classic"),
        blurbs=(
            "Five-pocket jeans in a stretch denim that moves with you.",
            "They sit at the waist and keep their color wash after wash.",
            "{brand} reinforces every stress point with copper rivets.",
        ),
    ),
    ProductType(
        type="rain jackets",
        brands=_list("Northpeak, Stormline, Basecamp Apparel, Trailmate"),
        models=_list("Packable, Storm, Trail, Commuter, Alpine, Featherweight, 3-Layer, Insulated"),
        nouns=_list("Rain Jacket, Rain Shell"),
        dims=(APPAREL_SIZE, OUTERWEAR_COLOR),
        price=(60, 280),
        tags=_list("waterproof, packable, breathable, outdoor"),
        blurbs=(
            "A waterproof, breathable jacket with fully taped seams.",
            "It packs into its own pocket for travel.",
            "{brand} adds an adjustable hood that stays put in the wind.",
        ),
    ),
    # shoes
    ProductType(
        type="running shoes",
        brands=_list("Acme, Stridewell, Pacewise, Northpeak"),
        models=_list("Trail, Road, Tempo, Cloud, Ultra, Swift, Daily, Marathon"),
        nouns=_list("Running Shoe, Trainer"),
        dims=(SHOE_SIZE, SHOE_WIDTH, SHOE_COLOR),
        price=(60, 180),
        tags=_list("trail, cushioned, lightweight, waterproof"),
        blurbs=(
            "A lightweight running shoe with a cushioned midsole for everyday miles.",
            "The grippy outsole holds on wet pavement and packed trails.",
            "{brand} builds it with a breathable mesh upper.",
        ),
    ),
    ProductType(
        type="hiking boots",
        brands=_list("Northpeak, Ridgeline, Acme, Stridewell"),
        models=_list("Summit, Canyon, Ridge, Timber, Alpine, Trailhead, Backcountry, Scout"),
        nouns=_list("Hiking Boot, Mid Hiking Boot"),
        dims=(SHOE_SIZE, SHOE_WIDTH, BOOT_COLOR),
        price=(90, 250),
        tags=_list("waterproof, outdoor, insulated, ankle support"),
        blurbs=(
            "A waterproof hiking boot with firm ankle support for rocky trails.",
            "The lugged rubber sole grips on mud and loose gravel.",
            "{brand} boots need almost no break-in time.",
        ),
    ),
    ProductType(
        type="sandals",
        brands=_list("Acme, Tidewalker, Ridgeline, Sunstep"),
        models=_list("Sport, Slide, River, Cork, Recovery, Flip, Strappy, Beach"),
        nouns=_list("Sandal"),
        dims=(SHOE_SIZE, SANDAL_COLOR),
        price=(25, 120),
        tags=_list("water friendly, arch support, vegan, summer"),
        blurbs=(
            "A comfortable sandal with a contoured footbed and real arch support.",
            "Quick-drying straps make it ready for rivers and beaches.",
            "{brand} makes it without any animal materials.",
        ),
    ),
    # toys
    ProductType(
        type="building sets",
        brands=_list("Brickwell, Blockhaus, Tinker Town, Buildsmith"),
        models=_list(
            "Space Station, Fire Station, Castle, Race Car, Pirate Ship, City Bus, "
            "Dinosaur Park, Treehouse"
        ),
        nouns=_list("Building Set, Building Kit"),
        dims=(),
        price=(15, 150),
        tags=_list("kids, stem, ages 6+, gift"),
        blurbs=(
            "A building set with hundreds of colorful bricks and picture instructions.",
            "It works with every other {brand} set.",
            "Great for building fine motor skills and patience.",
        ),
    ),
    ProductType(
        type="plush toys",
        brands=_list("Cuddle Co, Snugglebug, Tinker Town, Fluffkin"),
        models=_list(
            "Cuddle Buddy, Sleepytime, Jumbo, Pocket Pal, Classic, Weighted, Snuggle, Storytime"
        ),
        nouns=_list("Plush, Stuffed Animal"),
        dims=(PLUSH_ANIMAL, PLUSH_SIZE),
        price=(10, 60),
        tags=_list("kids, baby safe, gift, machine washable"),
        blurbs=(
            "A huggable plush made from extra-soft, baby-safe fabric.",
            "It is machine washable for easy cleanup.",
            "{brand} stitches the eyes so there are no small parts.",
        ),
    ),
    ProductType(
        type="jigsaw puzzles",
        brands=_list("Puzzlewood, Tinker Town, Quietpiece, Mosaic Games"),
        models=_list(
            "Mountain Lake, Vintage Map, Garden Party, Night Sky, Bookshop, Lighthouse, "
            "Farmers Market, Coral Reef, City Lights"
        ),
        nouns=_list("Jigsaw Puzzle"),
        dims=(PUZZLE_PIECES,),
        price=(12, 40),
        tags=_list("family, adults, gift, kids"),
        blurbs=(
            "A jigsaw puzzle with thick, snug-fitting pieces and a glare-free finish.",
            "A poster of the picture is included in the box.",
            "{brand} cuts every piece in a unique shape.",
        ),
    ),
    ProductType(
        type="board games",
        brands=_list("Mosaic Games, Tinker Town, Hex & Dice, Tabletop Co"),
        models=_list(
            "Harbor Masters, Dragon Dash, Word Weavers, Castle Clash, Treasure Trail, "
            "Space Traders, Garden Guardians, Mystery Manor, Llama Drama, Pirate Cove"
        ),
        nouns=_list("Board Game, Family Game, Strategy Game"),
        dims=(),
        price=(15, 70),
        tags=_list("family, strategy, kids, party"),
        blurbs=(
            "A board game for 2 to 6 players that takes about 45 minutes to play.",
            "Easy to learn, with enough strategy to keep adults interested.",
            "{brand} includes a quick-start guide so you can play in minutes.",
        ),
        pattern="{model} {noun}",
    ),
    # grocery
    ProductType(
        type="coffee beans",
        brands=_list("Brewmaster, Highland Roasters, Morning Ritual, Copper Kettle"),
        models=_list(
            "House Blend, Breakfast Blend, Colombian, Ethiopian, Guatemalan, Sumatra, "
            "Espresso Blend, Decaf"
        ),
        nouns=_list("Coffee"),
        dims=(BEAN_ROAST, BEAN_GRIND, BAG_SIZE),
        price=(8, 30),
        tags=_list("organic, fair trade, single origin, decaf"),
        blurbs=(
            "Freshly roasted coffee with notes of chocolate and toasted nuts.",
            "Roasted in small batches and sealed within hours.",
            "{brand} buys its beans directly from farmers.",
        ),
    ),
    ProductType(
        type="tea",
        brands=_list("Meadowbrook, Steep & Co, Highland Tea Co, Cloud Garden"),
        models=_list("Organic, Classic, Reserve, Everyday, Wellness, Estate, Signature, Premium"),
        nouns=_list("Tea, Tea Bags"),
        dims=(TEA_FLAVOR, TEA_COUNT),
        price=(4, 18),
        tags=_list("organic, caffeine free, fair trade, loose leaf"),
        blurbs=(
            "Whole-leaf tea in plant-based bags that brew a full-flavored cup.",
            "Steep for three to five minutes in freshly boiled water.",
            "{brand} sources its tea from family-run gardens.",
        ),
    ),
    ProductType(
        type="snack bars",
        brands=_list("Meadowbrook, Trailmix Co, Good Crunch, Peak Fuel"),
        models=_list("Protein, Granola, Oat, Nut, Fruit & Nut, Chewy, Keto, Kids"),
        nouns=_list("Bars, Snack Bars"),
        dims=(BAR_FLAVOR, BAR_PACK),
        price=(5, 30),
        tags=_list("gluten free, organic, high protein, vegan"),
        blurbs=(
            "Chewy snack bars made with whole grains and real fruit.",
            "Each bar has 10 grams of protein and no artificial sweeteners.",
            "{brand} bars are made in a nut-aware facility.",
        ),
    ),
    # beauty
    ProductType(
        type="shampoo",
        brands=_list("Willow & Sage, Pureleaf, Silkroot, Dewdrop Naturals"),
        models=_list(
            "Argan Oil, Tea Tree, Coconut, Rosemary Mint, Oat Milk, Charcoal, Lavender, Citrus"
        ),
        nouns=_list("Shampoo"),
        dims=(SHAMPOO_FORMULA, SHAMPOO_SIZE),
        price=(6, 30),
        tags=_list("sulfate free, vegan, cruelty free, color safe"),
        blurbs=(
            "A gentle, sulfate-free shampoo that cleans without stripping natural oils.",
            "Safe for color-treated hair.",
            "{brand} never tests on animals.",
        ),
    ),
    ProductType(
        type="lipstick",
        brands=_list("Velvet & Vine, Bloomhaus, Silkroot, Rouge Atelier"),
        models=_list("Matte, Satin, Velvet, Long-Wear, Sheer, Cream, Liquid, Hydrating"),
        nouns=_list("Lipstick"),
        dims=(LIP_SHADE,),
        price=(8, 38),
        tags=_list("vegan, long lasting, cruelty free, matte"),
        blurbs=(
            "A richly pigmented lipstick that glides on in a single stroke.",
            "It lasts up to eight hours without drying your lips.",
            "{brand} blends it with shea butter and vitamin E.",
        ),
    ),
    ProductType(
        type="sunscreen",
        brands=_list("Sunward, Dewdrop Naturals, Pureleaf, Coastline Care"),
        models=_list("Sport, Mineral, Daily, Kids, Face, Clear Zinc, Ultra Sheer, Reef-Safe"),
        nouns=_list("Sunscreen Lotion, Sunscreen"),
        dims=(SPF, SUNSCREEN_SIZE),
        price=(8, 30),
        tags=_list("reef safe, water resistant, mineral, kids"),
        blurbs=(
            "A broad-spectrum sunscreen that rubs in clear and never feels greasy.",
            "Water resistant for up to 80 minutes.",
            "{brand} leaves out oxybenzone and octinoxate.",
        ),
    ),
    # sports
    ProductType(
        type="yoga mats",
        brands=_list("Zenflow, Lotus Line, Pacewise, Groundwork"),
        models=_list("Eco, Grip, Travel, Cushion, Studio, Cork, Alignment, Pro"),
        nouns=_list("Yoga Mat"),
        dims=(MAT_THICKNESS, MAT_COLOR),
        price=(20, 120),
        tags=_list("non slip, eco friendly, lightweight, fitness"),
        blurbs=(
            "A non-slip yoga mat with a cushioned surface that is kind to your knees.",
            "Alignment lines help you set up every pose.",
            "{brand} makes it from natural rubber without PVC.",
        ),
    ),
    ProductType(
        type="dumbbells",
        brands=_list("Ironside, Groundwork, Pacewise, Forge Fitness"),
        models=_list("Hex, Neoprene, Rubber, Chrome, Cast Iron, Urethane, Soft Grip, Vinyl"),
        nouns=_list("Dumbbell Pair, Dumbbells"),
        dims=(DUMBBELL_WEIGHT,),
        price=(10, 120),
        tags=_list("home gym, strength, fitness, non slip"),
        blurbs=(
            "A pair of dumbbells with a knurled, comfortable grip.",
            "The hex ends stop them from rolling away.",
            "{brand} coats them to protect your floors.",
        ),
    ),
    ProductType(
        type="camping tents",
        brands=_list("Northpeak, Trailmate, Ridgeline, Campfire Co"),
        models=_list(
            "Backpacking, Dome, Cabin, Instant, Ultralight, Basecamp, Family, Four-Season"
        ),
        nouns=_list("Tent"),
        dims=(TENT_CAPACITY, TENT_COLOR),
        price=(60, 450),
        tags=_list("waterproof, outdoor, easy setup, lightweight"),
        blurbs=(
            "A freestanding tent that one person can pitch in under ten minutes.",
            "The full rainfly and taped floor keep you dry in a storm.",
            "{brand} includes stakes, guylines and a carry bag.",
        ),
    ),
    # office
    ProductType(
        type="notebooks",
        brands=_list("Paperline, Inkwell, Fieldbook, Quire & Co"),
        models=_list("Hardcover, Spiral, Softcover, Leather, Pocket, Classic, Recycled, Project"),
        nouns=_list("Notebook, Journal"),
        dims=(NOTEBOOK_PAPER, NOTEBOOK_SIZE),
        price=(6, 30),
        tags=_list("recycled, school, fountain pen friendly, gift"),
        blurbs=(
            "A lay-flat notebook with 192 pages of thick, bleed-resistant paper.",
            "It has numbered pages, an index and a ribbon bookmark.",
            "{brand} paper handles fountain pens without feathering.",
        ),
    ),
    ProductType(
        type="office chairs",
        brands=_list("Deskwise, Ergoline, Workhaus, Sitwell"),
        models=_list("Ergonomic, Mesh, Executive, Task, Drafting, High-Back, Compact, Gaming"),
        nouns=_list("Office Chair, Desk Chair"),
        dims=(CHAIR_COLOR, CHAIR_ARMS),
        price=(90, 600),
        tags=_list("ergonomic, lumbar support, adjustable, work from home"),
        blurbs=(
            "An ergonomic chair with adjustable lumbar support and a breathable back.",
            "Seat height, tilt and tension all adjust to fit you.",
            "{brand} rates it for eight-hour days and 275 pounds.",
        ),
    ),
    ProductType(
        type="backpacks",
        brands=_list("Northpeak, Trailmate, Fieldbook, Transit Goods"),
        models=_list("Daypack, Commuter, Laptop, Rolltop, Travel, School, Hiking, Everyday"),
        nouns=_list("Backpack"),
        dims=(PACK_CAPACITY, PACK_COLOR),
        price=(35, 180),
        tags=_list("laptop sleeve, water resistant, travel, school"),
        blurbs=(
            "A water-resistant backpack with a padded sleeve for a 16-inch laptop.",
            "Padded straps and a breathable back panel keep it comfortable all day.",
            "{brand} guarantees the zippers for life.",
        ),
    ),
    # garden
    ProductType(
        type="garden hoses",
        brands=_list("Fernwood, Greenthumb Co, Rainbarrel, Yardcraft"),
        models=_list(
            "Expandable, Heavy Duty, Lightweight, Flexible, Kink-Free, Rubber, Hybrid, Soaker"
        ),
        nouns=_list("Garden Hose"),
        dims=(HOSE_LENGTH, HOSE_COLOR),
        price=(20, 90),
        tags=_list("kink free, drinking water safe, lightweight, outdoor"),
        blurbs=(
            "A flexible garden hose that will not kink, crack or tangle.",
            "Crush-proof brass fittings seal tight without leaks.",
            "{brand} makes it drinking water safe.",
        ),
    ),
    ProductType(
        type="planters",
        brands=_list("Fernwood, Terrabloom, Greenthumb Co, Hearth & Oak"),
        models=_list(
            "Ceramic, Self-Watering, Terracotta, Hanging, Raised, Concrete, Woven, Window Box"
        ),
        nouns=_list("Planter, Plant Pot"),
        dims=(PLANTER_SIZE, PLANTER_COLOR),
        price=(12, 90),
        tags=_list("drainage hole, indoor, outdoor, frost resistant"),
        blurbs=(
            "A planter with a drainage hole and a saucer to catch extra water.",
            "It works indoors and out and resists frost.",
            "{brand} glazes each pot by hand.",
        ),
    ),
    # pets
    ProductType(
        type="dog food",
        brands=_list("Barkley & Co, Happy Paws, Wildtrail Pet, Meadowbrook"),
        models=_list(
            "Grain-Free, Puppy, Senior, Adult, Healthy Weight, Small Breed, Large Breed, "
            "High Protein"
        ),
        nouns=_list("Dry Dog Food, Dog Food"),
        dims=(DOG_FLAVOR, DOG_BAG),
        price=(15, 80),
        tags=_list("grain free, natural, high protein, puppy"),
        blurbs=(
            "Dry dog food with real meat as the first ingredient.",
            "No corn, wheat, soy or artificial preservatives.",
            "{brand} adds omega fatty acids for a healthy coat.",
        ),
    ),
    ProductType(
        type="dog beds",
        brands=_list("Barkley & Co, Happy Paws, Snoozy Pup, Hearth & Oak"),
        models=_list("Orthopedic, Bolster, Donut, Cooling, Memory Foam, Elevated, Cave, Washable"),
        nouns=_list("Dog Bed, Pet Bed"),
        dims=(PET_SIZE, PET_BED_COLOR),
        price=(25, 160),
        tags=_list("orthopedic, machine washable, calming, chew resistant"),
        blurbs=(
            "A supportive dog bed with raised sides for dogs who love to curl up.",
            "The cover zips off and goes in the washing machine.",
            "{brand} uses a non-slip bottom that stays put on hard floors.",
        ),
    ),
    # books
    ProductType(
        type="novels",
        brands=_list(
            "Lanternlight Press, Harbor House Books, Blue Heron Press, Willowbrook Publishing"
        ),
        models=_list(
            "The Quiet, The Last, The Hidden, Beyond the, The Winter, A Distant, "
            "The Silver, Under the, The Lost, After the"
        ),
        nouns=_list(
            "Harbor, Orchard, Lighthouse, Garden, River, Kingdom, Storm, Mountain, Summer, Island"
        ),
        dims=(BOOK_FORMAT,),
        price=(10, 30),
        tags=_list("bestseller, fiction, book club, mystery"),
        blurbs=(
            "A gripping novel that readers call impossible to put down.",
            "A book club favorite, with discussion questions at the end.",
            "Published by {brand}.",
        ),
        pattern="{model} {noun}",
    ),
    ProductType(
        type="cookbooks",
        brands=_list("Harbor House Books, Kitchen Table Press, Blue Heron Press, Saltbox Books"),
        models=_list(
            "Weeknight, Sheet Pan, Slow Cooker, Plant-Based, Sunday, One-Pot, Farmhouse, "
            "Five-Ingredient, Family Table, Skillet"
        ),
        nouns=_list("Dinners, Suppers, Baking, Kitchen"),
        dims=(BOOK_FORMAT,),
        price=(15, 40),
        tags=_list("vegetarian, quick meals, baking, family"),
        blurbs=(
            "A cookbook of more than 100 tested recipes with a photo for every dish.",
            "Most recipes take 30 minutes or less on a weeknight.",
            "Published by {brand}.",
        ),
        pattern="The {model} {noun} Cookbook",
    ),
    # tools
    ProductType(
        type="cordless drills",
        brands=_list("Acme, Boltworks, Torqline, Ironside"),
        models=_list("20V, 12V, Brushless 20V, Compact, Heavy Duty, Hammer, Contractor, Max"),
        nouns=_list("Cordless Drill, Drill Driver"),
        dims=(DRILL_KIT,),
        price=(50, 250),
        tags=_list("cordless, brushless, led light, home improvement"),
        blurbs=(
            "A cordless drill with two speeds and a half-inch keyless chuck.",
            "The built-in LED lights up dark corners.",
            "{brand} batteries fit every tool in the lineup.",
        ),
    ),
    ProductType(
        type="socket sets",
        brands=_list("Boltworks, Torqline, Acme, Ironside"),
        models=_list("Mechanics, Metric, SAE, Ratcheting, Pro, Compact, Master, Impact"),
        nouns=_list("Socket Set"),
        dims=(SOCKET_PIECES,),
        price=(25, 200),
        tags=_list("chrome vanadium, lifetime warranty, metric, storage case"),
        blurbs=(
            "A chrome vanadium socket set with a 72-tooth ratchet and a sturdy case.",
            "Sizes are laser etched so they are easy to read.",
            "{brand} replaces any broken piece for life.",
        ),
    ),
)


@dataclass(frozen=True)
class MadeToOrder:
    """A configurable product: no variants, one price for any combination of options."""

    name: str
    type: str
    brand: str
    description: str
    tags: tuple[str, ...]
    dims: tuple[Dimension, ...]
    price_cents: int


_COFFEE = (DRINK_SIZE, DRINK_ROAST, MILK)
MADE_TO_ORDER: tuple[MadeToOrder, ...] = (
    MadeToOrder(
        "Latte",
        "coffee drinks",
        "Corner Cup",
        "Espresso with steamed milk and a thin layer of foam, made when you order it.",
        ("coffee", "hot drink", "made to order"),
        _COFFEE,
        450,
    ),
    MadeToOrder(
        "Cappuccino",
        "coffee drinks",
        "Corner Cup",
        "Espresso topped with equal parts steamed milk and thick foam.",
        ("coffee", "hot drink", "made to order"),
        _COFFEE,
        425,
    ),
    MadeToOrder(
        "Mocha",
        "coffee drinks",
        "Corner Cup",
        "Espresso, dark chocolate and steamed milk. Rich without being too sweet.",
        ("coffee", "hot drink", "made to order"),
        _COFFEE,
        495,
    ),
    MadeToOrder(
        "Iced Mocha",
        "coffee drinks",
        "Corner Cup",
        "Espresso and dark chocolate shaken with cold milk over ice.",
        ("coffee", "iced", "made to order"),
        _COFFEE,
        525,
    ),
    MadeToOrder(
        "Cold Brew",
        "coffee drinks",
        "Corner Cup",
        "Coffee steeped cold for 18 hours for a smooth, low-acid cup. Served over ice.",
        ("coffee", "iced", "made to order"),
        (DRINK_SIZE, DRINK_ROAST, COLD_BREW_MILK),
        475,
    ),
    MadeToOrder(
        "Americano",
        "coffee drinks",
        "Corner Cup",
        "Two shots of espresso topped with hot water.",
        ("coffee", "hot drink", "made to order"),
        (DRINK_SIZE, DRINK_ROAST),
        350,
    ),
    MadeToOrder(
        "Flat White",
        "coffee drinks",
        "Corner Cup",
        "A double ristretto with a thin layer of velvety steamed milk.",
        ("coffee", "hot drink", "made to order"),
        _COFFEE,
        465,
    ),
    MadeToOrder(
        "Chai Latte",
        "coffee drinks",
        "Corner Cup",
        "Black tea brewed with cinnamon, cardamom and ginger, mixed with steamed milk.",
        ("tea", "hot drink", "made to order"),
        (DRINK_SIZE, MILK),
        475,
    ),
    MadeToOrder(
        "Custom T-Shirt",
        "custom apparel",
        "Threadline",
        "A soft cotton tee printed with the design you choose. Printed and shipped in 3 days.",
        ("custom", "cotton", "gift"),
        (APPAREL_SIZE, TEE_COLOR, TEE_PRINT),
        2400,
    ),
    MadeToOrder(
        "Build-Your-Own Pizza",
        "pizza",
        "Slice Society",
        "A stone-baked pizza with your choice of size, crust and topping.",
        ("made to order", "delivery", "family"),
        (PIZZA_SIZE, CRUST, TOPPING),
        1400,
    ),
    MadeToOrder(
        "Build-Your-Own Burrito Bowl",
        "burrito bowls",
        "Verde Kitchen",
        "A hearty bowl with your choice of base, protein and salsa, topped with fresh pico.",
        ("made to order", "gluten free", "lunch"),
        (BOWL_BASE, PROTEIN, SALSA),
        1150,
    ),
    MadeToOrder(
        "Custom Photo Mug",
        "custom gifts",
        "Printcraft",
        "A ceramic mug printed with your photos. Dishwasher and microwave safe.",
        ("custom", "gift", "dishwasher safe"),
        (MUG_SIZE, MUG_COLOR, MUG_DESIGN),
        1600,
    ),
)
MADE_TO_ORDER_EVERY = 100
"""One made-to-order product per this many products, up to all of `MADE_TO_ORDER`."""

# --- shoppers --------------------------------------------------------------------------------

PEOPLE: JSON = json.loads(
    resources.files("shoptalk.commerce.data").joinpath("people.json").read_text()
)
"""Shoppers' names and US addresses, kept as data: the demo's shoppers are made of them, and so
are the stand-in shoppers a store with none trains its understanding model on."""
FIRST_NAMES: tuple[str, ...] = tuple(PEOPLE["first_names"])
LAST_NAMES: tuple[str, ...] = tuple(PEOPLE["last_names"])
NAMESAKE_SHARE = 0.02
"""Share of shoppers named exactly like an earlier one (told apart by their zip code)."""

CITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (c["city"], c["state"], tuple(c["zips"])) for c in PEOPLE["cities"]
)
STREETS: tuple[str, ...] = tuple(PEOPLE["streets"])
UNITS: tuple[str, ...] = tuple(PEOPLE["units"])
CARD_BRANDS = ("visa", "mastercard", "amex", "discover")
CARD_WEIGHTS = (45, 30, 15, 10)
GIFT_CARD_MAX_CENTS = 50_000

# --- orders ----------------------------------------------------------------------------------

STATUS_WEIGHTS = {
    "pending": 16,
    "processed": 18,
    "delivered": 34,
    "cancelled": 8,
    "pending (item modified)": 8,
    "return requested": 8,
    "exchange requested": 8,
}
SHIPPED = ("processed", "delivered", "return requested", "exchange requested")
CANCEL_REASONS = ("no longer needed", "ordered by mistake")
ITEM_COUNTS = (1, 2, 3, 4, 5)
ITEM_COUNT_WEIGHTS = (40, 27, 17, 10, 6)
TRACKING_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

POLICIES = {
    "returns": (
        "Most items can be returned within 30 days of delivery for a full refund. Items must "
        "be unused and in their original packaging. Opened beauty and grocery products, custom "
        "items and made-to-order food and drinks cannot be returned. Start a return from your "
        "order and we email you a prepaid return label."
    ),
    "refunds": (
        "Refunds go back to the original payment method, or to a gift card if you prefer. Once "
        "we receive a return, card and PayPal refunds arrive within 5 to 7 business days. Gift "
        "card refunds are available right away. Shipping charges are refunded only when an item "
        "arrived damaged or wrong."
    ),
    "shipping": (
        "Standard shipping is free on orders over $35 and costs $5.99 otherwise. Standard "
        "orders arrive in 3 to 5 business days, and expedited shipping takes 1 to 2 business "
        "days for $14.99. We ship to addresses in the USA and Canada only. Every shipment gets "
        "a tracking number by email."
    ),
    "payment methods": (
        "We accept Visa, Mastercard, American Express and Discover credit cards, PayPal and "
        "ShopTalk gift cards. An order is paid with one payment method, and a gift card can pay "
        "only when its balance covers the full amount. Later price differences from changes or "
        "exchanges can be settled with any of your saved payment methods."
    ),
    "cancellation": (
        "You can cancel an order only while it is still pending. Once an order has been "
        "processed for shipping it can no longer be cancelled, but you can return it after "
        "delivery. Cancelled orders are refunded in full to the original payment method within "
        "5 to 7 business days. Tell us whether the order is no longer needed or was ordered by "
        "mistake."
    ),
    "exchanges": (
        "Delivered items can be exchanged within 30 days for another option of the same "
        "product, such as a different size or color. The new item must be in stock. If it costs "
        "more you pay the difference, and if it costs less we refund the difference. Each order "
        "can have one exchange request."
    ),
    "warranty": (
        "Electronics come with a 1-year limited warranty from the delivery date that covers "
        "defects in materials and workmanship. Power tools carry a 2-year warranty. Accidental "
        "damage, water damage and normal wear are not covered. Contact us with your order number "
        "to start a warranty claim."
    ),
    "price match": (
        "If we lower the price of an item within 14 days of your purchase, we refund the "
        "difference. We also match the advertised price of major US retailers on identical, "
        "in-stock items. Price matching excludes marketplace sellers, clearance and flash sales."
    ),
    "gift cards": (
        "ShopTalk gift cards come in amounts from $10 to $500 and never expire. They can pay "
        "for anything in the store, including drinks and custom items. Gift cards cannot be "
        "exchanged for cash except where the law requires it. Ask the assistant for your "
        "balance at any time."
    ),
    "order changes": (
        "While an order is pending you can swap an item for another option of the same "
        "product, such as a different size or color. If the new total is higher we charge the "
        "difference, and if it is lower we refund it. You can also change the shipping address "
        "while the order is pending. Orders are usually processed within 24 hours, and processed "
        "orders can no longer be changed."
    ),
}


# --- the generator ---------------------------------------------------------------------------


def generate_snapshot(
    seed: int = 7,
    products: int = 1200,
    users: int = 250,
    orders: int = 1500,
    variants_per_product: float = 3.0,
) -> dict[str, Any]:
    """A whole store; the variant total is `round(products * variants_per_product)`.

    Made-to-order products (one per 100 products, at most 12) have no variants, so the
    total is spread over the others.
    """
    rng = random.Random(seed)
    catalog = _catalog(rng, products, round(products * variants_per_product))
    shoppers = generate_users(rng, users)
    return {
        "format": FORMAT,
        "store": _store(),
        "products": catalog,
        "users": shoppers,
        "orders": _orders(_Context(rng, catalog), shoppers, orders),
    }


def demo_snapshot() -> dict[str, Any]:
    """The store `make demo` serves: fixed, so demos and docs can name its products."""
    return generate_snapshot()


def _store() -> JSON:
    policies = [{"topic": topic, "text": text} for topic, text in POLICIES.items()]
    return {"name": STORE_NAME, "currency": "USD", "policies": policies}


def _money(cents: float) -> float:
    return round(cents / 100, 2)


def _cents(amount: float) -> int:
    return round(amount * 100)


# --- products --------------------------------------------------------------------------------


def _catalog(rng: random.Random, count: int, variant_total: int) -> list[JSON]:
    made_to_order = min(len(MADE_TO_ORDER), count // MADE_TO_ORDER_EVERY)
    kinds = _deal_types(rng, count - made_to_order)
    sizes = _plan_variant_counts(rng, [_capacity(kind) for kind in kinds], variant_total)
    custom_at = set(rng.sample(range(count), made_to_order))
    regular, custom = iter(zip(kinds, sizes, strict=True)), iter(MADE_TO_ORDER)
    names = {kind.type: _names(rng, kind) for kind in PRODUCT_TYPES}
    serials = itertools.count(10_001)
    catalog: list[JSON] = []
    for position in range(count):
        pid = f"p-{1001 + position}"
        if position in custom_at:
            catalog.append(_made_to_order(pid, next(custom)))
        else:
            kind, size = next(regular)
            catalog.append(_product(rng, pid, kind, size, names[kind.type], serials))
    return catalog


def _deal_types(rng: random.Random, count: int) -> list[ProductType]:
    """Every type gets its share, so even a small store shows the whole range."""
    kinds = [PRODUCT_TYPES[i % len(PRODUCT_TYPES)] for i in range(count)]
    rng.shuffle(kinds)
    return kinds


def _capacity(kind: ProductType) -> int:
    return math.prod(len(dim.values) for dim in kind.dims)


def _plan_variant_counts(rng: random.Random, caps: list[int], total: int) -> list[int]:
    """Vary variant counts per product yet hit `total` exactly, when the caps allow it."""
    if not caps:
        return []
    mean = total / len(caps)
    counts = [min(cap, max(1, round(mean * rng.uniform(0.3, 1.7)))) for cap in caps]
    order = list(range(len(caps)))
    rng.shuffle(order)
    missing = total - sum(counts)
    while missing and _nudge(counts, caps, order, missing):
        missing = total - sum(counts)
    return counts


def _nudge(counts: list[int], caps: list[int], order: list[int], missing: int) -> bool:
    """Move counts one step towards the total, once per product; False when none can move."""
    step = 1 if missing > 0 else -1
    moved = 0
    for i in order:
        if moved == abs(missing):
            break
        if 1 <= counts[i] + step <= caps[i]:
            counts[i] += step
            moved += 1
    return moved > 0


def _names(rng: random.Random, kind: ProductType) -> Iterator[tuple[str, str]]:
    """Deal (brand, name) pairs from a shuffled deck: names repeat only once it runs out.

    The brand is "" when the name does not contain it (books, board games).
    """
    brands = kind.brands if "{brand}" in kind.pattern else ("",)
    deck = [
        (brand, kind.pattern.format(brand=brand, model=model, noun=noun))
        for brand in brands
        for model in kind.models
        for noun in kind.nouns
    ]
    while True:
        rng.shuffle(deck)
        yield from deck


def _product(
    rng: random.Random,
    pid: str,
    kind: ProductType,
    size: int,
    names: Iterator[tuple[str, str]],
    serials: Iterator[int],
) -> JSON:
    brand, name = next(names)
    brand = brand or rng.choice(kind.brands)
    dims, combos = _combinations(rng, kind.dims, size)
    base = _base_price(rng, kind)
    chosen = [dim for dim, _ in dims]
    return {
        "id": pid,
        "name": name,
        "type": kind.type,
        "brand": brand,
        "description": _describe(rng, kind.blurbs, brand),
        "tags": _tags(rng, kind.tags),
        "options": _options(dims),
        "variants": [_variant(rng, next(serials), chosen, combo, base) for combo in combos],
    }


def _made_to_order(pid: str, spec: MadeToOrder) -> JSON:
    """Options go in name order: an item's id lists the values in option order, and export
    sorts keys, so only name order gives the same id before and after a round trip."""
    dims = [(dim, range(len(dim.values))) for dim in sorted(spec.dims, key=lambda d: d.name)]
    return {
        "id": pid,
        "name": spec.name,
        "type": spec.type,
        "brand": spec.brand,
        "description": spec.description,
        "tags": list(spec.tags),
        "options": _options(dims),
        "variants": [],
        "price": _money(spec.price_cents),
    }


Chosen = list[tuple[Dimension, Sequence[int]]]
"""The option dimensions a product varies in, each with the positions of the values it uses."""


def _combinations(
    rng: random.Random, dims: tuple[Dimension, ...], size: int
) -> tuple[Chosen, list[tuple[int, ...]]]:
    """`size` distinct option combinations; dimensions left with one value are dropped."""
    grid = list(itertools.product(*_grid(rng, dims, size)))
    picked = [grid[i] for i in sorted(rng.sample(range(len(grid)), size))]
    used = [sorted({combo[d] for combo in picked}) for d in range(len(dims))]
    keep = [d for d in range(len(dims)) if len(used[d]) > 1]
    chosen: Chosen = [(dims[d], used[d]) for d in keep]
    return chosen, [tuple(combo[d] for d in keep) for combo in picked]


def _grid(rng: random.Random, dims: tuple[Dimension, ...], size: int) -> list[list[int]]:
    """Values per dimension whose cross product holds at least `size` combinations.

    Growing the smallest dimension first gives balanced products (3 colors x 2 sizes rather
    than 6 colors in one size).
    """
    widths = [1] * len(dims)
    while math.prod(widths) < size:
        growable = [d for d, dim in enumerate(dims) if widths[d] < len(dim.values)]
        narrowest = min(widths[d] for d in growable)
        widths[rng.choice([d for d in growable if widths[d] == narrowest])] += 1
    return [
        sorted(rng.sample(range(len(dim.values)), width))
        for dim, width in zip(dims, widths, strict=True)
    ]


def _options(dims: Sequence[tuple[Dimension, Sequence[int]]]) -> JSON:
    return {dim.name: [_option_value(dim.values[i]) for i in used] for dim, used in dims}


def _option_value(value: OptionValue) -> str | JSON:
    if not value.synonyms:
        return value.value
    return {"value": value.value, "synonyms": list(value.synonyms)}


def _base_price(rng: random.Random, kind: ProductType) -> int:
    """Cents for the cheapest combination, low enough that the dearest stays in range."""
    low, high = kind.price[0] * 100, kind.price[1] * 100
    lift = 1 + sum(dim.step * (len(dim.values) - 1) for dim in kind.dims)
    return rng.randint(low, max(low, int(high / lift)))


def _retail(cents: float) -> int:
    """Shelf prices end in .99, or .49 under $100, like real price tags."""
    unit = 50 if cents < 10_000 else 100
    return max(unit, round(cents / unit) * unit) - 1


def _variant(
    rng: random.Random, serial: int, dims: list[Dimension], combo: tuple[int, ...], base: int
) -> JSON:
    lift = 1 + sum(dim.step * i for dim, i in zip(dims, combo, strict=True))
    available, stock = _stock(rng)
    return {
        "id": f"v-{serial}",
        "options": {dim.name: dim.values[i].value for dim, i in zip(dims, combo, strict=True)},
        "price": _money(_retail(base * lift)),
        "available": available,
        "stock": stock,
    }


def _stock(rng: random.Random) -> tuple[bool, int]:
    """About 4% of variants are unavailable; a quarter of those still hold held-back stock."""
    roll = rng.random()
    if roll < 0.03:
        return False, 0
    if roll < 0.04:
        return False, rng.randint(1, 6)
    return True, rng.randint(1, 150)


def _describe(rng: random.Random, blurbs: tuple[str, ...], brand: str) -> str:
    """The first blurb says what the product is; a second, when added, gives one detail."""
    detail = [rng.choice(blurbs[1:])] if rng.random() < 0.6 else []
    return " ".join(sentence.format(brand=brand) for sentence in [blurbs[0], *detail])


def _tags(rng: random.Random, vocabulary: tuple[str, ...]) -> list[str]:
    picked = rng.sample(range(len(vocabulary)), rng.randint(1, min(3, len(vocabulary))))
    return [vocabulary[i] for i in sorted(picked)]


# --- shoppers --------------------------------------------------------------------------------


@dataclass
class _People:
    """What must stay unique while shoppers are made: emails, namesakes' zips, method ids."""

    names: list[tuple[str, str]] = field(default_factory=list)
    emails: dict[str, int] = field(default_factory=dict)
    zips: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(1))


def generate_users(rng: random.Random, count: int) -> list[JSON]:
    """`count` shoppers (`users` records of a snapshot) with unique emails, ids u-1, u-2, ..."""
    people = _People()
    return [_user(rng, number, people) for number in range(1, count + 1)]


def _user(rng: random.Random, number: int, people: _People) -> JSON:
    first, last = _shopper_name(rng, people.names)
    return {
        "id": f"u-{number}",
        "name": {"first": first, "last": last},
        "email": _email(f"{first}.{last}".lower(), people.emails),
        "address": _new_zip_address(rng, people.zips.setdefault((first, last), set())),
        "payment_methods": _wallet(rng, people.serials),
    }


def _shopper_name(rng: random.Random, names: list[tuple[str, str]]) -> tuple[str, str]:
    if names and rng.random() < NAMESAKE_SHARE:
        name = rng.choice(names)
    else:
        name = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
    names.append(name)
    return name


def _email(local: str, seen: dict[str, int]) -> str:
    """ada.lee@, then ada.lee2@, ada.lee3@: names hold no digits, so these never collide."""
    seen[local] = seen.get(local, 0) + 1
    suffix = "" if seen[local] == 1 else str(seen[local])
    return f"{local}{suffix}@example.com"


def _new_zip_address(rng: random.Random, taken: set[str]) -> JSON:
    """Shoppers with the same full name live in different zip codes, so they can be told apart."""
    address = _address(rng)
    while address["zip"] in taken:
        address = _address(rng)
    taken.add(address["zip"])
    return address


def _address(rng: random.Random) -> JSON:
    city, state, zips = rng.choice(CITIES)
    unit = rng.choice(UNITS).format(n=rng.randint(1, 30)) if rng.random() < 0.3 else ""
    return {
        "address1": f"{rng.randint(1, 9899)} {rng.choice(STREETS)}",
        "address2": unit,
        "city": city,
        "state": state,
        "country": "USA",
        "zip": rng.choice(zips),
    }


def _wallet(rng: random.Random, serials: Iterator[int]) -> list[JSON]:
    """One to three methods, always one that is not a gift card, so any order can be paid."""
    kinds = ["credit_card" if rng.random() < 0.7 else "paypal"]
    for _ in range(rng.choices((0, 1, 2), weights=(45, 35, 20))[0]):
        kinds.append(rng.choice(["credit_card", "gift_card", "paypal"]))
    if kinds.count("paypal") > 1:
        kinds.remove("paypal")
    rng.shuffle(kinds)
    return [_payment_method(rng, kind, next(serials)) for kind in kinds]


def _payment_method(rng: random.Random, kind: str, serial: int) -> JSON:
    method: JSON = {"id": f"{kind}_{serial}", "type": kind}
    if kind == "credit_card":
        method["brand"] = rng.choices(CARD_BRANDS, weights=CARD_WEIGHTS)[0]
        method["last_four"] = f"{rng.randrange(10_000):04d}"
    elif kind == "gift_card":
        method["balance"] = _money(rng.randint(0, GIFT_CARD_MAX_CENTS))
    return method


# --- orders ----------------------------------------------------------------------------------


@dataclass
class _Context:
    rng: random.Random
    catalog: list[JSON]
    by_id: dict[str, JSON] = field(init=False)
    tracking: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_id = {product["id"]: product for product in self.catalog}


def _orders(ctx: _Context, users: list[JSON], count: int) -> list[JSON]:
    if not users or not ctx.catalog:
        return []
    activity = [ctx.rng.choice((1, 1, 2, 3, 5)) for _ in users]
    buyers = ctx.rng.choices(users, weights=activity, k=count)
    statuses = ctx.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=count)
    return [
        _order(ctx, f"#W{1001 + i}", buyer, status)
        for i, (buyer, status) in enumerate(zip(buyers, statuses, strict=True))
    ]


def _order(ctx: _Context, oid: str, user: JSON, status: str) -> JSON:
    items = _items(ctx)
    total = _total(items)
    order = {
        "id": oid,
        "user_id": user["id"],
        "status": status,
        "address": _ship_to(ctx.rng, user),
        "items": items,
        "payments": [_transaction("payment", total, _payer(ctx.rng, user, total))],
        "fulfillments": [],
        "cancel_reason": None,
        "return": None,
        "exchange": None,
    }
    _apply_status(ctx, order, user)
    return order


def _apply_status(ctx: _Context, order: JSON, user: JSON) -> None:
    """Write the records the status implies; a status the items cannot support falls back."""
    status = order["status"]
    if status == "cancelled":
        _cancel(ctx.rng, order)
    elif status == "pending (item modified)":
        _modify(ctx, order, user)
    elif status == "return requested":
        _request_return(ctx, order, user)
    elif status == "exchange requested":
        _request_exchange(ctx, order, user)
    elif status in SHIPPED:
        _ship(ctx, order)


def _ship_to(rng: random.Random, user: JSON) -> JSON:
    """Mostly home; now and then a gift or an office delivery."""
    return _address(rng) if rng.random() < 0.05 else dict(user["address"])


def _items(ctx: _Context) -> list[JSON]:
    count = ctx.rng.choices(ITEM_COUNTS, weights=ITEM_COUNT_WEIGHTS)[0]
    items = [_pick_item(ctx.rng, ctx.rng.choice(ctx.catalog)) for _ in range(count)]
    if count < ITEM_COUNTS[-1] and ctx.rng.random() < 0.05:
        items.append({**items[-1], "options": dict(items[-1]["options"])})
    return items


def _pick_item(rng: random.Random, product: JSON) -> JSON:
    variants = product["variants"]
    if not variants:
        return _configured_item(rng, product)
    in_stock = [variant for variant in variants if variant["available"]] or variants
    return _item(product, rng.choice(in_stock))


def _item(product: JSON, variant: JSON) -> JSON:
    return {
        "product_id": product["id"],
        "variant_id": variant["id"],
        "name": product["name"],
        "options": dict(variant["options"]),
        "price": variant["price"],
    }


def _configured_item(rng: random.Random, product: JSON) -> JSON:
    options = {name: _canonical(rng.choice(values)) for name, values in product["options"].items()}
    return {
        "product_id": product["id"],
        "variant_id": f"{product['id']}:{'/'.join(options.values())}",
        "name": product["name"],
        "options": options,
        "price": product["price"],
    }


def _canonical(value: str | JSON) -> str:
    return value if isinstance(value, str) else str(value["value"])


def _total(items: list[JSON]) -> int:
    return sum(_cents(item["price"]) for item in items)


def _transaction(kind: str, cents: int, method_id: str) -> JSON:
    return {"type": kind, "amount": _money(cents), "method_id": method_id}


def _payer(rng: random.Random, user: JSON, cents: int) -> str:
    """Any of the shopper's methods, except a gift card whose balance cannot cover `cents`."""
    methods = user["payment_methods"]
    method = rng.choice(methods)
    if method["type"] == "gift_card" and _cents(method["balance"]) < cents:
        method = rng.choice([m for m in methods if m["type"] != "gift_card"])
    return str(method["id"])


def _cancel(rng: random.Random, order: JSON) -> None:
    paid = order["payments"][0]
    order["payments"].append({**paid, "type": "refund"})
    order["cancel_reason"] = rng.choice(CANCEL_REASONS)


def _alternatives(ctx: _Context, item: JSON) -> list[JSON]:
    """Other in-stock variants of the item's product: what it can be changed to."""
    variants = ctx.by_id[item["product_id"]]["variants"]
    return [v for v in variants if v["available"] and v["id"] != item["variant_id"]]


def _modify(ctx: _Context, order: JSON, user: JSON) -> None:
    """Swap one item for a differently priced variant and settle the difference."""
    items = order["items"]
    swaps = {
        i: repriced
        for i, item in enumerate(items)
        if (repriced := [v for v in _alternatives(ctx, item) if v["price"] != item["price"]])
    }
    if not swaps:
        order["status"] = "pending"
        return
    before = _total(items)
    i = ctx.rng.choice(list(swaps))
    items[i] = _item(ctx.by_id[items[i]["product_id"]], ctx.rng.choice(swaps[i]))
    difference = _total(items) - before
    if difference > 0:
        order["payments"].append(
            _transaction("payment", difference, _payer(ctx.rng, user, difference))
        )
    else:
        order["payments"].append(
            _transaction("refund", -difference, order["payments"][0]["method_id"])
        )


def _ship(ctx: _Context, order: JSON) -> None:
    """One shipment, or two for a multi-item order that was split."""
    shipped = [item["variant_id"] for item in order["items"]]
    split = len(shipped) > 1 and ctx.rng.random() < 0.25
    cut = ctx.rng.randint(1, len(shipped) - 1) if split else len(shipped)
    order["fulfillments"] = [
        {"tracking_ids": _tracking_ids(ctx), "variant_ids": part}
        for part in (shipped[:cut], shipped[cut:])
        if part
    ]


def _tracking_ids(ctx: _Context) -> list[str]:
    return [_tracking_id(ctx) for _ in range(1 if ctx.rng.random() < 0.85 else 2)]


def _tracking_id(ctx: _Context) -> str:
    """A UPS-style 1Z number or a 12-digit FedEx-style one, never handed out twice."""
    while True:
        if ctx.rng.random() < 0.6:
            code = "1Z" + "".join(ctx.rng.choices(TRACKING_ALPHABET, k=16))
        else:
            code = "".join(ctx.rng.choices(TRACKING_ALPHABET[:10], k=12))
        if code not in ctx.tracking:
            ctx.tracking.add(code)
            return code


def _request_return(ctx: _Context, order: JSON, user: JSON) -> None:
    """Return some shipped items; made-to-order items cannot be returned."""
    items = order["items"]
    returnable = [item["variant_id"] for item in items if ":" not in item["variant_id"]]
    _ship(ctx, order)
    if not returnable:
        order["status"] = "delivered"
        return
    returned = ctx.rng.sample(returnable, ctx.rng.randint(1, len(returnable)))
    order["return"] = {
        "refund_method_id": _refund_method(ctx.rng, user, order),
        "variant_ids": sorted(returned),
    }


def _refund_method(rng: random.Random, user: JSON, order: JSON) -> str:
    """The original method, or a gift card when the shopper has one and prefers it."""
    cards = [m["id"] for m in user["payment_methods"] if m["type"] == "gift_card"]
    original: str = order["payments"][0]["method_id"]
    return str(rng.choice(cards)) if cards and rng.random() < 0.3 else original


def _request_exchange(ctx: _Context, order: JSON, user: JSON) -> None:
    """Exchange one or two shipped items for other in-stock variants of the same products."""
    items = order["items"]
    swaps = {i: others for i, item in enumerate(items) if (others := _alternatives(ctx, item))}
    _ship(ctx, order)
    if not swaps:
        order["status"] = "delivered"
        return
    chosen = ctx.rng.sample(list(swaps), ctx.rng.randint(1, min(2, len(swaps))))
    new = [ctx.rng.choice(swaps[i]) for i in chosen]
    difference = _total(new) - _total([items[i] for i in chosen])
    order["exchange"] = {
        "variant_ids": sorted(items[i]["variant_id"] for i in chosen),
        "new_variant_ids": sorted(variant["id"] for variant in new),
        "method_id": _payer(ctx.rng, user, max(difference, 0)),
        "price_difference": _money(difference),
    }
