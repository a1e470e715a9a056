"""``{% sentence_link href text as name %}``: a link a translated sentence holds as one
placeholder (``In %(volume)s, document %(position)s of %(total)s``).

Why: a sentence cut around its links (``In`` + link + ``, document …``) forces the English
word order on every language; Korean and Chinese put the volume elsewhere. Built with
``format_html``, the link is escaped once here and left alone by ``blocktranslate``.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sentence_link(href: str, text) -> str:
    return format_html('<a href="{}">{}</a>', href, text)
