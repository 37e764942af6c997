"""The message of a SHACL finding: the shape's own sh:message where it has one, otherwise a sentence
made from the constraint component and its parameters on the shape. One function for every
engine, so a message never depends on the wording of the library that found the fault."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from thbkg.build.terms import SH
from thbkg.core.namespaces import PREFIXES, THBSH, prefixed

# Per constraint component (its local name without "ConstraintComponent"): the sentence, with each
# parameter of the shape named in braces.
SENTENCES = {
    "Class": "Each value must be an instance of {class}.",
    "Datatype": "Each value must be a literal of datatype {datatype}.",
    "NodeKind": "Each value must be of node kind {nodeKind}.",
    "MinCount": "At least {minCount} value(s) are needed.",
    "MaxCount": "At most {maxCount} value(s) are allowed.",
    "MinExclusive": "Each value must be greater than {minExclusive}.",
    "MinInclusive": "Each value must be at least {minInclusive}.",
    "MaxExclusive": "Each value must be less than {maxExclusive}.",
    "MaxInclusive": "Each value must be at most {maxInclusive}.",
    "MinLength": "Each value must be at least {minLength} character(s) long.",
    "MaxLength": "Each value must be at most {maxLength} character(s) long.",
    "Pattern": "Each value must match the pattern {pattern}.",
    "LanguageIn": "Each value must have one of the language tags {languageIn}.",
    "UniqueLang": "At most one value per language tag is allowed.",
    "Equals": "The values must be those of {equals}.",
    "Disjoint": "No value may also be a value of {disjoint}.",
    "LessThan": "Each value must be less than every value of {lessThan}.",
    "LessThanOrEquals": "Each value must be at most every value of {lessThanOrEquals}.",
    "Not": "Each value must not conform to {not}.",
    "And": "Each value must conform to all of {and}.",
    "Or": "Each value must conform to at least one of {or}.",
    "Xone": "Each value must conform to exactly one of {xone}.",
    "Node": "Each value must conform to {node}.",
    "QualifiedMinCount": "At least {qualifiedMinCount} value(s) must conform to {qualifiedValueShape}.",
    "QualifiedMaxCount": "At most {qualifiedMaxCount} value(s) may conform to {qualifiedValueShape}.",
    "Closed": "The shape is closed: this property is not one it allows.",
    "HasValue": "The value {hasValue} is needed.",
    "In": "Each value must be one of {in}.",
}
NAMES = {**PREFIXES, "thbsh": THBSH, "sh": str(SH)}


def _text(shapes: Graph, node: Node) -> str:
    """A parameter's value as a message shows it: a prefixed name, a literal's text, a list's items."""
    if isinstance(node, URIRef):
        return prefixed(str(node), NAMES)
    if isinstance(node, Literal):
        return str(node)
    items = list(Collection(shapes, node))
    return "(" + " ".join(_text(shapes, item) for item in items) + ")" if items else str(node)


def default_message(shapes: Graph, shape: Node | None, component: Node | None) -> str:
    """The sentence for a fault of ``component`` on ``shape``, its parameters read from ``shapes``."""
    name = str(component).removeprefix(str(SH)).removesuffix("ConstraintComponent")
    sentence = SENTENCES.get(name)
    if sentence is None:
        return f"The value does not satisfy the constraint {prefixed(str(component), NAMES)}."
    parameters = {}
    for key in (part.split("}")[0] for part in sentence.split("{")[1:]):
        values = sorted(_text(shapes, value) for value in shapes.objects(shape, SH[key]))
        parameters[key] = ", ".join(values)
    return sentence.format_map(parameters)


def messages(shapes: Graph, shape: Node | None, component: Node | None) -> str:
    """The message of a fault of ``component`` on ``shape``: its sh:message (several joined with
    " / "), or else the sentence for the component."""
    own = sorted({str(message) for message in shapes.objects(shape, SH.message)})
    return " / ".join(own) if own else default_message(shapes, shape, component)
