"""Compose's merge rules: how an override file (or an ``extends:`` base) merges into a service.

Mappings merge key by key (``!reset`` drops a key, ``!override`` replaces the value); ``command``,
``entrypoint`` and the other replace-lists are replaced; ``volumes``, ``secrets``, ``configs`` and
``devices`` merge by target; ``environment`` and ``labels`` by name; other lists are appended to
without repeats. Pure node work: no file is read here.
"""

from __future__ import annotations

from redislint.parsers.yaml_tree import YNode

_REPLACE_LISTS = {"command", "entrypoint", "test", "dns", "dns_search", "env_file", "tmpfs"}
_MERGE_BY_TARGET = {"volumes", "secrets", "configs", "devices"}


def merge_nodes(base: YNode, over: YNode, key: str = "") -> YNode:
    """Merge ``over`` onto ``base`` the way Compose merges override files."""
    if over.tag == "!override":
        return over  # replaces the value instead of merging into it
    if base.kind == "map" and over.kind == "map":
        pairs = list(base.pairs)
        index = {k.text: i for i, (k, _) in enumerate(pairs)}
        for k, v in over.pairs:
            if v.tag == "!reset":
                # the attribute goes back to its default: drop what the base file set
                pairs = [(bk, bv) for bk, bv in pairs if bk.text != k.text]
                index = {bk.text: i for i, (bk, _) in enumerate(pairs)}
            elif k.text in index:
                i = index[k.text]
                bk, bv = pairs[i]
                # A mapping merged into (a service, its deploy section...) stays where it is defined;
                # a value the override replaces is reported where the override writes it.
                pairs[i] = (bk if bv.kind == "map" and v.kind == "map" else k, merge_nodes(bv, v, k.text))
            else:
                index[k.text] = len(pairs)
                pairs.append((k, v))
        return YNode(span=base.span, kind="map", tag=over.tag, pairs=pairs, source=base.source)
    if base.kind == "seq" and over.kind == "seq" and key not in _REPLACE_LISTS:
        if key in _MERGE_BY_TARGET:
            def target(n: YNode) -> str:
                if n.kind == "scalar":
                    parts = n.text.split(":")
                    return parts[1] if len(parts) > 1 else parts[0]
                t = n.get("target") if n.kind == "map" else None
                s = n.get("source") if n.kind == "map" else None
                return (t.text if t is not None else s.text if s is not None else "")

            by_target = {target(n): n for n in base.items}
            for n in over.items:
                by_target[target(n)] = n
            return YNode(span=over.span, kind="seq", tag=over.tag, items=list(by_target.values()), source=over.source)
        if key == "environment" or key == "labels":
            def ename(n: YNode) -> str:
                return n.text.split("=", 1)[0] if n.kind == "scalar" else ""

            by_name = {ename(n): n for n in base.items}
            for n in over.items:
                by_name[ename(n)] = n
            return YNode(span=over.span, kind="seq", tag=over.tag, items=list(by_name.values()), source=over.source)
        seen = {n.text for n in base.items if n.kind == "scalar"}
        merged = list(base.items) + [n for n in over.items if not (n.kind == "scalar" and n.text in seen)]
        return YNode(span=over.span, kind="seq", tag=over.tag, items=merged, source=over.source)
    return over


__all__ = ["merge_nodes"]
