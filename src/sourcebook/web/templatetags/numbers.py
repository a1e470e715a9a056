"""``{{ count|grouped }}``: a count as a reader of the interface language writes it —
100,000 (en, ko, zh), 100 000 (ru, with Django's no-break space), 100.000 (de).

Why a filter and not ``USE_THOUSAND_SEPARATOR``: that setting groups every number a template
prints, years (1,962), ids and page numbers in links among them. Only what a template marks as
a count is grouped. In ``{% blocktranslate count counter=n with shown=n|grouped %}`` the plural
form is still chosen by the number; the message shows the grouped text.
"""

from django import template
from django.utils import formats, numberformat

register = template.Library()


def grouped(value):
    """``value`` with the interface language's thousand separator; anything not an ``int``
    (``None``, text, a bool) is returned as it is."""
    if not isinstance(value, int) or isinstance(value, bool):
        return value
    separator = formats.get_format("THOUSAND_SEPARATOR")
    grouping = formats.get_format("NUMBER_GROUPING")
    if not separator:
        # Django's zh_Hans format has no separator (groups of four, joined by nothing): a
        # reader in China meets 100,000 in print and on screen, not 100000.
        separator, grouping = ",", 3
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        grouping=grouping,
        thousand_sep=separator,
        force_grouping=True,
    )


register.filter("grouped", grouped)
