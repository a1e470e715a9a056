"""``{{ r.status|label:"document_status" }}``, ``{{ p.roles|labels:"role"|join:", " }}``,
``{{ ex|format_name }}``: stored English values shown in the interface language.

The stored value stays what data attributes, CSS classes, form values and links use; only the
text a reader sees goes through these (the names are in :mod:`sourcebook.web.labels`).
"""

from django import template

from sourcebook.web import labels as names

register = template.Library()


@register.filter
def label(value, mapping: str):
    return names.choice(value, mapping)


@register.filter
def labels(values, mapping: str) -> list:
    return [names.choice(v, mapping) for v in values or ()]


@register.filter
def format_name(exporter) -> str:
    return names.format_name(exporter)
