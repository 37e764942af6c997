"""Facts read from the US Department of State's 2011 Trafficking in Persons Report, Norway chapter
(data/sources/us-dos-tip-2011-nor.txt), checked against the build: each is stated by the
document, in a passage whose text contains the words it was read from."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from facts import assert_figure_counts, assert_stated, iri, number
from thbkg.build.terms import graph_iri

SRC = "us-dos-tip-2011-nor"


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def typed(value: str, datatype) -> Literal:
    return Literal(value, datatype=datatype, normalize=False)


# (subject, predicate, object, words of the document the passage must contain)
FACTS = [
    # --- header and tier ranking
    (
        "document/us-dos-tip-2011-nor",
        "dcterms:publisher",
        "organization/us-department-of-state",
        "Publisher United States Department of State",
    ),
    ("document/us-dos-tip-2011-nor", "thb:issuedIn", typed("2011-06", XSD.gYearMonth), "27 June 2011"),
    ("tier-ranking/tip2011-nor", "thb:rankedCountry", "country/NOR", "Norway (Tier 1)"),
    ("tier-ranking/tip2011-nor", "thb:tier", "tier/1", "Norway (Tier 1)"),
    (
        "tier-ranking/tip2011-nor",
        "thb:rankedBy",
        "organization/us-department-of-state",
        "United States Department of State",
    ),
    ("tier-ranking/tip2011-nor", "thb:rankingYear", typed("2011", XSD.gYear), "2011 Trafficking in Persons Report"),
    (
        "tier-ranking/tip2011-nor",
        "thb:compliance",
        en("fully complies with the minimum standards for the elimination of trafficking"),
        "fully complies with the minimum standards",
    ),
    # --- country roles: Norway
    (
        "country-role-assignment/tip2011-nor-destination",
        "thb:countryRole",
        "country-role/destination",
        "Norway is a destination",
    ),
    (
        "country-role-assignment/tip2011-nor-transit",
        "thb:countryRole",
        "country-role/transit",
        "a transit and source country",
    ),
    (
        "country-role-assignment/tip2011-nor-transit",
        "thb:qualifier",
        en("to a lesser extent"),
        "to a lesser extent, a transit",
    ),
    (
        "country-role-assignment/tip2011-nor-source",
        "thb:countryRole",
        "country-role/source",
        "a transit and source country",
    ),
    # --- country roles: origin (2010), transit, law-enforcement partners
    ("country-role-assignment/tip2011-nga-origin", "thb:country", "country/NGA", "originated in Nigeria"),
    ("country-role-assignment/tip2011-nga-origin", "thb:period", "period/2010", "identified in Norway in 2010"),
    ("country-role-assignment/tip2011-nga-origin", "thb:relativeTo", "country/NOR", "identified in Norway"),
    ("country-role-assignment/tip2011-cod-origin", "thb:country", "country/COD", "the Democratic Republic of Congo"),
    ("country-role-assignment/tip2011-cod-origin", "thb:countryRole", "country-role/origin", "others came from"),
    ("country-role-assignment/tip2011-phl-origin", "thb:country", "country/PHL", "the Philippines"),
    ("country/COD", "rdfs:label", en("the Democratic Republic of Congo"), "the Democratic Republic of Congo"),
    ("country/CZE", "rdfs:label", en("the Czech Republic"), "the Czech Republic"),
    ("country-role-assignment/tip2011-mar-transit", "thb:country", "country/MAR", "such as Italy, Spain, and Morocco"),
    (
        "country-role-assignment/tip2011-mar-transit",
        "thb:countryRole",
        "country-role/transit",
        "transit several countries",
    ),
    (
        "country-role-assignment/tip2011-cze-partner",
        "thb:country",
        "country/CZE",
        "the governments of Lithuania, Bulgaria, Romania, Slovakia, the Czech Republic",
    ),
    (
        "country-role-assignment/tip2011-svk-partner",
        "thb:countryRole",
        "country-role/law-enforcement-partner",
        "collaborated with several European governments to investigate trafficking cases",
    ),
    (
        "country-role-assignment/tip2011-rou-origin-bergen-case",
        "thb:country",
        "country/ROU",
        "five children from Romania to Norway",
    ),
    # --- forms of exploitation and victim groups
    (
        "finding/tip2011-women-girls-sex-trafficking",
        "thb:concerns",
        "victim-group/girls",
        "women and girls subjected to sex trafficking",
    ),
    (
        "finding/tip2011-men-women-forced-labour",
        "thb:concerns",
        "exploitation-form/forced-labour",
        "men and women subjected to forced labor",
    ),
    (
        "finding/tip2011-foreign-children-forced-begging-and-crime",
        "thb:concerns",
        "exploitation-form/forced-begging",
        "Foreign children are subjected to forced begging",
    ),
    (
        "finding/tip2011-foreign-children-forced-begging-and-crime",
        "thb:concerns",
        "exploitation-form/shoplifting",
        "such as shoplifting and drug sales",
    ),
    # --- law
    (
        "legal-provision/no-penal-code-1902-s224",
        "rdfs:label",
        en("Criminal Code Section 224"),
        "through Criminal Code Section 224",
    ),
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:prohibits",
        "exploitation-form/human-trafficking",
        "prohibits all forms of trafficking in persons",
    ),
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:maximumPenalty",
        typed("P10Y", XSD.duration),
        "maximum penalty of 10 years' imprisonment",
    ),
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:penaltyCondition",
        en("in aggravated cases"),
        "imprisonment in aggravated cases",
    ),
    (
        "legal-provision/no-penal-code-1902-s224",
        "eli:is_part_of",
        "law/no-penal-code-1902",
        "Criminal Code Section 224",
    ),
    ("law/no-penal-code-1902", "rdfs:label", en("Criminal Code"), "Criminal Code"),
    # --- statistics
    ("observation/tip2011-share-of-victims-children-2010", "thb:value", number("25"), "Approximately 25 percent"),
    (
        "observation/tip2011-share-of-victims-children-2010",
        "thb:valueQualifier",
        "value-qualifier/approximately",
        "Approximately 25 percent",
    ),
    ("observation/tip2011-share-of-victims-children-2010", "sdmx-attribute:unitMeasure", "unit/percent", "25 percent"),
    (
        "observation/tip2011-children-disappeared-from-refugee-centres-2010",
        "thb:value",
        number("47"),
        "47 children disappeared",
    ),
    (
        "observation/tip2011-children-disappeared-from-refugee-centres-2010",
        "sdmx-dimension:refPeriod",
        "period/2010",
        "during the 2010 calendar year",
    ),
    (
        "observation/tip2011-sex-trafficking-investigations-2010",
        "thb:value",
        number("26"),
        "26 sex trafficking investigations",
    ),
    (
        "observation/tip2011-sex-trafficking-investigations-2010",
        "thb:exploitationForm",
        "exploitation-form/sex-trafficking",
        "26 sex trafficking investigations",
    ),
    (
        "observation/tip2011-labour-trafficking-investigations-2010",
        "thb:value",
        number("11"),
        "11 labor trafficking investigations in 2010",
    ),
    ("observation/tip2011-sex-trafficking-investigations-2009", "thb:value", number("31"), "31 sex trafficking"),
    (
        "observation/tip2011-labour-trafficking-investigations-2009",
        "thb:value",
        number("7"),
        "seven labor trafficking investigations initiated in 2009",
    ),
    (
        "observation/tip2011-labour-trafficking-investigations-2009",
        "sdmx-dimension:refPeriod",
        "period/2009",
        "initiated in 2009",
    ),
    (
        "observation/tip2011-labour-trafficking-investigations-2009",
        "sdmx-attribute:unitMeasure",
        "unit/investigation",
        "labor trafficking investigations",
    ),
    ("observation/tip2011-offenders-prosecuted-2010", "thb:value", number("11"), "prosecuted 11 trafficking offenders"),
    (
        "observation/tip2011-offenders-prosecuted-2009",
        "thb:value",
        number("7"),
        "seven sex trafficking offenders in 2009",
    ),
    (
        "observation/tip2011-offenders-convicted-2010",
        "thb:value",
        number("8"),
        "Eight trafficking offenders were convicted in 2010",
    ),
    ("observation/tip2011-offenders-convicted-2009", "thb:value", number("6"), "six offenders convicted in 2009"),
    (
        "observation/tip2011-offenders-sentenced-nine-months-to-four-years-2010",
        "thb:value",
        number("7"),
        "Seven of the eight",
    ),
    (
        "observation/tip2011-offenders-sentenced-nine-months-to-four-years-2010",
        "thb:breakdownOf",
        "observation/tip2011-offenders-convicted-2010",
        "Seven of the eight trafficking offenders convicted in 2010",
    ),
    (
        "observation/tip2011-prison-term-range-lower-2010",
        "sdmx-attribute:unitMeasure",
        "unit/month",
        "between nine months and four years",
    ),
    (
        "observation/tip2011-prison-term-range-upper-2010",
        "thb:value",
        number("4"),
        "between nine months and four years",
    ),
    ("observation/tip2011-average-sentence-2010", "thb:value", number("2"), "average sentence of two years"),
    (
        "observation/tip2011-average-sentence-2010",
        "sdmx-attribute:unitMeasure",
        "unit/year",
        "average sentence of two years",
    ),
    ("observation/tip2011-average-sentence-2009", "thb:value", number("30"), "average of 30 months' imprisonment"),
    ("observation/tip2011-average-sentence-2009", "sdmx-attribute:unitMeasure", "unit/month", "30 months'"),
    (
        "observation/tip2011-child-sex-trafficking-conviction-cases-2010",
        "thb:valueQualifier",
        "value-qualifier/at-least",
        "At least two of these cases",
    ),
    (
        "observation/tip2011-child-sex-trafficking-conviction-cases-2010",
        "thb:victimGroup",
        "victim-group/children",
        "sex trafficking of children",
    ),
    ("observation/tip2011-ten-year-sentence-2010", "thb:value", number("10"), "received a sentence of 10 years"),
    (
        "observation/tip2011-bergen-romanians-in-custody-2010",
        "thb:value",
        number("6"),
        "placed in custody six Romanians",
    ),
    ("observation/tip2011-bergen-romanians-in-custody-2010", "thb:nationality", "country/ROU", "six Romanians"),
    ("observation/tip2011-bergen-children-trafficked-2010", "thb:value", number("5"), "trafficking five children"),
    (
        "observation/tip2011-referrals-for-identification-2010",
        "thb:value",
        number("531"),
        "made 531 referrals of potential victims",
    ),
    (
        "observation/tip2011-referrals-for-identification-2010",
        "sdmx-attribute:unitMeasure",
        "unit/referral",
        "531 referrals",
    ),
    (
        "observation/tip2011-victims-referred-to-care-2009",
        "thb:value",
        number("292"),
        "approximately 292 victims to care",
    ),
    (
        "observation/tip2011-victims-referred-to-care-2009",
        "thb:indicator",
        "indicator/victims-referred-to-care",
        "referred approximately 292 victims to care",
    ),
    (
        "observation/tip2011-victims-referred-to-care-2009",
        "thb:valueQualifier",
        "value-qualifier/approximately",
        "approximately 292",
    ),
    ("observation/tip2011-victims-assisted-2010", "thb:value", number("319"), "services for 319 trafficking victims"),
    (
        "observation/tip2011-victims-assisted-2010",
        "thb:indicator",
        "indicator/victims-provided-services",
        "reported providing services for 319 trafficking victims",
    ),
    (
        "observation/tip2011-victims-assisted-2010",
        "thb:breakdownComplete",
        Literal("true", datatype=XSD.boolean),
        "319 trafficking victims, including 194",
    ),
    (
        "observation/tip2011-sex-trafficking-victims-assisted-2010",
        "thb:value",
        number("194"),
        "194 sex trafficking victims",
    ),
    (
        "observation/tip2011-labour-trafficking-victims-assisted-2010",
        "thb:exploitationForm",
        "exploitation-form/labour-trafficking",
        "105 victims of labor trafficking",
    ),
    (
        "observation/tip2011-sex-and-labour-trafficking-victims-assisted-2010",
        "thb:exploitationForm",
        "exploitation-form/sex-and-labour-trafficking",
        "20 victims of both sex and labor trafficking",
    ),
    (
        "observation/tip2011-sex-and-labour-trafficking-victims-assisted-2010",
        "thb:breakdownOf",
        "observation/tip2011-victims-assisted-2010",
        "20 victims of both sex and labor trafficking",
    ),
    # --- funding and demand
    ("observation/tip2011-international-funding-2010", "thb:value", number("12.8"), "approximately $12.8 million"),
    (
        "observation/tip2011-international-funding-2010",
        "sdmx-attribute:unitMeasure",
        "unit/million-usd",
        "$12.8 million",
    ),
    ("observation/tip2011-international-funding-2009", "thb:value", number("9.3"), "approximately $9.3 million"),
    (
        "observation/tip2011-international-funding-2009",
        "sdmx-dimension:refPeriod",
        "period/2009",
        "anti-trafficking efforts in 2009",
    ),
    (
        "international-funding/tip2011-international-efforts-2010",
        "thb:providedBy",
        "organization/government-of-norway",
        "leadership role as an international donor",
    ),
    (
        "observation/tip2011-persons-charged-purchase-of-sex-2010",
        "thb:value",
        number("280"),
        "charging approximately 280 individuals",
    ),
    (
        "observation/tip2011-persons-charged-purchase-of-sex-2010",
        "thb:indicator",
        "indicator/persons-charged-purchase-of-sex",
        "purchasing or attempting to purchase sexual services",
    ),
    (
        "country/NOR",
        "thb:prohibits",
        "exploitation-form/purchase-of-sexual-services",
        "the crime of purchasing or attempting to purchase sexual services",
    ),
    # --- bodies and relations
    (
        "organization/specialised-anti-trafficking-unit",
        "thb:housedIn",
        "organization/police-directorate",
        "specialized anti-trafficking unit housed in the Police Directorate",
    ),
    (
        "organization/specialised-anti-trafficking-unit",
        "rdfs:label",
        en("specialized police unit"),
        "the specialized police unit reported",
    ),
    (
        "organization/oslo-and-bergen-anti-trafficking-investigators",
        "thb:operatedBy",
        "organization/government-of-norway",
        "specialized anti-trafficking investigators in its two largest cities, Oslo and Bergen",
    ),
    # --- where the bodies work and the Bergen case took place
    (
        "organization/oslo-and-bergen-anti-trafficking-investigators",
        "thb:operatesIn",
        "place/NO-OSL",
        "investigators in its two largest cities, Oslo and Bergen",
    ),
    (
        "organization/oslo-and-bergen-anti-trafficking-investigators",
        "thb:operatesIn",
        "place/NO-BGO",
        "investigators in its two largest cities, Oslo and Bergen",
    ),
    ("place/NO-OSL", "rdfs:label", en("Oslo"), "its two largest cities, Oslo and Bergen"),
    ("place/NO-BGO", "rdfs:label", en("Bergen"), "its two largest cities, Oslo and Bergen"),
    ("organization/bergen-police", "thb:operatesIn", "place/NO-BGO", "the Bergen police"),
    (
        "law-enforcement-action/tip2011-bergen-romanian-children-case",
        "thb:appliesIn",
        "place/NO-BGO",
        "the Bergen police placed in custody six Romanians",
    ),
    (
        "observation/tip2011-bergen-romanians-in-custody-2010",
        "thb:place",
        "place/NO-BGO",
        "the Bergen police placed in custody six Romanians",
    ),
    (
        "observation/tip2011-bergen-children-trafficked-2010",
        "thb:place",
        "place/NO-BGO",
        "the Bergen police placed in custody six Romanians on charges of trafficking five children",
    ),
    ("permit/reflection-period", "thb:appliesIn", "country/NOR", "permitted to stay in Norway"),
    (
        "law-enforcement-action/tip2011-bergen-romanian-children-case",
        "thb:conductedBy",
        "organization/bergen-police",
        "the Bergen police placed in custody",
    ),
    (
        "law-enforcement-action/tip2011-bergen-romanian-children-case",
        "thb:period",
        "period/2010",
        "In 2010, the Bergen police",
    ),
    (
        "organization/kom",
        "rdfs:label",
        en("National Coordination Unit"),
        "to the National Coordination Unit for official victim identification",
    ),
    (
        "organization/kom",
        "rdfs:label",
        en("coordination unit for victims of human trafficking"),
        "the coordination unit for victims of human trafficking conducted",
    ),
    (
        "organization/kom",
        "rdfs:label",
        en("national coordinating unit for victims of human trafficking"),
        "The national coordinating unit for victims of human trafficking collected",
    ),
    (
        "service/national-trafficking-hotline",
        "thb:operatedBy",
        "organization/kom",
        "operated a national trafficking hotline",
    ),
    (
        "study/tip2011-kom-annual-statistics",
        "thb:conductedBy",
        "organization/kom",
        "collected annual statistics on trafficking",
    ),
    (
        "organization/tip2011-ngo-operated-project",
        "thb:operatedBy",
        "organization/ngos",
        "through an NGO-operated project",
    ),
    (
        "organization/tip2011-government-funded-ngos",
        "thb:fundedBy",
        "organization/government-of-norway",
        "government-funded NGOs provided care to men",
    ),
    (
        "programme/norwegian-anti-trafficking-efforts",
        "thb:mandateCovers",
        "victim-group/female-victims",
        "covers only women",
    ),
    # --- the seminar
    (
        "seminar/tip2011-national-identification-seminar-2010-09",
        "thb:conductedBy",
        "organization/kom",
        "conducted a two-day national seminar",
    ),
    ("seminar/tip2011-national-identification-seminar-2010-09", "thb:period", "period/2010-09", "In September 2010"),
    (
        "seminar/tip2011-national-identification-seminar-2010-09",
        "thb:duration",
        typed("P2D", XSD.duration),
        "two-day national seminar",
    ),
    (
        "seminar/tip2011-national-identification-seminar-2010-09",
        "thb:numberOfParticipants",
        typed("200", XSD.nonNegativeInteger),
        "The 200 participants",
    ),
    (
        "seminar/tip2011-national-identification-seminar-2010-09",
        "thb:participant",
        "organization/child-welfare-services",
        "child protective services",
    ),
    (
        "seminar/tip2011-national-identification-seminar-2010-09",
        "thb:topic",
        "topic/victim-identification",
        "seminar on identifying trafficking victims",
    ),
    # --- services
    (
        "service/shelter-in-domestic-violence-centres",
        "thb:providedBy",
        "organization/government-of-norway",
        "shelter in domestic violence centers",
    ),
    ("service/stipends", "rdfs:label", en("stipends"), "vocational training, stipends, Norwegian classes"),
    ("service/norwegian-classes", "thb:eligibleGroup", "victim-group/victims", "gave trafficking victims in Norway"),
    ("service/legal-assistance", "thb:providedBy", "organization/government-of-norway", "and legal assistance"),
    # --- permits
    ("permit/reflection-period", "thb:maximumDuration", typed("P6M", XSD.duration), "six-month reflection period"),
    ("permit/reflection-period", "thb:qualifier", en("without conditions"), "stay in Norway without conditions"),
    (
        "permit/permanent-residence-retribution-or-hardship",
        "thb:condition",
        en("that they give statements to the police outside of court"),
        "on the condition that they give statements to the police outside of court",
    ),
    (
        "permit/permanent-residence-retribution-or-hardship",
        "thb:adoptedIn",
        typed("2010", XSD.gYear),
        "new regulations adopted in 2010",
    ),
    (
        "permit/permanent-residence-retribution-or-hardship",
        "thb:eligibleGroup",
        "victim-group/victims-facing-retribution-or-hardship",
        "victims facing retribution or hardship in their countries",
    ),
    (
        "permit/stay-for-duration-of-trial",
        "thb:condition",
        en("who made a formal complaint to the police"),
        "could remain in Norway for the duration of trial",
    ),
    (
        "permit/permanent-residence-after-court-testimony",
        "thb:condition",
        en("who testified in court"),
        "were entitled to permanent residency",
    ),
    # --- prevention
    (
        "action-plan/no-nap-2011-2014",
        "thb:issuedIn",
        typed("2010-12", XSD.gYearMonth),
        "In December 2010, the government issued",
    ),
    ("action-plan/no-nap-2011-2014", "thb:period", "period/2011-2014", "action plan for 2011-2014"),
    ("action-plan/no-nap-2011-2014", "thb:focusesOn", "topic/child-victims", "focuses on the protection of children"),
    (
        "action-plan/no-nap-2011-2014",
        "thb:focusesOn",
        "topic/illegal-capital-flows",
        "monitoring of illegal capital flows from human trafficking",
    ),
    (
        "action-plan/no-nap-2011-2014",
        "thb:hasMeasure",
        "measure/tip2011-strategies-to-prevent-forced-begging",
        "new strategies to prevent forced begging",
    ),
    (
        "action-plan/no-nap-2011-2014",
        "thb:hasMeasure",
        "measure/tip2011-annual-reports-on-trends",
        "required annual reports on trends, challenges, and research needs",
    ),
    (
        "prevention-project/tip2011-officials-visit-asylum-centres",
        "thb:targetGroup",
        "victim-group/unaccompanied-foreign-children",
        "asylum centers that care for unaccompanied foreign children",
    ),
    (
        "study/tip2011-reflection-period-study",
        "thb:commissionedBy",
        "organization/government-of-norway",
        "commissioned two other major studies",
    ),
    (
        "study/tip2011-intergovernmental-collaboration-study",
        "thb:conductedBy",
        "organization/research-institutions",
        "from research institutions",
    ),
    (
        "campaign/tip2011-education-campaign-18-year-olds-2010",
        "thb:fundedBy",
        "organization/government-of-norway",
        "the government funded a small-scale education campaign",
    ),
    (
        "campaign/tip2011-education-campaign-18-year-olds-2010",
        "thb:carriedOutBy",
        "organization/ngos",
        "carried out by an NGO",
    ),
    (
        "campaign/tip2011-education-campaign-18-year-olds-2010",
        "thb:targetGroup",
        "victim-group/18-year-old-students",
        "targeting 18-year old students",
    ),
    (
        "prevention-project/tip2011-outreach-to-prospective-purchasers-2011-02",
        "thb:period",
        "period/2011-02",
        "In February 2011",
    ),
    (
        "prevention-project/tip2011-outreach-to-prospective-purchasers-2011-02",
        "thb:targetGroup",
        "victim-group/prospective-purchasers-of-sexual-services",
        "reach out to prospective purchasers of sexual services",
    ),
    (
        "training/tip2011-troops-before-deployment",
        "thb:targetGroup",
        "victim-group/norwegian-peacekeeping-troops",
        "training to Norwegian troops before their deployment overseas",
    ),
    # --- gaps
    (
        "gap/tip2011-no-labour-trafficking-prosecutions",
        "thb:concerns",
        "topic/labour-trafficking-prosecution",
        "did not prosecute any labor trafficking cases",
    ),
    (
        "gap/tip2011-child-victim-penalized-and-deported",
        "dcterms:description",
        en(
            "a child trafficking victim was penalized and deported for crimes that he or she committed"
            " as a result of being trafficked"
        ),
        "penalized and deported",
    ),
    (
        "gap/tip2011-forced-labour-victims-less-identified",
        "thb:concerns",
        "topic/victim-identification",
        "forced labor victims were less likely to be identified",
    ),
    (
        "gap/tip2011-reflection-period-little-known",
        "thb:concerns",
        "permit/reflection-period",
        "very few people outside of the active anti-trafficking circles",
    ),
    (
        "gap/tip2011-no-state-funded-shelters-for-children",
        "thb:concerns",
        "topic/child-victims",
        "no state-funded shelters",
    ),
    (
        "gap/tip2011-no-national-awareness-campaign",
        "thb:concerns",
        "topic/awareness-campaign",
        "did not, however, fund any national trafficking awareness campaigns",
    ),
    (
        "gap/tip2011-mandate-covers-only-women",
        "thb:concerns",
        "programme/norwegian-anti-trafficking-efforts",
        "the formal mandate of the government's anti-trafficking program covers only women",
    ),
    # --- recommendations and what they address
    (
        "recommendation/tip2011-fund-awareness-campaign",
        "thb:recommends",
        en("fund a national anti-trafficking awareness campaign"),
        "fund a national anti-trafficking awareness campaign",
    ),
    (
        "recommendation/tip2011-fund-awareness-campaign",
        "thb:addresses",
        "gap/tip2011-no-national-awareness-campaign",
        "fund a national anti-trafficking awareness campaign",
    ),
    (
        "recommendation/tip2011-national-rapporteur",
        "thb:recommendedBy",
        "organization/us-department-of-state",
        "establish a national anti-trafficking rapporteur",
    ),
    (
        "recommendation/tip2011-national-rapporteur",
        "thb:recommendationTo",
        "country/NOR",
        "critical assessments of Norway's anti-trafficking efforts",
    ),
    (
        "recommendation/tip2011-prosecute-sex-and-labour-trafficking",
        "thb:addresses",
        "gap/tip2011-no-labour-trafficking-prosecutions",
        "prosecute and convict both sex and labor trafficking offenders",
    ),
    (
        "recommendation/tip2011-front-line-reflection-period",
        "thb:addresses",
        "gap/tip2011-reflection-period-little-known",
        "front-line responders understand the reflection period",
    ),
    (
        "recommendation/tip2011-male-and-child-victims",
        "thb:addresses",
        "gap/tip2011-mandate-covers-only-women",
        "address male as well as female victims of trafficking",
    ),
    (
        "recommendation/tip2011-revocable-deportation-orders",
        "thb:addresses",
        "gap/tip2011-deportation-continued-after-notice",
        "deportation orders could be revoked once issued",
    ),
]


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "must_contain"), FACTS, ids=[f"{s} {p}" for s, p, _, _ in FACTS]
)
def test_fact_is_stated(store, source_text, subject, predicate, obj, must_contain):
    assert_stated(store, source_text, SRC, subject, predicate, obj, must_contain)


# Each figure reaches what it counts through a dimension, or the population it is computed over
# through thb:computedOver: (the figure in digits, the link, what the document says it counts,
# words of the passage).
SEVEN_OF_EIGHT = "observation/tip2011-offenders-sentenced-nine-months-to-four-years-2010"
FIGURES = [
    (
        "531",
        "thb:organization",
        "organization/kom",
        "made 531 referrals of potential victims to the National Coordination Unit",
    ),
    ("25", "thb:victimGroup", "victim-group/child-victims", "25 percent of all trafficking victims in Norway"),
    ("47", "thb:victimGroup", "victim-group/children", "47 children disappeared from refugee centers"),
    ("47", "thb:organization", "organization/asylum-reception-centres", "47 children disappeared from refugee centers"),
    (
        "280",
        "thb:exploitationForm",
        "exploitation-form/purchase-of-sexual-services",
        "charging approximately 280 individuals with the crime of purchasing or attempting to purchase sexual services",
    ),
    (
        "11",
        "thb:legalProvision",
        "legal-provision/no-penal-code-1902-s224",
        "prosecuted 11 trafficking offenders under Section 224 for sex trafficking",
    ),
    ("6", "thb:organization", "organization/bergen-police", "the Bergen police placed in custody six Romanians"),
    ("5", "thb:organization", "organization/bergen-police", "the Bergen police placed in custody"),
    ("5", "thb:victimGroup", "victim-group/children", "trafficking five children"),
    ("2", "thb:computedOver", SEVEN_OF_EIGHT, "Seven of the eight trafficking offenders convicted in 2010"),
    ("9", "thb:computedOver", SEVEN_OF_EIGHT, "Seven of the eight trafficking offenders convicted in 2010"),
    ("4", "thb:computedOver", SEVEN_OF_EIGHT, "between nine months and four years"),
    (
        "30",
        "thb:computedOver",
        "observation/tip2011-offenders-convicted-2009",
        "offenders convicted in 2009 received an average of 30 months' imprisonment",
    ),
    ("319", "thb:indicator", "indicator/victims-provided-services", "providing services for 319 trafficking victims"),
    ("292", "thb:indicator", "indicator/victims-referred-to-care", "referred approximately 292 victims to care"),
]


@pytest.mark.parametrize(
    ("value", "link", "obj", "must_contain"), FIGURES, ids=[f"{v} {p} {o}" for v, p, o, _ in FIGURES]
)
def test_a_figure_reaches_what_it_counts(store, source_text, value, link, obj, must_contain):
    assert_figure_counts(store, source_text, SRC, value, link, obj, must_contain)


def test_the_2010_average_covers_seven_of_the_eight_convicted(graph):
    """ "Seven of the eight trafficking offenders convicted in 2010 received terms of imprisonment between
    nine months and four years, with an average sentence of two years": the average is computed over
    the seven, a part of the eight, not over all eight; the 2009 average "as offenders convicted in
    2009 received an average of 30 months'" over all six convicted in 2009."""
    value, computed_over, part_of = iri("thb:value"), iri("thb:computedOver"), iri("thb:breakdownOf")
    (seven,) = graph.objects(iri("observation/tip2011-average-sentence-2010"), computed_over)
    assert Decimal(str(graph.value(seven, value))) == 7
    (eight,) = graph.objects(seven, part_of)
    assert Decimal(str(graph.value(eight, value))) == 8
    (six,) = graph.objects(iri("observation/tip2011-average-sentence-2009"), computed_over)
    assert Decimal(str(graph.value(six, value))) == 6
    assert not list(graph.objects(six, part_of))


def test_the_charged_purchasers_name_no_provision_of_this_report(build):
    """The report names the crime ("the crime of purchasing or attempting to purchase sexual
    services") but no section of the code: its graph links the figure to no legal provision."""
    source = build.graphs[graph_iri(f"source/{SRC}")]
    assert not list(
        source.objects(iri("observation/tip2011-persons-charged-purchase-of-sex-2010"), iri("thb:legalProvision"))
    )


def test_the_charged_purchasers_reach_the_provisions_on_buying_sex_through_their_offence(graph, source_text):
    """The report counts those charged "with the crime of purchasing or attempting to purchase sexual
    services"; the 2010 description states "Purchasing sexual services is prohibited (section 202a and
    203 of the Penal Code)". The figure's form-of-exploitation dimension is the offence those sections
    prohibit, so a query reaches the sections from the figure without a link neither document states."""
    text = " ".join(source_text("no-moj-2010-bsppc").split())
    assert "Purchasing sexual services is prohibited (section 202a and 203 of the Penal Code)." in text
    rows = graph.query(
        """PREFIX thb: <https://w3id.org/thbkg/ontology#>
           SELECT ?provision WHERE {
               ?figure thb:exploitationForm ?offence . ?provision thb:prohibits ?offence ; a thb:LegalProvision
           }""",
        initBindings={"figure": iri("observation/tip2011-persons-charged-purchase-of-sex-2010")},
    )
    sections = {str(row.provision).rsplit("-s", 1)[1] for row in rows}
    assert sections == {"202a", "203"}


def test_the_report_states_no_gap_of_the_other_document(build):
    """The report never cites the 2010 Norwegian description: its graph links none of its
    recommendations to a gap of that description (the curators' links do, in test_curation.py)."""
    facts = build.graphs[graph_iri(f"source/{SRC}")]
    linked = {str(o) for o in facts.objects(None, iri("thb:addresses"))}
    assert linked and not [gap for gap in linked if "/gap/moj2010-" in gap]


def test_the_pimping_recommendation_concerns_telling_trafficking_from_procurement(store, source_text):
    """'downgraded to pimping'."""
    assert_stated(
        store,
        source_text,
        SRC,
        "recommendation/tip2011-prosecute-sex-and-labour-trafficking",
        "thb:concerns",
        "topic/trafficking-versus-procurement",
        "downgraded to pimping",
    )


def test_eight_recommendations(graph, source_text):
    """The 'Recommendations for Norway:' paragraph makes eight recommendations (seven semicolons)."""
    text = source_text(SRC)
    paragraph = next(line for line in text.splitlines() if line.startswith("Recommendations for Norway:"))
    assert paragraph.count(";") == 7
    rows = graph.query(
        """PREFIX thb: <https://w3id.org/thbkg/ontology#>
           PREFIX prov: <http://www.w3.org/ns/prov#>
           SELECT DISTINCT ?r WHERE {
             ?r a thb:Recommendation ; thb:recommendedBy ?by ; thb:recommendationTo ?to .
             ?claim thb:about ?r ; prov:wasDerivedFrom ?doc . }""",
        initBindings={
            "by": iri("organization/us-department-of-state"),
            "to": iri("country/NOR"),
            "doc": iri(f"document/{SRC}"),
        },
    )
    assert len(rows) == 8


def test_services_breakdown_sums_to_the_stated_total(graph):
    """194 sex + 105 labour + 20 both = the 319 victims the report says received services in 2010."""
    query = """
    PREFIX thb: <https://w3id.org/thbkg/ontology#>
    PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
    SELECT ?total (SUM(?part) AS ?sum) (COUNT(?p) AS ?parts) WHERE {
      ?t thb:value ?total ; thb:breakdownComplete true ; sdmx-dimension:refPeriod ?period .
      ?p thb:breakdownOf ?t ; thb:value ?part .
    } GROUP BY ?t ?total
    """
    rows = list(
        graph.query(
            query, initBindings={"t": iri("observation/tip2011-victims-assisted-2010"), "period": iri("period/2010")}
        )
    )
    assert len(rows) == 1
    total, summed, parts = rows[0]
    assert Decimal(str(total)) == Decimal("319")
    assert int(parts) == 3
    assert Decimal(str(summed)) == Decimal("194") + Decimal("105") + Decimal("20") == Decimal(str(total))


def test_the_two_2009_counts_are_two_definitions_of_one_family(graph):
    """ "In 2009, the government referred approximately 292 victims to care" (this report) and "providing
    assistance to a total of 292 presumed victims of trafficking" during 2009 (the 2010 Norwegian
    description): the same figure, counted by two definitions of the family of victims assisted."""
    query = """
    PREFIX thb: <https://w3id.org/thbkg/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
    PREFIX qb: <http://purl.org/linked-data/cube#>
    SELECT DISTINCT ?ds ?i WHERE {
      ?o thb:indicator ?i ; sdmx-dimension:refPeriod ?p ; sdmx-dimension:refArea ?a ; thb:value ?v ; qb:dataSet ?ds .
      ?i skos:broader ?family .
      FILTER(?v = 292)
    }
    """
    bindings = {"family": iri("indicator/victims-assisted"), "p": iri("period/2009"), "a": iri("country/NOR")}
    indicators = {str(row.ds).rsplit("/", 1)[1]: str(row.i) for row in graph.query(query, initBindings=bindings)}
    assert indicators.items() >= {
        (SRC, str(iri("indicator/victims-referred-to-care"))),
        ("no-moj-2010-bsppc", str(iri("indicator/presumed-victims-assisted"))),
    }


def test_the_two_largest_cities_are_cities_in_norway(graph):
    """ "The government operated specialized anti-trafficking investigators in its two largest
    cities, Oslo and Bergen": two cities, each in the country whose government it is, Norway (by
    their UN/LOCODEs, NO OSL and NO BGO)."""
    for key, code in (("place/NO-OSL", "NO OSL"), ("place/NO-BGO", "NO BGO")):
        assert (iri(key), iri("rdf:type"), iri("thb:City")) in graph
        assert (iri(key), iri("rdf:type"), iri("thb:Place")) in graph
        assert (iri(key), iri("skos:notation"), Literal(code)) in graph
        assert (iri(key), iri("schema:containedInPlace"), iri("country/NOR")) in graph


def test_the_bergen_figures_are_bergens_within_norway(graph):
    """The six Romanians and the five children of the Bergen police's case: the place dimension is
    Bergen, inside the reference area Norway."""
    for observation in ("tip2011-bergen-romanians-in-custody-2010", "tip2011-bergen-children-trafficked-2010"):
        subject = iri(f"observation/{observation}")
        assert list(graph.objects(subject, iri("thb:place"))) == [iri("place/NO-BGO")]
        assert list(graph.objects(subject, iri("sdmx-dimension:refArea"))) == [iri("country/NOR")]
