"""What editors said about which persons are different: read by the ingest before merging.

A split says "these source ids are someone else than those"; a rejected merge says the same of
two agents' source ids; a later editor's merge takes it back. Keys are source ids
(``volume#xml_id``), which survive re-ingest, so the next ingest can tell a pair an editor
separated from a pair it has not seen.
"""

from __future__ import annotations

from .models import Decision, MergeProposal, SourceId


class KeptApart:
    """Pairs of source ids an editor kept apart, built once per ingest (linear in decisions)."""

    def __init__(self) -> None:
        self._apart: dict[str, set[str]] = {}
        for d in Decision.objects.filter(action__in=["split", "reject_merge", "merge"]).order_by(
            "id"
        ):
            data = d.data or {}
            if d.action == "split":
                self._pairs(data.get("source_ids") or [], data.get("remaining") or [], True)
            elif d.action == "reject_merge":
                self._pairs(data.get("source_ids") or [], data.get("other_source_ids") or [], True)
            else:
                self._pairs(data.get("source_ids") or [], data.get("into_source_ids") or [], False)
        self._rejected_agents: set[frozenset[int]] = {
            frozenset(p)
            for p in MergeProposal.objects.filter(status=MergeProposal.REJECTED).values_list(
                "agent_id", "other_id"
            )
        }

    def _pairs(self, left: list[str], right: list[str], apart: bool) -> None:
        for a in left:
            for b in right:
                for x, y in ((a, b), (b, a)):
                    if apart:
                        self._apart.setdefault(x, set()).add(y)
                    else:
                        self._apart.get(x, set()).discard(y)

    def named(self) -> set[str]:
        """Every source id some other one is kept apart from: :meth:`apart` finds nothing in
        ``keys_b`` outside it, so a caller may read only these of an agent's source ids."""
        return set().union(*self._apart.values())

    def apart(self, keys_a, keys_b, agent_a: int | None = None, agent_b: int | None = None) -> bool:
        """True when an editor said the persons behind these source ids differ."""
        if agent_a is not None and frozenset((agent_a, agent_b)) in self._rejected_agents:
            return True
        keys_b = set(keys_b)
        return any(self._apart.get(k, set()) & keys_b for k in keys_a)


def agent_source_keys(agent_ids) -> dict[int, list[str]]:
    """``volume#xml_id`` of every source id of these agents, in one query."""
    out: dict[int, list[str]] = {}
    for agent_id, volume, xml_id in SourceId.objects.filter(agent_id__in=agent_ids).values_list(
        "agent_id", "volume", "xml_id"
    ):
        out.setdefault(agent_id, []).append(f"{volume}#{xml_id}")
    return out
