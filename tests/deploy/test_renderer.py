"""The test renderer (tests/deploy/kustomize.py) follows Kustomize's rules, and renders what the real
`kubectl kustomize` renders wherever kubectl is installed (the renderer stays the tests' source of
truth where it is not)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.kustomize import config_map_hash, render

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "k8s"

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web}]}
"""


def kustomization(folder: Path, labels: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "web.yaml").write_text(DEPLOYMENT)
    spec = {"resources": ["web.yaml"], "labels": [{"pairs": {"part-of": "shop"}, **labels}]}
    (folder / "kustomization.yaml").write_text(yaml.safe_dump(spec))
    return folder


def test_labels_reach_pod_templates_only_with_include_templates(tmp_path: Path) -> None:
    without = render(kustomization(tmp_path / "without", {"includeSelectors": False}))[0]
    assert without["metadata"]["labels"] == {"app": "web", "part-of": "shop"}
    assert without["spec"]["template"]["metadata"]["labels"] == {"app": "web"}

    with_templates = render(kustomization(tmp_path / "with", {"includeSelectors": False, "includeTemplates": True}))[0]
    assert with_templates["spec"]["template"]["metadata"]["labels"] == {"app": "web", "part-of": "shop"}
    assert with_templates["spec"]["selector"] == {"matchLabels": {"app": "web"}}


def test_labels_on_selectors_are_refused_rather_than_guessed(tmp_path: Path) -> None:
    with pytest.raises(NotImplementedError):
        render(kustomization(tmp_path, {"includeSelectors": True}))


def test_a_generated_config_map_is_named_by_kustomize_s_hash_of_its_data() -> None:
    # Both values as kustomize v5.5.0 renders them.
    assert config_map_hash({"A": "b"}) == "b9t2424hkf"
    resources = render(DEPLOY / "base")
    config = next(r for r in resources if r["kind"] == "ConfigMap")
    assert config["metadata"]["name"] == f"zeren-config-{config_map_hash(config['data'])}"
    for deployment in (r for r in resources if r["kind"] == "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            assert container["envFrom"] == [{"configMapRef": {"name": config["metadata"]["name"]}}]


def _kubectl_kustomize(folder: Path) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is not None:
        argv = [kubectl, "kustomize", str(folder)]
    elif (kustomize := shutil.which("kustomize")) is not None:
        argv = [kustomize, "build", str(folder)]
    else:
        pytest.skip("neither kubectl nor kustomize is installed: the Python renderer is the reference here")
    output = subprocess.run(argv, check=True, capture_output=True, text=True, timeout=60).stdout
    return [doc for doc in yaml.safe_load_all(output) if doc]


def _by_identity(resources: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["kind"], r["metadata"].get("namespace", ""), r["metadata"]["name"]): r for r in resources}


@pytest.mark.parametrize("overlay", ["base", "overlays/dev", "overlays/prod"])
def test_the_renderer_renders_what_kustomize_renders(overlay: str) -> None:
    real = _by_identity(_kubectl_kustomize(DEPLOY / overlay))
    ours = _by_identity(render(DEPLOY / overlay))
    assert sorted(ours) == sorted(real)
    for identity, resource in real.items():
        assert ours[identity] == resource, identity
