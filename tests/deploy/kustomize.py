"""A small renderer for the Kustomize features deploy/ uses, following Kustomize's own rules, so the
tests check what `kubectl apply -k` applies without needing the kustomize binary (when it is there,
tests/deploy/test_renderer.py checks that both render the same).

Supported: resources (files and bases), configMapGenerator (envs, literals; behavior create or
merge; the content-hash name suffix and the references to it), patches (JSON 6902, targets by kind,
group and name regex), namespace, labels, replicas, images. Applied in Kustomize's order: resources,
generators, patches, namespace, labels, replicas, images; name suffixes last, on the final content.
`labels` follow Kustomize: pairs go on every resource's metadata, on pod templates only with
`includeTemplates: true`, never on selectors here (`includeSelectors: true` is refused, not guessed).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]

# Marks a generated ConfigMap until its content is final: its name then takes the content hash.
_GENERATED = "__generated__"
_TEMPLATED_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}


def render(folder: Path) -> list[Resource]:
    return _hash_names(_build(folder))


_FIELDS = {
    "apiVersion",
    "kind",
    "namespace",
    "labels",
    "resources",
    "configMapGenerator",
    "images",
    "replicas",
    "patches",
}


def _build(folder: Path) -> list[Resource]:
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text())
    if unknown := set(spec) - _FIELDS:
        raise NotImplementedError(f"{folder}: kustomization fields this renderer does not know: {sorted(unknown)}")
    resources = _load(folder, spec.get("resources", []))
    for generator in spec.get("configMapGenerator", []):
        _generate_config_map(folder, resources, generator)
    for patch in spec.get("patches", []):
        _patch(resources, patch)
    if "namespace" in spec:
        for resource in resources:
            # Kustomize renames a Namespace resource to the namespace too (an overlay's own namespace).
            field = "name" if resource["kind"] == "Namespace" else "namespace"
            resource.setdefault("metadata", {})[field] = spec["namespace"]
    for item in spec.get("labels", []):
        _label(resources, item)
    for replica in spec.get("replicas", []):
        matches = [r for r in resources if r["kind"] == "Deployment" and r["metadata"]["name"] == replica["name"]]
        if not matches:
            raise LookupError(f"replicas: no Deployment {replica['name']}")
        for resource in matches:
            resource["spec"]["replicas"] = replica["count"]
    for image in spec.get("images", []):
        _set_image(resources, image)
    return resources


def _patch(resources: list[Resource], patch: dict[str, Any]) -> None:
    targets = [r for r in resources if _matches(r, patch["target"])]
    if not targets:
        raise LookupError(f"patch target matches nothing: {patch['target']}")
    for resource in targets:
        for op in yaml.safe_load(patch["patch"]):
            _apply(resource, op)


def _load(folder: Path, entries: list[str]) -> list[Resource]:
    resources: list[Resource] = []
    for entry in entries:
        path = (folder / entry).resolve()
        if path.is_dir():
            resources.extend(_build(path))
        else:
            resources.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    return resources


def _generate_config_map(folder: Path, resources: list[Resource], generator: dict[str, Any]) -> None:
    data: dict[str, str] = {}
    for env_file in generator.get("envs", []):
        data.update(_read_env_file(folder / env_file))
    for literal in generator.get("literals", []):
        key, _, value = literal.partition("=")
        data[key] = value
    name, behavior = generator["name"], generator.get("behavior", "create")
    existing = [r for r in resources if r["kind"] == "ConfigMap" and r["metadata"]["name"] == name]
    if behavior == "create":
        if existing:
            raise ValueError(f"configMapGenerator {name}: a ConfigMap of that name exists already")
        resource: Resource = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}
        if not generator.get("options", {}).get("disableNameSuffixHash", False):
            resource[_GENERATED] = True
        resources.append(resource)
    elif behavior == "merge":
        if len(existing) != 1:
            raise LookupError(f"configMapGenerator {name}: merge needs exactly one ConfigMap {name} from a base")
        existing[0].setdefault("data", {}).update(data)
    else:
        raise NotImplementedError(f"configMapGenerator behavior {behavior}")


def _read_env_file(path: Path) -> dict[str, str]:
    """Kustomize's env files: KEY=VALUE lines, `#` comments and blank lines skipped, values verbatim."""
    data: dict[str, str] = {}
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, separator, value = line.partition("=")
        if not separator:
            raise ValueError(f"{path}: not a KEY=VALUE line: {line!r}")
        data[key.strip()] = value
    return data


def _hash_names(resources: list[Resource]) -> list[Resource]:
    """Give each generated ConfigMap its content-hash suffix, and point every reference to it."""
    renamed: dict[str, str] = {}
    for resource in resources:
        if resource.pop(_GENERATED, False):
            name = resource["metadata"]["name"]
            resource["metadata"]["name"] = renamed[name] = f"{name}-{config_map_hash(resource.get('data', {}))}"
    for resource in resources:
        if resource["kind"] in _TEMPLATED_KINDS:
            _rename_config_map_references(resource["spec"]["template"]["spec"], renamed)
    return resources


def config_map_hash(data: dict[str, str]) -> str:
    """Kustomize's suffix (api/hasher): SHA-256 of the JSON of kind, name and data, keys sorted, Go's
    escaping; its first ten hex digits, with 0 1 3 a e replaced so that it spells no words. The name
    it encodes is always empty (it looks up "metadata/name" as one field), so only the data counts."""
    encoded = json.dumps({"data": data, "kind": "ConfigMap", "name": ""}, sort_keys=True, separators=(",", ":"))
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    digest = hashlib.sha256(encoded.encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def _rename_config_map_references(pod: dict[str, Any], renamed: dict[str, str]) -> None:
    def rename(holder: dict[str, Any] | None) -> None:
        if holder is not None and holder.get("name") in renamed:
            holder["name"] = renamed[holder["name"]]

    for container in [*pod.get("initContainers", []), *pod.get("containers", [])]:
        for source in container.get("envFrom", []):
            rename(source.get("configMapRef"))
        for variable in container.get("env", []):
            rename(variable.get("valueFrom", {}).get("configMapKeyRef"))
    for volume in pod.get("volumes", []):
        rename(volume.get("configMap"))


def _label(resources: list[Resource], item: dict[str, Any]) -> None:
    if item.get("includeSelectors", False):
        raise NotImplementedError("labels with includeSelectors: true (selectors are immutable; not rendered here)")
    pairs = item["pairs"]
    for resource in resources:
        resource.setdefault("metadata", {}).setdefault("labels", {}).update(pairs)
        if item.get("includeTemplates", False) and resource["kind"] in _TEMPLATED_KINDS:
            resource["spec"]["template"].setdefault("metadata", {}).setdefault("labels", {}).update(pairs)


def _set_image(resources: list[Resource], image: dict[str, str]) -> None:
    for container in _containers(resources):
        if container["image"].split("@")[0].split(":")[0] == image["name"]:
            name = image.get("newName", image["name"])
            if "digest" in image:
                container["image"] = f"{name}@{image['digest']}"
            else:
                container["image"] = f"{name}:{image.get('newTag', 'latest')}"


def _containers(resources: list[Resource]) -> list[dict[str, Any]]:
    return [c for r in resources if r["kind"] == "Deployment" for c in r["spec"]["template"]["spec"]["containers"]]


def _matches(resource: Resource, target: dict[str, str]) -> bool:
    if "kind" in target and resource["kind"] != target["kind"]:
        return False
    if "group" in target and resource["apiVersion"].split("/")[0] != target["group"]:
        return False
    return "name" not in target or re.fullmatch(target["name"], resource["metadata"]["name"]) is not None


def _apply(resource: Resource, op: dict[str, Any]) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].strip("/").split("/")]
    node: Any = resource
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if op["op"] in ("replace", "add"):
        if op["op"] == "replace" and (last not in node if isinstance(node, dict) else int(last) >= len(node)):
            raise KeyError(f"replace of a missing path {op['path']}")
        if isinstance(node, list):
            if last == "-":
                node.append(copy.deepcopy(op["value"]))
            elif op["op"] == "add":
                node.insert(int(last), copy.deepcopy(op["value"]))
            else:
                node[int(last)] = copy.deepcopy(op["value"])
        else:
            node[last] = copy.deepcopy(op["value"])
    elif op["op"] == "remove":
        if isinstance(node, dict) and last not in node:
            raise KeyError(f"remove of a missing path {op['path']}")
        del node[int(last) if isinstance(node, list) else last]
    else:
        raise ValueError(f"unsupported patch op {op['op']}")
