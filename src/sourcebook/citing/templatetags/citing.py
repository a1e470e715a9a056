"""``{% cite_context record as cite %}``: the cite box data, computed once per request."""

from django import template
from django.utils.safestring import mark_safe

from ..context import cite_context as _cite_context

register = template.Library()


@register.simple_tag(takes_context=True)
def cite_context(context, record):
    request = context["request"]
    cache = getattr(request, "_sourcebook_cite", None)
    if cache is None or cache[0] != record.id:
        data = _cite_context(request, record, context.get("doc"))
        # JSON-LD is escaped by zotero.json_ld_script (no "<", ">" or "&" left in it).
        data["json_ld"] = mark_safe(data["json_ld"])  # noqa: S308
        # Record text is shielded before citeproc sees it and escaped after (core.cite.csl), so
        # the only tags left are CSL's own (<i>, <b>, <sup>, <sub>, small caps), balanced.
        for style in data["styles"]:
            style["html"] = mark_safe(style["html"])  # noqa: S308
        cache = (record.id, data)
        request._sourcebook_cite = cache
    return cache[1]
