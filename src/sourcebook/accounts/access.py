"""Views for editors only: one decorator, so every such page answers a visitor the same way."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache

from .roles import can_edit

LOGIN_URL = "/admin/login/"


def editors_only(view):
    """Anonymous visitors are sent to sign in; signed-in users without the right get 403. The
    answer is never cached: it shows what only editors may see."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not can_edit(request.user):
            raise PermissionDenied("editing needs the editor role")
        return view(request, *args, **kwargs)

    return never_cache(wrapped)
