"""Discovery takes a YAML file for a compose file by what it holds, not only by its name: a top-level
``services:`` mapping that runs a Redis or Valkey image."""

from __future__ import annotations

from pathlib import Path

import pytest

from redislint.api import lint
from redislint.discovery import discover, sniff_compose
from redislint.engine.context import Settings

REDIS_STACK = "services:\n  cache:\n    image: redis:7.4.2\n    container_name: cache\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REDIS_STACK, True),
        ("services:\n  kv:\n    image: valkey/valkey:8.1.1\n", True),
        ("services:  # the app\n  db:\n    image: docker.io/bitnami/redis:7.2\n", True),
        ("services:\n  web:\n    image: nginx:1.27\n", False),  # no Redis-family image
        ("services:\n  cache:\n    image: ${REDIS_IMAGE}\n", False),  # the image is a variable
        ("services:\n  - redis:7.4\n", False),  # GitLab CI: a list of service images
        ("jobs:\n  test:\n    services:\n      redis:\n        image: redis:7\n", False),  # a workflow
        ("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: redis:7\n", False),  # Kubernetes
        (REDIS_STACK + "---\n" + REDIS_STACK, False),  # several documents
        ("services:\n  cache:\n    image: redis:7\n  broken: [\n", False),  # not YAML
        ("services:\n  cache: !reset null\n  other:\n    image: redis:7\n", False),  # compose tags
    ],
)
def test_sniff_compose(text: str, expected: bool) -> None:
    assert sniff_compose(text) is expected


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_discovery_registers_sniffed_compose_files(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "deploy/redis.yml": REDIS_STACK,
            "deploy/redis.override.yml": REDIS_STACK,  # overrides are merged into their main file
            "deploy/web.yml": "services:\n  web:\n    image: nginx:1.27\n",
            ".gitlab-ci.yml": "services:\n  - redis:7.4\n",
            "docker-compose.yml": "services:\n  app:\n    image: nginx:1.27\n",
        },
    )
    found = discover([str(tmp_path)], str(tmp_path))
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in found.compose) == ["deploy/redis.yml", "docker-compose.yml"]


def test_a_sniffed_compose_file_is_linted(tmp_path: Path) -> None:
    _write(tmp_path, {"deploy/redis.yml": REDIS_STACK})
    report = lint([str(tmp_path)], Settings(select=("RL812",)), root=str(tmp_path), environ={})
    assert [(f.rule_id, Path(f.span.file).relative_to(tmp_path).as_posix(), f.span.start_line, f.severity.label) for f in report.findings] == [
        ("RL812", "deploy/redis.yml", 4, "low")
    ]


def test_linked_yaml_files_are_not_sniffed(tmp_path: Path) -> None:
    """A link is followed only for names discovery lints whatever they hold: a linked YAML file that
    leads outside the repository is neither read nor reported."""
    from redislint.fs import FileStore

    _write(tmp_path, {"outside/redis.yml": REDIS_STACK, "repo/app/local.yml": REDIS_STACK})
    (tmp_path / "repo" / "app" / "linked.yml").symlink_to(tmp_path / "outside" / "redis.yml")
    repo = tmp_path / "repo"
    store = FileStore(str(repo))
    found = discover([str(repo)], str(repo), store=store)
    assert [Path(p).relative_to(repo).as_posix() for p in found.compose] == ["app/local.yml"]
    assert list(store.outside) == [] and store.notices == []


@pytest.mark.parametrize(
    ("text", "is_conf"),
    [
        ("maxmemory 2gb\n", True),
        ("# cache\nport 6380\nbind 127.0.0.1\nappendonly yes\n", True),
        ("sentinel monitor m 10.0.0.1 6379 2\n", True),
        ("events {}\nhttp { server { listen 80; } }\n", False),  # nginx
        ("user nginx;\nworker_processes 1;\ninclude /etc/nginx/mime.types;\n", False),
        ("REDIS_PASSWORD=changeme\nTZ=UTC\n", False),  # an env file
        ("[mysqld]\nport=3306\n", False),  # INI
        ("listen_addresses = '*'\nport = 5432\n", False),  # postgresql.conf: 'name = value'
        ("port = 5432\n", False),
        ("", False),
    ],
)
def test_sniff_redis_conf(text: str, is_conf: bool) -> None:
    from redislint.discovery import sniff_redis_conf

    assert sniff_redis_conf(text) is is_conf


def test_config_templates_are_discovered_and_their_placeholders_are_not_rl006(tmp_path: Path) -> None:
    """``*redis*.tmpl`` / ``*sentinel*.tpl`` config templates are linted as config files whose
    placeholders are set at start (no RL006); Go or Helm templates and YAML templates are not."""
    _write(
        tmp_path,
        {
            "valkey-node.tmpl": "port ${PORT}\nprotected-mode no\n",
            "sentinel.tpl": "port 26379\nsentinel monitor m ${MASTER_HOST} 6379 2\n",
            "redis.tmpl": "port {{ .Port }}\n",
            "docker-compose.redis.yaml.tpl": "services:\n  redis:\n    image: redis:7.4\n",
        },
    )
    found = discover([str(tmp_path)], str(tmp_path))
    assert sorted(Path(p).name for p in found.confs) == ["sentinel.tpl", "valkey-node.tmpl"]
    report = lint([str(tmp_path)], Settings(select=("RL006", "RL106")), root=str(tmp_path), environ={})
    assert [(f.rule_id, Path(f.span.file).name, f.span.start_line, f.severity.label) for f in report.findings] == [
        ("RL106", "valkey-node.tmpl", 2, "high")
    ]
