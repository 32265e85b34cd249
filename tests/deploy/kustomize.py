"""A small renderer for the Kustomize features deploy/ uses (resources, namespace, labels, images,
replicas, JSON 6902 patches with regex targets), so the tests check what `kubectl apply -k` applies
without needing the kustomize binary."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]


def render(folder: Path) -> list[Resource]:
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text())
    resources = _load(folder, spec.get("resources", []))
    for item in spec.get("labels", []):
        _label(resources, item["pairs"])
    if "namespace" in spec:
        for resource in resources:
            if resource["kind"] != "Namespace":
                resource.setdefault("metadata", {})["namespace"] = spec["namespace"]
    for image in spec.get("images", []):
        _set_image(resources, image)
    for replica in spec.get("replicas", []):
        matches = [r for r in resources if r["kind"] == "Deployment" and r["metadata"]["name"] == replica["name"]]
        if not matches:
            raise LookupError(f"replicas: no Deployment {replica['name']}")
        for resource in matches:
            resource["spec"]["replicas"] = replica["count"]
    for patch in spec.get("patches", []):
        targets = [r for r in resources if _matches(r, patch["target"])]
        if not targets:
            raise LookupError(f"patch target matches nothing: {patch['target']}")
        for resource in targets:
            for op in yaml.safe_load(patch["patch"]):
                _apply(resource, op)
    return resources


def _load(folder: Path, entries: list[str]) -> list[Resource]:
    resources: list[Resource] = []
    for entry in entries:
        path = (folder / entry).resolve()
        if path.is_dir():
            resources.extend(render(path))
        else:
            resources.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    return resources


def _label(resources: list[Resource], pairs: dict[str, str]) -> None:
    for resource in resources:
        resource.setdefault("metadata", {}).setdefault("labels", {}).update(pairs)
        if resource["kind"] == "Deployment":
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
            node[int(last)] = copy.deepcopy(op["value"])
        else:
            node[last] = copy.deepcopy(op["value"])
    elif op["op"] == "remove":
        del node[int(last) if isinstance(node, list) else last]
    else:
        raise ValueError(f"unsupported patch op {op['op']}")
