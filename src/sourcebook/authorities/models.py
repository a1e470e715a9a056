"""Per-volume identities of persons and terms, and proposals to merge persons across volumes.

Why per-volume ids: FRUS person ids (``p_DJF1``) are initials plus a counter, unique only inside
one volume (Wang Ping-nan is ``p_WP1`` in one volume and ``p_WPWB1`` in another). Each volume's
id is kept (:class:`SourceId`) pointing at one :class:`~sourcebook.archive.models.Agent`, so a
re-ingest updates the same agent. The same person met in a second volume joins the existing
agent when the evidence is strong (:mod:`.matching`; logged in the audit log), and otherwise
gets their own agent and a :class:`MergeProposal` for an editor to accept or reject.
"""

from __future__ import annotations

from django.db import models

from sourcebook.archive.models import Agent, Collection, NameVariant, Place


class SourceId(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="source_ids")
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="source_ids"
    )
    volume = models.CharField(max_length=200, help_text="Volume id, e.g. frus1955-57v03")
    xml_id = models.CharField(max_length=200, help_text="The person's xml:id in that volume")
    name = models.CharField(max_length=500, help_text="The name as the volume lists it")
    description = models.TextField(blank=True)
    see = models.CharField(max_length=200, blank=True, help_text="Cross-reference entry: see …")

    class Meta:
        unique_together = [("volume", "xml_id")]
        ordering = ["volume", "xml_id"]
        verbose_name = "source id"

    def __str__(self) -> str:
        return f"{self.volume}#{self.xml_id} ({self.name})"


class SourceIdKey(models.Model):
    """One name key of a source id (:mod:`.keyindex`), so an ingest reads only the source ids its
    own persons' names lead to.

    Why a table: the keys come from Python (word orders, romanizations), so the database cannot
    compute them in a query; without them every volume read every other volume's source ids to
    find its namesakes, and an ingest of N volumes read N² source ids. Keys depend on the name
    and description only, never on the agent, so merges and splits leave them as they are.
    """

    sid = models.ForeignKey(SourceId, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=255, db_index=True)
    described = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = "source id key"

    def __str__(self) -> str:
        return f"{self.key} ({self.sid_id})"


class NameKey(models.Model):
    """One name key (:mod:`.namesearch`) of one name an authority list searches: an agent's or
    a place's own name, a name variant or a source id's name (exactly one of the four is set).

    Why a table: the list's name search compares keys made in Python (romanizations, scripts),
    and without a stored copy each search keyed every name of the archive. Why the row names
    the name and not the authority: merges and splits move variants and source ids between
    agents, and the authority is read through the name row, so a move needs no update here.
    """

    key = models.CharField(max_length=255, db_index=True)
    agent = models.ForeignKey(Agent, null=True, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, null=True, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(NameVariant, null=True, on_delete=models.CASCADE, related_name="+")
    sid = models.ForeignKey(SourceId, null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "name key"

    def __str__(self) -> str:
        return self.key


class Term(models.Model):
    """An entry of a volume's list of abbreviations and terms (``t_CIA1`` CIA, …)."""

    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    volume = models.CharField(max_length=200)
    xml_id = models.CharField(max_length=200)
    term = models.CharField(max_length=500)
    description = models.TextField(blank=True)

    class Meta:
        unique_together = [("volume", "xml_id")]
        ordering = ["term", "volume"]

    def __str__(self) -> str:
        return f"{self.term}: {self.description}"


class MergeProposal(models.Model):
    """Two agents that are probably one person (same name, and usually the same description)."""

    PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="merge_proposals")
    other = models.ForeignKey(
        Agent, on_delete=models.CASCADE, related_name="merge_proposals_as_other"
    )
    reason = models.TextField()
    descriptions_agree = models.BooleanField(default=False)
    score = models.FloatField(default=0.0)
    status = models.CharField(
        max_length=20,
        choices=[(PENDING, "pending"), (ACCEPTED, "accepted"), (REJECTED, "rejected")],
        default=PENDING,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("agent", "other")]
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.agent} = {self.other}? ({self.status})"


class Redirect(models.Model):
    """An authority URL that moved: a merged-away slug points at the one that kept its records.

    Why a table and not a field on the survivor: the old slug must answer 301 even after the
    survivor is merged again or renamed; chains are followed at lookup (see ``views``).
    """

    kind = models.CharField(max_length=20, help_text="person, organization or place")
    old_slug = models.CharField(max_length=200)
    new_slug = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("kind", "old_slug")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.old_slug} → {self.new_slug}"


class Decision(models.Model):
    """An editor's decision about authorities, kept so re-ingest and re-linking respect it.

    ``action`` is ``merge``, ``split``, ``reject_merge``, ``confirm_link``, ``reject_link`` or
    ``reject_candidate`` (``subject`` a name the linker must not propose again, ``object`` the
    rejected candidate's slug) or ``restore_candidate`` (an editor took that rejection back:
    ``subject`` the person's name, ``object`` its slug; the rejections of that slug written
    before it no longer refuse anything); ``subject`` and ``object`` are stable keys (source ids
    ``volume#xml_id``, slugs, document public ids, names), never database ids, so a restore or
    re-ingest reads them the same.
    """

    REJECT_CANDIDATE = "reject_candidate"
    RESTORE_CANDIDATE = "restore_candidate"

    action = models.CharField(max_length=20, db_index=True)
    subject = models.CharField(max_length=400)
    object = models.CharField(max_length=400, blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.CharField(max_length=150, default="system")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.subject} {self.object}"


class Summary(models.Model):
    """What an authority page counts over all of its links (documents, roles, persons named
    beside it, which documents and mentions come first), kept for an authority named in many
    documents. :mod:`.summary` says when it is read, shown as of its date, and counted again.

    Why a row: for a person named in a third of 100,000 documents these counts cost a second,
    and they grow with the archive; kept here, a page of a later state of the archive shows them
    at once and the job worker counts them again. Exactly one of ``agent`` and ``place`` is set.
    """

    agent = models.OneToOneField(Agent, null=True, on_delete=models.CASCADE, related_name="+")
    place = models.OneToOneField(Place, null=True, on_delete=models.CASCADE, related_name="+")
    token = models.BigIntegerField(help_text="The archive's generation the counts were made at")
    counted_at = models.DateTimeField()
    requested_at = models.DateTimeField(null=True, help_text="When a new count was last asked for")
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = "authority summary"
        verbose_name_plural = "authority summaries"

    def __str__(self) -> str:
        return (
            f"summary of {'agent' if self.agent_id else 'place'} {self.agent_id or self.place_id}"
        )
