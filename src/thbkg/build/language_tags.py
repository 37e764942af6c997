"""Language tags (BCP 47) of curated labels and of jurisdictions' languages, checked against the ISO
registers that pycountry ships, so that a misspelt tag is an input error rather than a language of
its own.

The tags accepted are a language with an optional script and region (``nb``, ``se``, ``sr-Latn``,
``pt-BR``, ``es-419``): the language is ISO 639 (the two-letter code where there is one, as BCP 47
asks), the script ISO 15924 and the region ISO 3166-1 alpha-2 or a three-digit UN M.49 area. A tag
is written in BCP 47's usual case (``sr-Latn-RS``) whatever case it was given in, as tags compare
without regard to case.
"""

from __future__ import annotations

import re

import pycountry

TAG = re.compile(r"(?P<language>[A-Za-z]{2,3})(?:-(?P<script>[A-Za-z]{4}))?(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?")
FORM = "language[-Script][-REGION], such as nb, sr-Latn or pt-BR"


def language_tag(tag: str) -> str:
    """``tag`` in BCP 47's usual case; ValueError saying why when it is malformed or names no
    language, script or region of the ISO registers."""
    match = TAG.fullmatch(tag)
    if not match:
        raise ValueError(f"{tag!r} is not a language tag of the form {FORM}")
    language, script, region = match["language"].lower(), match["script"], match["region"]
    if len(language) == 2:
        if pycountry.languages.get(alpha_2=language) is None:
            raise ValueError(f"{tag!r}: {language!r} is not an ISO 639-1 language code")
    else:
        known = pycountry.languages.get(alpha_3=language) or pycountry.language_families.get(alpha_3=language)
        if known is None:
            raise ValueError(f"{tag!r}: {language!r} is not an ISO 639 language code")
        if getattr(known, "alpha_2", None):
            raise ValueError(f"{tag!r}: write {known.alpha_2!r}, the two-letter code of {known.name}")
    parts = [language]
    if script:
        script = script.title()
        if pycountry.scripts.get(alpha_4=script) is None:
            raise ValueError(f"{tag!r}: {script!r} is not an ISO 15924 script code")
        parts.append(script)
    if region:
        region = region.upper()
        if region.isalpha() and pycountry.countries.get(alpha_2=region) is None:
            raise ValueError(f"{tag!r}: {region!r} is not an ISO 3166-1 alpha-2 country code")
        parts.append(region)
    return "-".join(parts)
