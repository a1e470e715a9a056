"""The three kinds of authority pages (person, organization, place) and where their links are.

Persons and organizations are both :class:`~sourcebook.archive.models.Agent` rows (told apart
by ``kind``) linked through ``DocumentAgent``; places are ``Place`` rows linked through
``DocumentPlace``. One description per kind lets the pages, the review and the API share code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from sourcebook.archive.models import Agent, Document, DocumentAgent, DocumentPlace, Place


@dataclass(frozen=True)
class Kind:
    name: str  # person, organization, place
    plural: str  # persons, organizations, places: the URL prefix and the record JSON key
    label: object  # lazily translated
    label_plural: object
    field: str  # the link row's foreign key to the authority: agent or place

    @property
    def model(self) -> type[Model]:
        return Place if self.field == "place" else Agent

    @property
    def link_model(self) -> type[Model]:
        return DocumentPlace if self.field == "place" else DocumentAgent

    def authorities(self) -> QuerySet:
        rows = self.model.objects.all()
        return rows if self.field == "place" else rows.filter(kind=self.name)

    def links(self) -> QuerySet:
        """Link rows of this kind (every state; callers narrow to SHOWN or to review)."""
        rows = self.link_model.objects.all()
        return rows if self.field == "place" else rows.filter(agent__kind=self.name)

    def shown_links(self) -> QuerySet:
        """Links the public sees: SHOWN, to a published document."""
        return self.links().filter(
            link__in=self.link_model.SHOWN, document__status=Document.PUBLISHED
        )

    def url(self, slug: str) -> str:
        return f"/{self.plural}/{slug}/"


PERSON = Kind("person", "persons", _("Person"), _("Persons"), "agent")
ORGANIZATION = Kind("organization", "organizations", _("Organization"), _("Organizations"), "agent")
PLACE = Kind("place", "places", _("Place"), _("Places"), "place")
KINDS = {k.name: k for k in (PERSON, ORGANIZATION, PLACE)}


def kind_of(authority) -> Kind:
    if isinstance(authority, Place):
        return PLACE
    return KINDS.get(authority.kind, PERSON)
