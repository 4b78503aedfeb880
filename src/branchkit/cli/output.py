"""Turning plugin listings into text and JSON for the command line.

Both forms are deterministic: plugins and contributions sorted by key, JSON with sorted keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import cattrs

from branchkit._version import __version__
from branchkit.plugins.host import Contribution, Host, PluginInfo
from branchkit.records.labels import Label
from branchkit.report.tables import json_text

__all__ = ["plugins_json", "plugins_table"]

# Contribution kinds in the order they are listed, with their plural headings.
_KINDS = {
    "framework": "frameworks",
    "section": "sections",
    "term": "terms",
    "importer": "importers",
    "predicate": "predicates",
    "point rule": "point_rules",
    "pairing scorer": "pairing_scorers",
    "report section": "report_sections",
    "standard": "standards",
    "indicator source": "indicator_sources",
}


def _label(converter: cattrs.Converter, label: Label | None) -> Any:
    return None if label is None else converter.unstructure(label)


def _describe(contribution: Contribution, converter: cattrs.Converter) -> dict[str, Any]:
    value = contribution.value
    if contribution.kind == "framework":
        described: dict[str, Any] = converter.unstructure(value)
        return described
    if contribution.kind == "section":
        record = value.record_type
        return {
            "key": value.key,
            "record_type": f"{record.__module__}.{record.__qualname__}",
            "many": value.many,
        }
    described = {"key": value.key, "label": _label(converter, value.label)}
    if contribution.kind == "term":
        described["vocabulary"] = value.vocabulary
    elif contribution.kind == "importer":
        described["suffixes"] = list(value.suffixes)
    elif contribution.kind == "report section":
        described["order"] = value.order
        described["frameworks"] = list(value.frameworks)
    return described


def _plugin_json(plugin: PluginInfo, converter: cattrs.Converter) -> dict[str, Any]:
    contributes: dict[str, list[dict[str, Any]]] = {}
    for kind, heading in _KINDS.items():
        found = [c for c in plugin.contributions if c.kind == kind]
        if found:
            contributes[heading] = [_describe(c, converter) for c in sorted(found, key=_by_key)]
    return {
        "name": plugin.source.name,
        "distribution": plugin.source.distribution,
        "version": plugin.source.version,
        "hooks": list(plugin.hooks),
        "contributes": contributes,
    }


def _by_key(contribution: Contribution) -> str:
    return contribution.key


def plugins_json(host: Host, converter: cattrs.Converter) -> str:
    """The plugins, their hooks and everything they contribute, as JSON."""
    document = {
        "branchkit": __version__,
        "plugins": [_plugin_json(plugin, converter) for plugin in host.plugins],
        "failures": [
            {
                "name": failure.source.name,
                "distribution": failure.source.distribution,
                "version": failure.source.version,
                "reason": failure.reason,
            }
            for failure in host.failures
        ],
    }
    return json_text(document)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _summary(contributions: Sequence[Contribution]) -> list[str]:
    lines: list[str] = []
    for kind, heading in _KINDS.items():
        found = sorted((c for c in contributions if c.kind == kind), key=_by_key)
        if not found:
            continue
        if kind == "framework":
            for contribution in found:
                framework = contribution.value
                lines.append(
                    f"framework {framework.key}: {_count(len(framework.areas), 'area')}, "
                    f"{_count(len(framework.practices), 'practice')}"
                )
                lines.extend(
                    f"  {area.key}: " + ", ".join(p.key for p in area.practices)
                    for area in framework.areas
                )
        else:
            lines.append(f"{heading.replace('_', ' ')}: " + ", ".join(c.key for c in found))
    return lines


def plugins_table(host: Host, wrap: Callable[[str], list[str]]) -> str:
    """The plugins as a text listing for a terminal.

    :param host: the loaded plugins.
    :param wrap: splits a long line into lines that fit the terminal.
    """
    blocks: list[str] = []
    for plugin in host.plugins:
        source = plugin.source
        lines = [f"{source.name}  ({source.distribution} {source.version})"]
        lines.extend(wrap("hooks: " + ", ".join(plugin.hooks)))
        for line in _summary(plugin.contributions):
            lines.extend(wrap(line))
        blocks.append("\n".join([lines[0], *("    " + line for line in lines[1:])]))
    return "\n\n".join(blocks) + "\n"
