"""The 94 federal judicial districts and the circuit each sits in.

A checked table shipped in the code (28 U.S.C. §§ 41, 81–131): courts-db's parent field is not reliable
for the circuit. Codes are the CM/ECF court identifiers (``vaed`` = Eastern District of Virginia); circuit
codes match the analysis engine's ("4th", "DC").
"""

from typing import NamedTuple


class District(NamedTuple):
    code: str
    abbreviation: str
    name: str
    circuit: str


DISTRICTS: tuple[District, ...] = (
    # First Circuit
    District("med", "D. Me.", "District of Maine", "1st"),
    District("mad", "D. Mass.", "District of Massachusetts", "1st"),
    District("nhd", "D.N.H.", "District of New Hampshire", "1st"),
    District("rid", "D.R.I.", "District of Rhode Island", "1st"),
    District("prd", "D.P.R.", "District of Puerto Rico", "1st"),
    # Second Circuit
    District("ctd", "D. Conn.", "District of Connecticut", "2nd"),
    District("nynd", "N.D.N.Y.", "Northern District of New York", "2nd"),
    District("nysd", "S.D.N.Y.", "Southern District of New York", "2nd"),
    District("nyed", "E.D.N.Y.", "Eastern District of New York", "2nd"),
    District("nywd", "W.D.N.Y.", "Western District of New York", "2nd"),
    District("vtd", "D. Vt.", "District of Vermont", "2nd"),
    # Third Circuit
    District("ded", "D. Del.", "District of Delaware", "3rd"),
    District("njd", "D.N.J.", "District of New Jersey", "3rd"),
    District("paed", "E.D. Pa.", "Eastern District of Pennsylvania", "3rd"),
    District("pamd", "M.D. Pa.", "Middle District of Pennsylvania", "3rd"),
    District("pawd", "W.D. Pa.", "Western District of Pennsylvania", "3rd"),
    District("vid", "D.V.I.", "District of the Virgin Islands", "3rd"),
    # Fourth Circuit
    District("mdd", "D. Md.", "District of Maryland", "4th"),
    District("nced", "E.D.N.C.", "Eastern District of North Carolina", "4th"),
    District("ncmd", "M.D.N.C.", "Middle District of North Carolina", "4th"),
    District("ncwd", "W.D.N.C.", "Western District of North Carolina", "4th"),
    District("scd", "D.S.C.", "District of South Carolina", "4th"),
    District("vaed", "E.D. Va.", "Eastern District of Virginia", "4th"),
    District("vawd", "W.D. Va.", "Western District of Virginia", "4th"),
    District("wvnd", "N.D. W. Va.", "Northern District of West Virginia", "4th"),
    District("wvsd", "S.D. W. Va.", "Southern District of West Virginia", "4th"),
    # Fifth Circuit
    District("laed", "E.D. La.", "Eastern District of Louisiana", "5th"),
    District("lamd", "M.D. La.", "Middle District of Louisiana", "5th"),
    District("lawd", "W.D. La.", "Western District of Louisiana", "5th"),
    District("msnd", "N.D. Miss.", "Northern District of Mississippi", "5th"),
    District("mssd", "S.D. Miss.", "Southern District of Mississippi", "5th"),
    District("txed", "E.D. Tex.", "Eastern District of Texas", "5th"),
    District("txnd", "N.D. Tex.", "Northern District of Texas", "5th"),
    District("txsd", "S.D. Tex.", "Southern District of Texas", "5th"),
    District("txwd", "W.D. Tex.", "Western District of Texas", "5th"),
    # Sixth Circuit
    District("kyed", "E.D. Ky.", "Eastern District of Kentucky", "6th"),
    District("kywd", "W.D. Ky.", "Western District of Kentucky", "6th"),
    District("mied", "E.D. Mich.", "Eastern District of Michigan", "6th"),
    District("miwd", "W.D. Mich.", "Western District of Michigan", "6th"),
    District("ohnd", "N.D. Ohio", "Northern District of Ohio", "6th"),
    District("ohsd", "S.D. Ohio", "Southern District of Ohio", "6th"),
    District("tned", "E.D. Tenn.", "Eastern District of Tennessee", "6th"),
    District("tnmd", "M.D. Tenn.", "Middle District of Tennessee", "6th"),
    District("tnwd", "W.D. Tenn.", "Western District of Tennessee", "6th"),
    # Seventh Circuit
    District("ilcd", "C.D. Ill.", "Central District of Illinois", "7th"),
    District("ilnd", "N.D. Ill.", "Northern District of Illinois", "7th"),
    District("ilsd", "S.D. Ill.", "Southern District of Illinois", "7th"),
    District("innd", "N.D. Ind.", "Northern District of Indiana", "7th"),
    District("insd", "S.D. Ind.", "Southern District of Indiana", "7th"),
    District("wied", "E.D. Wis.", "Eastern District of Wisconsin", "7th"),
    District("wiwd", "W.D. Wis.", "Western District of Wisconsin", "7th"),
    # Eighth Circuit
    District("ared", "E.D. Ark.", "Eastern District of Arkansas", "8th"),
    District("arwd", "W.D. Ark.", "Western District of Arkansas", "8th"),
    District("iand", "N.D. Iowa", "Northern District of Iowa", "8th"),
    District("iasd", "S.D. Iowa", "Southern District of Iowa", "8th"),
    District("mnd", "D. Minn.", "District of Minnesota", "8th"),
    District("moed", "E.D. Mo.", "Eastern District of Missouri", "8th"),
    District("mowd", "W.D. Mo.", "Western District of Missouri", "8th"),
    District("ned", "D. Neb.", "District of Nebraska", "8th"),
    District("ndd", "D.N.D.", "District of North Dakota", "8th"),
    District("sdd", "D.S.D.", "District of South Dakota", "8th"),
    # Ninth Circuit
    District("akd", "D. Alaska", "District of Alaska", "9th"),
    District("azd", "D. Ariz.", "District of Arizona", "9th"),
    District("cacd", "C.D. Cal.", "Central District of California", "9th"),
    District("caed", "E.D. Cal.", "Eastern District of California", "9th"),
    District("cand", "N.D. Cal.", "Northern District of California", "9th"),
    District("casd", "S.D. Cal.", "Southern District of California", "9th"),
    District("gud", "D. Guam", "District of Guam", "9th"),
    District("hid", "D. Haw.", "District of Hawaii", "9th"),
    District("idd", "D. Idaho", "District of Idaho", "9th"),
    District("mtd", "D. Mont.", "District of Montana", "9th"),
    District("nvd", "D. Nev.", "District of Nevada", "9th"),
    District("nmid", "D.N. Mar. I.", "District of the Northern Mariana Islands", "9th"),
    District("ord", "D. Or.", "District of Oregon", "9th"),
    District("waed", "E.D. Wash.", "Eastern District of Washington", "9th"),
    District("wawd", "W.D. Wash.", "Western District of Washington", "9th"),
    # Tenth Circuit
    District("cod", "D. Colo.", "District of Colorado", "10th"),
    District("ksd", "D. Kan.", "District of Kansas", "10th"),
    District("nmd", "D.N.M.", "District of New Mexico", "10th"),
    District("oked", "E.D. Okla.", "Eastern District of Oklahoma", "10th"),
    District("oknd", "N.D. Okla.", "Northern District of Oklahoma", "10th"),
    District("okwd", "W.D. Okla.", "Western District of Oklahoma", "10th"),
    District("utd", "D. Utah", "District of Utah", "10th"),
    District("wyd", "D. Wyo.", "District of Wyoming", "10th"),
    # Eleventh Circuit
    District("almd", "M.D. Ala.", "Middle District of Alabama", "11th"),
    District("alnd", "N.D. Ala.", "Northern District of Alabama", "11th"),
    District("alsd", "S.D. Ala.", "Southern District of Alabama", "11th"),
    District("flmd", "M.D. Fla.", "Middle District of Florida", "11th"),
    District("flnd", "N.D. Fla.", "Northern District of Florida", "11th"),
    District("flsd", "S.D. Fla.", "Southern District of Florida", "11th"),
    District("gamd", "M.D. Ga.", "Middle District of Georgia", "11th"),
    District("gand", "N.D. Ga.", "Northern District of Georgia", "11th"),
    District("gasd", "S.D. Ga.", "Southern District of Georgia", "11th"),
    # District of Columbia Circuit
    District("dcd", "D.D.C.", "District of Columbia", "DC"),
)

DISTRICTS_BY_CODE: dict[str, District] = {district.code: district for district in DISTRICTS}

CIRCUITS: tuple[tuple[str, str], ...] = (
    ("1st", "First Circuit"),
    ("2nd", "Second Circuit"),
    ("3rd", "Third Circuit"),
    ("4th", "Fourth Circuit"),
    ("5th", "Fifth Circuit"),
    ("6th", "Sixth Circuit"),
    ("7th", "Seventh Circuit"),
    ("8th", "Eighth Circuit"),
    ("9th", "Ninth Circuit"),
    ("10th", "Tenth Circuit"),
    ("11th", "Eleventh Circuit"),
    ("DC", "D.C. Circuit"),
)

DISTRICT_CHOICES = [(d.code, f"{d.name} ({d.abbreviation})") for d in DISTRICTS]


def circuit_for(district_code: str) -> str:
    """Return the circuit code ("4th") of a district code ("vaed"); KeyError for an unknown district."""
    return DISTRICTS_BY_CODE[district_code].circuit
