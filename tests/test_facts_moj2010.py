"""Facts read from the 2010 Ministry of Justice description to the BSPPC working group.

Each case is a fact a reader finds in data/sources/no-moj-2010-bsppc.txt, with words copied from
the passage that states it; the test checks the build states the fact from that passage.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from facts import assert_figure_counts, assert_stated, iri, number

SOURCE = "no-moj-2010-bsppc"


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def year(value: str) -> Literal:
    return Literal(value, datatype=XSD.gYear)


FACTS = [
    # --- the document, its author and his posts
    (
        "document/no-moj-2010-bsppc",
        "dcterms:title",
        en("Trafficking in Human Beings \u2013 Norwegian description to the BSPPC working group"),
        "Norwegian description to the BSPPC working group",
    ),
    ("document/no-moj-2010-bsppc", "thb:issuedIn", Literal("2010-03", datatype=XSD.gYearMonth), "March 2010"),
    ("document/no-moj-2010-bsppc", "prov:wasAttributedTo", "person/jan-austad", "Jan Austad"),
    ("document/no-moj-2010-bsppc", "dcterms:audience", "organization/bsppc-working-group", "BSPPC working group"),
    ("person/jan-austad", "rdfs:label", en("Jan Austad"), "Jan Austad"),
    ("post/senior-adviser-ministry-of-justice", "org:heldBy", "person/jan-austad", "Jan Austad Senior adviser"),
    ("post/senior-adviser-ministry-of-justice", "rdfs:label", en("Senior adviser"), "Senior adviser"),
    (
        "post/national-coordinator",
        "org:heldBy",
        "person/jan-austad",
        "National coordinator on Trafficking in Human Beings",
    ),
    (
        "post/national-coordinator",
        "org:postIn",
        "organization/ministry-of-justice-and-the-police",
        "National coordinator on Trafficking in Human Beings Ministry of Justice and the Police",
    ),
    # --- national plans of action
    (
        "action-plan/norwegian-national-plans-of-action",
        "thb:developedSince",
        year("2003"),
        "Since 2003 the Government has developed national plans of action",
    ),
    (
        "action-plan/norwegian-national-plans-of-action",
        "thb:drawnUpBy",
        "organization/government-of-norway",
        "the Government has developed national plans of action",
    ),
    ("action-plan/no-nap-2006", "thb:introducedIn", year("2006"), "The current plan is from 2006."),
    (
        "action-plan/no-nap-2006",
        "thb:partOfSeries",
        "action-plan/norwegian-national-plans-of-action",
        "The current plan is from 2006.",
    ),
    ("action-plan/no-nap-2011-2014", "thb:plannedIntroduction", year("2010"), "A new plan will be introduced in 2010."),
    (
        "action-plan/no-nap-2006",
        "thb:drawnUpBy",
        "organization/ministry-of-labour-and-social-inclusion",
        "drawn up by the Ministry of Labour and Social Inclusion",
    ),
    (
        "action-plan/no-nap-2006",
        "thb:drawnUpBy",
        "organization/ministry-of-children-and-equality",
        "the Ministry of Children and Equality",
    ),
    ("action-plan/no-nap-2006", "thb:drawnUpBy", "organization/ministry-of-defence", "the Ministry of Defence"),
    (
        "action-plan/no-nap-2006",
        "thb:drawnUpBy",
        "organization/ministry-of-health-and-care-services",
        "the Ministry of Health and Care Services",
    ),
    (
        "action-plan/no-nap-2006",
        "thb:drawnUpBy",
        "organization/ministry-of-justice-and-the-police",
        "the Ministry of Justice and the Police and the Ministry of Foreign Affairs",
    ),
    (
        "action-plan/no-nap-2006",
        "thb:drawnUpBy",
        "organization/ministry-of-foreign-affairs",
        "the Ministry of Foreign Affairs",
    ),
    (
        "organization/ministry-of-justice-and-the-police",
        "thb:hasMainResponsibilityFor",
        "programme/norwegian-anti-trafficking-efforts",
        "has the main responsibility for coordinating",
    ),
    (
        "organization/ministry-of-justice-and-the-police",
        "thb:coordinates",
        "programme/norwegian-anti-trafficking-efforts",
        "coordinating the Government's efforts to combat human trafficking",
    ),
    (
        "action-plan/no-nap-2006",
        "thb:numberOfMeasures",
        Literal("37", datatype=XSD.nonNegativeInteger),
        "The plan contains 37 measures.",
    ),
    (
        "action-plan/no-nap-2006",
        "thb:hasGoal",
        "goal/moj2010-limit-recruitment-and-demand",
        "The main goals and measures in the plan of action include the following",
    ),
    (
        "action-plan/no-nap-2006",
        "thb:hasGoal",
        "goal/moj2010-international-framework-and-cooperation",
        "strengthen the international framework and international cooperation",
    ),
    (
        "goal/moj2010-limit-recruitment-and-demand",
        "rdfs:label",
        en("limit recruitment and demand"),
        "limit recruitment and demand",
    ),
    (
        "goal/moj2010-assistance-and-protection-for-victims",
        "rdfs:label",
        en("ensure appropriate assistance and protection for victims"),
        "ensure appropriate assistance and protection for victims",
    ),
    (
        "goal/moj2010-follow-up-services-for-child-victims",
        "rdfs:label",
        en("ensure that child victims of human trafficking receive appropriate follow-up services"),
        "child victims of human trafficking receive appropriate follow-up services",
    ),
    (
        "goal/moj2010-exposure-and-prosecution-of-traffickers",
        "rdfs:label",
        en("ensure a greater degree of exposure and prosecution of human traffickers"),
        "exposure and prosecution of human traffickers",
    ),
    (
        "goal/moj2010-knowledge-and-inter-disciplinary-cooperation",
        "rdfs:label",
        en("ensure more knowledge and stronger inter-disciplinary cooperation"),
        "stronger inter-disciplinary cooperation",
    ),
    (
        "goal/moj2010-international-framework-and-cooperation",
        "rdfs:label",
        en("strengthen the international framework and international cooperation"),
        "strengthen the international framework",
    ),
    # --- the gap: no national rapporteur
    (
        "gap/moj2010-no-national-rapporteur",
        "dcterms:description",
        en("Norway does not have a National Rapporteur on trafficking in human beings."),
        "Norway does not have a National Rapporteur",
    ),
    ("gap/moj2010-no-national-rapporteur", "thb:concerns", "topic/national-rapporteur", "National Rapporteur"),
    # --- the Coordinating Unit (KOM)
    (
        "organization/kom",
        "rdfs:label",
        en("Coordinating Unit for Assistance and Protection"),
        "The Coordinating Unit for Assistance and Protection",
    ),
    ("organization/kom", "thb:establishedIn", year("2006"), "In 2006 the Government established a Coordinating Unit"),
    (
        "organization/kom",
        "thb:establishedBy",
        "organization/government-of-norway",
        "the Government established a Coordinating Unit for victims of trafficking",
    ),
    (
        "organization/kom",
        "rdfs:label",
        en("Coordinating Unit for victims of trafficking"),
        "a Coordinating Unit for victims of trafficking",
    ),
    ("organization/kom", "rdfs:label", en("KOM project"), "(the KOM project)"),
    ("organization/kom", "rdfs:label", en("Coordinating Unit"), "The Coordinating Unit also contributes"),
    (
        "organization/kom",
        "rdfs:label",
        en("Coordinating unit for victims of trafficking"),
        "The Coordinating unit for victims of trafficking has collected data",
    ),
    (
        "organization/kom",
        "thb:administeredBy",
        "organization/police-directorate",
        "is administered by the Directorate of Police",
    ),
    ("organization/police-directorate", "rdfs:label", en("Directorate of Police"), "the Directorate of Police"),
    ("organization/kom", "thb:assists", "organization/welfare-services", "assists the welfare services"),
    (
        "organization/kom",
        "thb:offers",
        "service/moj2010-methods-for-identifying-victims",
        "by providing methods for identifying victims",
    ),
    (
        "service/moj2010-methods-for-planning-assistance-and-protection",
        "thb:providedBy",
        "organization/kom",
        "for planning and mobilising assistance and protection services",
    ),
    (
        "activity/moj2010-development-of-information-and-human-resources",
        "thb:participant",
        "organization/kom",
        "contributes to the development of information and human resources",
    ),
    # --- legislation
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:covers",
        "exploitation-form/human-trafficking",
        "human trafficking comes under section 224 of the Penal Code",
    ),
    (
        "legal-provision/no-penal-code-1902-s224",
        "rdfs:label",
        en("section 224 of the Penal Code"),
        "section 224 of the Penal Code",
    ),
    (
        "legal-provision/no-penal-code-1902-s224",
        "eli:is_part_of",
        "law/no-penal-code-1902",
        "section 224 of the Penal Code",
    ),
    ("legal-provision/no-penal-code-1902-s224", "thb:introducedIn", year("2003"), "This provision, introduced in 2003"),
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:basedOn",
        "treaty/palermo-protocol",
        "is based on the Palermo Protocol",
    ),
    ("treaty/palermo-protocol", "rdfs:label", en("Palermo Protocol"), "Palermo Protocol"),
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:covers",
        "exploitation-form/exploitation-for-prostitution",
        "covers exploitation for the purpose of prostitution",
    ),
    ("legal-provision/no-penal-code-1902-s224", "thb:covers", "exploitation-form/forced-labour", "forced labour"),
    ("legal-provision/no-penal-code-1902-s224", "thb:covers", "exploitation-form/forced-begging", "including begging"),
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:covers",
        "exploitation-form/trade-in-human-organs",
        "trade in human organs",
    ),
    ("law/no-penal-code-1902", "rdfs:label", en("Norwegian Penal Code"), "The Norwegian Penal Code distinguishes"),
    (
        "law/no-penal-code-1902",
        "thb:distinguishesBetween",
        "exploitation-form/prostitution",
        "distinguishes between prostitution",
    ),
    ("law/no-penal-code-1902", "thb:distinguishesBetween", "exploitation-form/procurement", "procurement (pimping)"),
    (
        "law/no-penal-code-1902",
        "thb:distinguishesBetween",
        "exploitation-form/human-trafficking",
        "procurement (pimping) and human trafficking",
    ),
    (
        "legal-provision/no-penal-code-1902-s202a",
        "thb:prohibits",
        "exploitation-form/purchase-of-sexual-services",
        "Purchasing sexual services is prohibited (section 202a",
    ),
    (
        "legal-provision/no-penal-code-1902-s203",
        "thb:prohibits",
        "exploitation-form/purchase-of-sexual-services",
        "section 202a and 203 of the Penal Code",
    ),
    (
        "legal-provision/no-penal-code-1902-s202",
        "thb:covers",
        "exploitation-form/procurement",
        "is covered by section 202 of the Penal Code",
    ),
    (
        "gap/moj2010-distinguishing-trafficking-from-procurement",
        "thb:concerns",
        "topic/trafficking-versus-procurement",
        "between human trafficking and procurement",
    ),
    # --- treaty
    (
        "country/NOR",
        "thb:ratified",
        "treaty/coe-convention-against-trafficking",
        "Norway has ratified the Council of Europe Convention on Action against Trafficking in Human Beings",
    ),
    # --- permits
    (
        "permit/reflection-period",
        "thb:extendedIn",
        year("2006"),
        "In 2006 the Government extended the so-called reflection period",
    ),
    ("permit/reflection-period", "thb:maximumDuration", Literal("P6M", datatype=XSD.duration), "for up to six months"),
    (
        "permit/reflection-period",
        "thb:eligibleGroup",
        "victim-group/presumed-victims",
        "assumed victims of human trafficking",
    ),
    (
        "permit/reflection-period",
        "thb:condition",
        en("without legal grounds for staying in Norway"),
        "without legal grounds for staying in Norway",
    ),
    (
        "permit/one-year-temporary-work-permit",
        "thb:duration",
        Literal("P1Y", datatype=XSD.duration),
        "A new temporary work permit for one year",
    ),
    (
        "permit/one-year-temporary-work-permit",
        "thb:condition",
        en("the person has broken away from the people responsible for human trafficking"),
        "if the person has broken away from the people responsible for human trafficking",
    ),
    (
        "permit/one-year-temporary-work-permit",
        "thb:condition",
        en("a police investigation is initiated against the perpetrators"),
        "a police investigation is initiated against the perpetrators",
    ),
    # --- the ROSA project and its services
    (
        "organization/rosa-project",
        "thb:fundedBy",
        "organization/ministry-of-justice-and-the-police",
        "the Ministry of Justice and the Police has financed the ROSA project",
    ),
    ("organization/rosa-project", "thb:fundedSince", year("2005"), "Since 2005"),
    (
        "organization/rosa-project",
        "thb:runBy",
        "organization/crisis-centre-secretariat",
        "run by the crisis centre secretariat",
    ),
    ("organization/rosa-project", "rdfs:label", en("ROSA project"), "the ROSA project"),
    (
        "organization/crisis-centre-secretariat",
        "rdfs:label",
        en("crisis centre secretariat"),
        "crisis centre secretariat",
    ),
    ("organization/rosa-project", "thb:offers", "service/safe-housing", "offers safe housing"),
    ("organization/rosa-project", "thb:offers", "service/follow-up", "safe housing, follow-up and information"),
    ("organization/rosa-project", "thb:offers", "service/information", "follow-up and information"),
    (
        "organization/rosa-project",
        "thb:targetGroup",
        "victim-group/female-victims",
        "to female victims of human trafficking",
    ),
    # --- extent of the problem
    ("study/moj2010-kom-data-on-reported-extent", "thb:conductedBy", "organization/kom", "has collected data"),
    (
        "finding/moj2010-reported-versus-real-extent",
        "dcterms:description",
        en(
            "The Coordinating unit for victims of trafficking has collected data that gives a picture of the "
            "reported extent of trafficking. Needless to say, the real extent remains uncertain."
        ),
        "the real extent remains uncertain",
    ),
    ("observation/moj2010-presumed-victims-assisted-2009", "thb:value", number("292"), "292 presumed victims"),
    ("observation/moj2010-presumed-victims-assisted-2009", "sdmx-dimension:refPeriod", "period/2009", "during 2009"),
    (
        "observation/moj2010-presumed-victims-assisted-2009",
        "sdmx-dimension:refArea",
        "country/NOR",
        "organisations in Norway",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009",
        "thb:indicator",
        "indicator/presumed-victims-assisted",
        "providing assistance to a total of 292 presumed victims of trafficking",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009",
        "sdmx-attribute:unitMeasure",
        "unit/person",
        "292 presumed victims",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009",
        "thb:valueQualifier",
        "value-qualifier/estimate",
        "The Unit estimates",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009",
        "prov:wasAttributedTo",
        "organization/kom",
        "The Unit estimates",
    ),
    (
        "finding/moj2010-victims-identified-in-previous-years",
        "thb:concerns",
        "observation/moj2010-presumed-victims-assisted-2009",
        "identified in previous years",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009-nigerian",
        "thb:value",
        number("121"),
        "121 were Nigerian citizens",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009-nigerian",
        "thb:nationality",
        "country/NGA",
        "Nigerian citizens",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009-nigerian",
        "thb:indicator",
        "indicator/presumed-victims-assisted",
        "121 were Nigerian citizens",
    ),
    (
        "observation/moj2010-presumed-victims-assisted-2009-nigerian",
        "thb:breakdownOf",
        "observation/moj2010-presumed-victims-assisted-2009",
        "121 were Nigerian citizens",
    ),
    ("observation/moj2010-other-victim-nationalities-2009", "thb:value", number("42"), "42 other nationalities"),
    (
        "observation/moj2010-other-victim-nationalities-2009",
        "thb:scopeNote",
        en("the remaining were of 42 other nationalities"),
        "the remaining were of 42 other nationalities",
    ),
    (
        "observation/moj2010-other-victim-nationalities-2009",
        "sdmx-attribute:unitMeasure",
        "unit/nationality",
        "42 other nationalities",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009",
        "thb:value",
        number("73"),
        "a total of 73 foreigners applied for a temporary permit (reflection period) for the first time",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009",
        "sdmx-dimension:refPeriod",
        "period/2009",
        "In 2009, a total of 73 foreigners",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009",
        "thb:breakdownComplete",
        Literal("true", datatype=XSD.boolean),
        "50 were granted, while 23 were denied.",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009-granted",
        "thb:value",
        number("50"),
        "50 were granted",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009-granted",
        "thb:decision",
        "decision/granted",
        "50 were granted",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009-denied",
        "thb:value",
        number("23"),
        "23 were denied",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009-denied",
        "thb:decision",
        "decision/denied",
        "23 were denied",
    ),
    (
        "observation/moj2010-reflection-period-first-applications-2009-denied",
        "thb:breakdownOf",
        "observation/moj2010-reflection-period-first-applications-2009",
        "23 were denied",
    ),
    (
        "observation/moj2010-women-placed-in-safe-housing-rosa-2009",
        "thb:value",
        number("51"),
        "51 women were placed in safe housing by the project",
    ),
    (
        "observation/moj2010-women-placed-in-safe-housing-rosa-2009",
        "thb:indicator",
        "indicator/women-placed-in-safe-housing",
        "women were placed in safe housing",
    ),
    (
        "observation/moj2010-women-placed-in-safe-housing-rosa-2009",
        "sdmx-dimension:refPeriod",
        "period/2009",
        "In 2009, 51 women",
    ),
    ("service/safe-housing", "thb:providedBy", "organization/rosa-project", "placed in safe housing by the project"),
    # --- where the law and the permit apply
    (
        "legal-provision/no-penal-code-1902-s224",
        "thb:appliesIn",
        "country/NOR",
        "In Norway, human trafficking comes under section 224 of the Penal Code.",
    ),
    ("permit/reflection-period", "thb:appliesIn", "country/NOR", "without legal grounds for staying in Norway"),
    (
        "observation/moj2010-final-sentences-section-224-2003-2010",
        "thb:value",
        number("18"),
        "A total of 18 persons have received final sentences",
    ),
    (
        "observation/moj2010-final-sentences-section-224-2003-2010",
        "thb:indicator",
        "indicator/final-sentences-section-224",
        "final sentences for violating section 224 in the Penal Code",
    ),
    (
        "observation/moj2010-final-sentences-section-224-2003-2010",
        "sdmx-dimension:refPeriod",
        "period/2003--2010-03",
        "since its introduction in 2003",
    ),
    (
        "observation/moj2010-final-sentences-section-224-2003-2010",
        "sdmx-attribute:unitMeasure",
        "unit/person",
        "18 persons",
    ),
]

# Each figure reaches what it counts through a dimension: (the figure as the document gives it,
# the dimension, what the document says it counts, words of the passage).
FIGURES = [
    ("292", "thb:indicator", "indicator/presumed-victims-assisted", "assistance to a total of 292 presumed victims"),
    ("121", "thb:nationality", "country/NGA", "121 were Nigerian citizens"),
    ("73", "thb:victimGroup", "victim-group/foreigners", "a total of 73 foreigners applied"),
    ("50", "thb:decision", "decision/granted", "50 were granted"),
    ("51", "thb:organization", "organization/rosa-project", "51 women were placed in safe housing by the project"),
    ("51", "thb:victimGroup", "victim-group/women", "51 women were placed in safe housing"),
    (
        "18",
        "thb:legalProvision",
        "legal-provision/no-penal-code-1902-s224",
        "18 persons have received final sentences for violating section 224 in the Penal Code",
    ),
]


@pytest.mark.parametrize(
    ("value", "dimension", "obj", "must_contain"), FIGURES, ids=[f"{v} {d}" for v, d, _, _ in FIGURES]
)
def test_a_figure_reaches_what_it_counts(store, source_text, value, dimension, obj, must_contain):
    assert_figure_counts(store, source_text, SOURCE, value, dimension, obj, must_contain)


@pytest.mark.parametrize(
    ("subject", "predicate", "obj", "must_contain"),
    FACTS,
    ids=[f"{s.split('/', 1)[1]}-{p}-{i}" for i, (s, p, _o, _m) in enumerate(FACTS)],
)
def test_fact_stated(store, source_text, subject, predicate, obj, must_contain):
    assert_stated(store, source_text, SOURCE, subject, predicate, obj, must_contain)


SUM_OF_PARTS = """
PREFIX thb: <https://w3id.org/thbkg/ontology#>
SELECT ?total ?complete (SUM(?partValue) AS ?sum) (COUNT(?part) AS ?parts) WHERE {
  ?part thb:breakdownOf ?obs ; thb:value ?partValue .
  ?obs thb:value ?total ; thb:breakdownComplete ?complete .
}
GROUP BY ?total ?complete
"""


def test_reflection_period_decisions_sum_to_the_stated_total(graph):
    """The document: "a total of 73 foreigners applied ... 50 were granted, while 23 were denied": the parts in
    the graph add up to the total the document states."""
    rows = list(
        graph.query(
            SUM_OF_PARTS, initBindings={"obs": iri("observation/moj2010-reflection-period-first-applications-2009")}
        )
    )
    assert len(rows) == 1
    row = rows[0]
    assert row.parts.toPython() == 2
    assert row.complete.toPython() is True
    assert Decimal(str(row.sum.toPython())) == Decimal(73)
    assert Decimal(str(row.total.toPython())) == Decimal(73)


def test_nigerian_part_does_not_claim_a_complete_breakdown(graph):
    """121 Nigerians of 292 is one part: the total is not marked complete."""
    total = iri("observation/moj2010-presumed-victims-assisted-2009")
    assert not list(graph.objects(total, iri("thb:breakdownComplete")))
    assert (iri("observation/moj2010-presumed-victims-assisted-2009-nigerian"), iri("thb:breakdownOf"), total) in graph


def test_the_final_sentences_since_2003_run_to_the_documents_date(graph):
    """ "A total of 18 persons have received final sentences ... since its introduction in 2003", in a
    description dated March 2010: from some time in 2003 to some time in March 2010, so from the
    first day of 2003 to the last day of March 2010 (March has 31 days), not to the end of 2010."""
    observation = iri("observation/moj2010-final-sentences-section-224-2003-2010")
    (period,) = graph.objects(observation, iri("sdmx-dimension:refPeriod"))
    assert (
        iri("document/no-moj-2010-bsppc"),
        iri("dcterms:issued"),
        Literal("2010-03", datatype=XSD.gYearMonth),
    ) in graph
    assert list(graph.objects(period, iri("thb:startDate"))) == [Literal("2003-01-01", datatype=XSD.date)]
    assert list(graph.objects(period, iri("thb:endDate"))) == [Literal("2010-03-31", datatype=XSD.date)]
    (beginning,) = graph.objects(period, iri("time:hasBeginning"))
    (end,) = graph.objects(period, iri("time:hasEnd"))
    assert list(graph.objects(beginning, iri("time:inXSDgYear"))) == [Literal("2003", datatype=XSD.gYear)]
    assert list(graph.objects(end, iri("time:inXSDgYearMonth"))) == [Literal("2010-03", datatype=XSD.gYearMonth)]
    assert list(graph.objects(period, iri("skos:prefLabel"))) == [Literal("2003 to March 2010", lang="en")]
