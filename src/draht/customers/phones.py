"""A shortcut through phonenumbers for the shapes numbers come in most ("0664 1234567", "+49 89/123456-0").

`phonenumbers.parse()` and `is_valid_number()` take about 50 µs a number, most of it in looking up the same
regular expressions again and again; an import reads two or three numbers a row. For input made of ASCII digits
with single spaces, slashes, dots or hyphens between them, optionally after a "+", this module follows the
same steps with phonenumbers' own metadata, its expressions compiled once per region: international prefix,
country calling code, the country calling code written without "+", national prefix, possible lengths,
and the number types that make a number valid. It gives the same answer as phonenumbers or none at all;
anything else (letters, extensions, brackets, national prefix transform rules, non-geographic numbers, every
error case) is left to phonenumbers itself. tests/test_rules_phones.py checks both against each other.
"""

import functools
import re

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

SHAPE = re.compile(r"\+?[0-9]+(?:[ /.\-][0-9]+)*")
NOT_DIGITS = re.compile(r"[^0-9]+")
MAX_INPUT = 250  # phonenumbers refuses longer input
MIN_NSN, MAX_NSN = 2, 17  # phonenumbers' bounds of a national significant number
UNDECIDED = None

# _test_number_length's answers that matter here
TOO_SHORT, TOO_LONG, POSSIBLE, LOCAL_ONLY, INVALID_LENGTH = range(5)


def _desc(desc):
    """(possible lengths, compiled pattern) of a number description, or None where it can match nothing."""
    if desc is None or not desc.national_number_pattern:
        return None
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern)


class Plan:
    """One region's metadata, compiled."""

    def __init__(self, region: str, metadata):
        self.region = region
        self.country_code = metadata.country_code
        self.country_code_digits = str(metadata.country_code)
        general = metadata.general_desc
        self.general_pattern = re.compile(general.national_number_pattern or "(?!)")
        self.general = _desc(general)
        self.lengths = tuple(general.possible_length)
        self.local_lengths = frozenset(general.possible_length_local_only)
        # In _number_type_helper's order; a match of any of them makes a number valid. Mobile numbers are tried
        # only where their pattern differs from the fixed line's, as there.
        types = [metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
                 metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail, metadata.fixed_line]
        if not metadata.same_mobile_and_fixed_line_pattern:
            types.append(metadata.mobile)
        self.types = [d for d in map(_desc, types) if d is not None]
        self.idd = re.compile(metadata.international_prefix) if metadata.international_prefix else None
        prefix = metadata.national_prefix_for_parsing
        self.national_prefix = re.compile(prefix) if prefix else None
        self.transforms = bool(metadata.national_prefix_transform_rule)
        self.leading_digits = re.compile(metadata.leading_digits) if metadata.leading_digits else None

    def length_check(self, number: str) -> int:
        length = len(number)
        if length in self.local_lengths:
            return LOCAL_ONLY
        if self.lengths[0] == length:
            return POSSIBLE
        if self.lengths[0] > length:
            return TOO_SHORT
        if self.lengths[-1] < length:
            return TOO_LONG
        return POSSIBLE if length in self.lengths[1:] else INVALID_LENGTH

    def strip_national_prefix(self, number: str) -> str | None:
        """The number without its national prefix, where phonenumbers would strip it; None: not decided here."""
        if not number or self.national_prefix is None:
            return number
        match = self.national_prefix.match(number)
        if not match:
            return number
        if self.transforms:
            return UNDECIDED
        rest = number[match.end():]
        if self.general_pattern.fullmatch(number) and not self.general_pattern.fullmatch(rest):
            return number
        return rest

    def is_valid(self, nsn: str) -> bool:
        """_number_type_helper(nsn) != UNKNOWN."""
        length = len(nsn)
        lengths, pattern = self.general or (frozenset(), None)
        if pattern is None or (lengths and length not in lengths) or not pattern.fullmatch(nsn):
            return False
        for lengths, pattern in self.types:
            if (not lengths or length in lengths) and pattern.fullmatch(nsn):
                return True
        return False


@functools.cache
def plan(region: str) -> Plan | None:
    metadata = PhoneMetadata.metadata_for_region(region, None)
    return Plan(region, metadata) if metadata is not None else None


def _country_code(digits: str) -> tuple[int, str]:
    """_extract_country_code: the first one to three digits that are a country calling code, and the rest."""
    if not digits or digits[0] == "0":
        return 0, digits
    for end in range(1, min(len(digits), 3) + 1):
        code = int(digits[:end])
        if code in COUNTRY_CODE_TO_REGION_CODE:
            return code, digits[end:]
    return 0, digits


def parse(raw: str, region: str) -> tuple[int, str] | None:
    """(country calling code, national significant number) as phonenumbers.parse() reads `raw` in `region`,
    or None where this shortcut does not decide (phonenumbers must)."""
    if len(raw) > MAX_INPUT or not SHAPE.fullmatch(raw):
        return UNDECIDED
    home = plan(region)
    if home is None:
        return UNDECIDED
    digits = NOT_DIGITS.sub("", raw)
    if len(digits) < 3:
        return UNDECIDED
    if raw[0] == "+":
        international = digits
    else:
        idd = home.idd.match(digits) if home.idd else None
        # An IDD counts only when no "0" follows it (country calling codes never start with 0).
        international = digits[idd.end():] if idd and digits[idd.end():idd.end() + 1] != "0" else None
    if international is not None:
        if len(international) <= 2:
            return UNDECIDED
        code, national = _country_code(international)
        if code == 0:
            return UNDECIDED
    else:
        code, national = 0, digits
        if digits.startswith(home.country_code_digits):  # the country calling code written without "+"
            potential = home.strip_national_prefix(digits[len(home.country_code_digits):])
            if potential is UNDECIDED:
                return UNDECIDED
            if ((not home.general_pattern.fullmatch(digits) and home.general_pattern.fullmatch(potential))
                    or home.length_check(digits) == TOO_LONG):
                code, national = home.country_code, potential
    if code:
        number_region = COUNTRY_CODE_TO_REGION_CODE[code][0]
        if number_region == "001":
            return UNDECIDED
        metadata = home if number_region == region else plan(number_region)
        if metadata is None:
            return UNDECIDED
    else:
        code, metadata = home.country_code, home
    if len(national) < MIN_NSN:
        return UNDECIDED
    potential = metadata.strip_national_prefix(national)
    if potential is UNDECIDED:
        return UNDECIDED
    if metadata.length_check(potential) not in (TOO_SHORT, LOCAL_ONLY, INVALID_LENGTH):
        national = potential
    if not MIN_NSN <= len(national) <= MAX_NSN or not national.strip("0"):
        return UNDECIDED
    return code, national


def is_valid(code: int, nsn: str) -> bool | None:
    """phonenumbers.is_valid_number() of the number, or None where this shortcut does not decide."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(code)
    if not regions:
        return False
    if "001" in regions:
        return UNDECIDED
    if len(regions) == 1:
        region = regions[0]
    else:  # _region_code_for_number_from_list
        region = None
        for candidate in regions:
            candidate_plan = plan(candidate)
            if candidate_plan is None:
                continue
            if candidate_plan.leading_digits is not None:
                if candidate_plan.leading_digits.match(nsn):
                    region = candidate
                    break
            elif candidate_plan.is_valid(nsn):
                region = candidate
                break
        if region is None:
            return False
    region_plan = plan(region)
    if region_plan is None:
        return UNDECIDED
    return region_plan.is_valid(nsn)


def e164(raw: str, region: str) -> tuple[str, str] | bool | None:
    """(E.164, national number without leading zeros) of a valid number, False for a number that parses but
    is not valid, None where phonenumbers must decide (which also gives the reason for what it refuses)."""
    parsed = parse(raw, region)
    if parsed is None:
        return UNDECIDED
    code, nsn = parsed
    valid = is_valid(code, nsn)
    if valid is None:
        return UNDECIDED
    return (f"+{code}{nsn}", str(int(nsn))) if valid else False
