"""Regressions found by hand-written deployments: each test states the exact findings (rule, file, line)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from redislint.api import lint
from redislint.engine.context import Settings


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def found(root: Path, *rules: str, environ: dict[str, str] | None = None) -> set[tuple[str, str, int]]:
    report = lint([str(root)], Settings(select=rules), root=str(root), environ=environ or {})
    out = set()
    for f in report.findings:
        if f.suppressed:
            continue
        out.add((f.rule_id, os.path.relpath(f.span.file, root), f.span.start_line))
    return out


def messages(root: Path, *rules: str) -> str:
    report = lint([str(root)], Settings(select=rules), root=str(root), environ={})
    return "\n".join(f"{f.message} | {f.fix} | {f.evidence}" for f in report.findings)


# --------------------------------------------------------------------------- RL006


def test_dollar_inside_a_random_password_is_not_a_variable(tmp_path: Path) -> None:
    """A generated password that happens to contain '$' followed by letters is a literal password,
    not a forgotten ${VAR}; naming the "variable" would also print part of the password."""
    write(tmp_path, {"redis.conf": 'requirepass "Zx9!kq2#Lm8@Pw4$Rt6^"\nmasterauth Ab3$Cd5eFg7hIj9kLm1n\n'})
    assert found(tmp_path, "RL006") == set()
    assert "Rt6" not in messages(tmp_path, "RL006")


def test_variable_forms_still_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "redis.conf": """
            requirepass ${REDIS_PASSWORD}
            masterauth $REDIS_PASSWORD
            dir $DATA_DIR/redis
            logfile /var/log/${NAME}.log
            """
        },
    )
    assert found(tmp_path, "RL006") == {
        ("RL006", "redis.conf", 1),
        ("RL006", "redis.conf", 2),
        ("RL006", "redis.conf", 3),
        ("RL006", "redis.conf", 4),
    }


# --------------------------------------------------------------------------- shell bodies


def test_shell_option_clusters_with_c_run_the_body(tmp_path: Path) -> None:
    """`bash -lc`, `sh -ec`, `sh -e -c`, `bash -o pipefail -c`: the body is the command string, and
    the redis-server it execs is linted like any other (here: maxmemory at the container limit)."""
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              a:
                image: redis:7.4.11
                entrypoint: ["/bin/bash", "-lc"]
                command:
                  - |
                    set -e
                    exec redis-server \\
                      --maxmemory 1gb
                deploy: {resources: {limits: {memory: 1G}}}
              b:
                image: redis:7.4.11
                command: ["sh", "-ec", "exec redis-server --maxmemory 1gb"]
                mem_limit: 1g
              c:
                image: redis:7.4.11
                command: ["bash", "-o", "pipefail", "-e", "-c", "exec redis-server --maxmemory 1gb"]
                mem_limit: 1g
            """
        },
    )
    assert found(tmp_path, "RL402") == {
        ("RL402", "compose.yaml", 9),
        ("RL402", "compose.yaml", 13),
        ("RL402", "compose.yaml", 17),
    }


def test_healthcheck_shell_option_cluster(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              redis:
                image: redis:7.4.11
                command: ["redis-server", "--requirepass", "${PW:?set PW}"]
                healthcheck:
                  test: ["CMD", "sh", "-ec", "redis-cli ping"]
            """
        },
    )
    assert found(tmp_path, "RL710") == {("RL710", "compose.yaml", 6)}


# --------------------------------------------------------------------------- RL008


def test_missing_included_or_extended_compose_file(tmp_path: Path) -> None:
    """compose refuses to start when an `include:` or `extends: file:` names a file that is not there."""
    write(
        tmp_path,
        {
            "compose.yaml": """
            include:
              - ./missing.yaml
              - path: [./also-missing.yaml]
            services:
              redis:
                image: redis:7.4.11
                extends: {file: base.yaml, service: redis}
            """
        },
    )
    assert found(tmp_path, "RL008") == {
        ("RL008", "compose.yaml", 2),
        ("RL008", "compose.yaml", 3),
        ("RL008", "compose.yaml", 7),
    }


def test_escaped_dollar_in_exec_form_command_reaches_redis_literally(tmp_path: Path) -> None:
    """`$$` makes compose pass a literal `$`: without a shell, redis-server gets the text `${PW}` as
    the password. Inside `sh -c` the shell expands it (not reported)."""
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              a:
                image: redis:7.4.11
                command: ["redis-server", "--requirepass", "$${REDIS_PASSWORD}"]
              b:
                image: redis:7.4.11
                command: redis-server --masterauth $$REDIS_PASSWORD --replicaof a 6379
              c:
                image: redis:7.4.11
                command: ["sh", "-c", "exec redis-server --requirepass $${REDIS_PASSWORD}"]
            """
        },
    )
    assert found(tmp_path, "RL006") == {("RL006", "compose.yaml", 4), ("RL006", "compose.yaml", 7)}


# --------------------------------------------------------------------------- ports


def test_udp_mapping_does_not_publish_redis(tmp_path: Path) -> None:
    """Redis listens on TCP only: a /udp mapping of 6379 does not make it reachable."""
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              redis:
                image: redis:7.4.11
                ports:
                  - "6379:6379/udp"
                  - target: 6379
                    published: "6379"
                    protocol: udp
              other:
                image: redis:7.4.11
                ports: ["6379:6379/tcp"]
            """
        },
    )
    assert found(tmp_path, "RL701", "RL702") == {("RL701", "compose.yaml", 11), ("RL702", "compose.yaml", 9)}


# --------------------------------------------------------------------------- CLI


def test_severity_override_without_level_is_a_usage_error(tmp_path: Path) -> None:
    """`--severity RL201` (no `=low`) used to be dropped silently."""
    from click.testing import CliRunner

    from redislint.cli import main

    write(tmp_path, {"compose.yaml": "services:\n  redis:\n    image: redis:7.4.11\n"})
    res = CliRunner().invoke(main, ["check", str(tmp_path), "--severity", "RL201"])
    assert res.exit_code == 2
    assert "RULE=LEVEL" in res.output


# --------------------------------------------------------------------------- compose merging


def test_override_file_reset_and_override_tags(tmp_path: Path) -> None:
    """`!reset` removes what the base file set, `!override` replaces a list instead of merging it."""
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              a:
                image: redis:7.4.11
                ports: ["6379:6379"]
              b:
                image: redis:7.4.11
                ports: ["6380:6379"]
              c:
                image: redis:7.4.11
                ports: ["6381:6379"]
            """,
            "compose.override.yaml": """
            services:
              a:
                ports: !reset []
              b:
                ports: !override ["127.0.0.1:6380:6379"]
              c:
                ports: ["127.0.0.1:6382:6379"]
            """,
        },
    )
    assert found(tmp_path, "RL701") == {("RL701", "compose.yaml", 10)}


# --------------------------------------------------------------------------- RL111


def test_exporter_in_the_network_namespace_of_redis(tmp_path: Path) -> None:
    """`network_mode: service:redis` + REDIS_ADDR localhost scrapes that service: it needs its password."""
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              redis:
                image: redis:7.4.11
                command: ["redis-server", "--requirepass", "${PW:?set PW}"]
              exporter:
                image: oliver006/redis_exporter:v1.66.0
                network_mode: "service:redis"
                environment:
                  REDIS_ADDR: redis://localhost:6379
              exporter-ok:
                image: oliver006/redis_exporter:v1.66.0
                network_mode: "service:redis"
                environment:
                  REDIS_ADDR: redis://127.0.0.1:6379
                  REDIS_PASSWORD: ${PW:?set PW}
            """
        },
    )
    assert found(tmp_path, "RL111") == {("RL111", "compose.yaml", 9)}


# --------------------------------------------------------------------------- files provided outside the repo


def test_files_provided_by_inline_configs_env_secrets_and_named_volumes(tmp_path: Path) -> None:
    """A config with `content:`, a secret with `environment:`, an external secret or a named volume puts
    a file in the container that is not in the repository: not "nothing mounts it"."""
    write(
        tmp_path,
        {
            "redis.conf": "port 6379\ninclude /run/secrets/auth.conf\ninclude /run/secrets/ext.conf\n",
            "compose.yaml": """
            services:
              inline:
                image: redis:7.4.11
                command: ["redis-server", "/etc/redis/redis.conf"]
                configs:
                  - source: redis_conf
                    target: /etc/redis/redis.conf
              envsecret:
                image: redis:7.4.11
                command: ["redis-server", "/usr/local/etc/redis/redis.conf"]
                volumes: ["./redis.conf:/usr/local/etc/redis/redis.conf:ro"]
                secrets:
                  - source: auth
                    target: auth.conf
                  - source: ext
                    target: /run/secrets/ext.conf
              volume:
                image: redis:7.4.11
                command: ["redis-server", "/conf/redis.conf"]
                volumes: ["conf:/conf"]
              nothing:
                image: redis:7.4.11
                command: ["redis-server", "/etc/redis/redis.conf"]
            configs:
              redis_conf:
                content: |
                  port 6379
            secrets:
              auth:
                environment: REDIS_AUTH_CONF
              ext:
                external: true
            volumes:
              conf: {external: true}
            """,
        },
    )
    assert found(tmp_path, "RL008", "RL009") == {("RL009", "compose.yaml", 23)}


def test_tls_files_from_environment_secrets_are_not_missing(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "compose.yaml": """
            services:
              redis:
                image: redis:7.4.11
                command: >-
                  redis-server --port 0 --tls-port 6379
                  --tls-cert-file /run/secrets/cert
                  --tls-key-file /run/secrets/key
                  --tls-ca-cert-file /run/secrets/ca
                secrets: [cert, key]
            secrets:
              cert: {environment: TLS_CERT}
              key: {environment: TLS_KEY}
            """
        },
    )
    # the CA is provided by nothing: only that one is missing
    assert found(tmp_path, "RL705") == {("RL705", "compose.yaml", 8)}


def test_config_copied_into_a_custom_image_is_linted(tmp_path: Path) -> None:
    """A `build:` service whose Dockerfile COPYs redis.conf and starts redis-server with it."""
    (tmp_path / "Dockerfile").write_text(
        'FROM redis:7.4.11\nCOPY redis.conf /usr/local/etc/redis/redis.conf\nCMD ["redis-server", "/usr/local/etc/redis/redis.conf"]\n',
        encoding="utf-8",
    )
    (tmp_path / "redis.conf").write_text("maxmemory 100mb\nappendonly maybe\n", encoding="utf-8")
    (tmp_path / "compose.yaml").write_text("services:\n  cache:\n    build: .\n", encoding="utf-8")
    report = lint([str(tmp_path)], Settings(select=("RL003", "RL401")), root=str(tmp_path), environ={})
    assert [(f.rule_id, Path(f.span.file).name, f.span.start_line) for f in report.findings] == [("RL003", "redis.conf", 2)]


def test_secret_file_read_by_the_command_is_checked(tmp_path: Path) -> None:
    """`--requirepass "$(cat /run/secrets/pw)"` with the secret file committed: its content is the
    password the server gets (weak here), and it is still not a password written in the compose file."""
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "pw.txt").write_text("s3cr3t-pass\n", encoding="utf-8")
    (tmp_path / "compose.yaml").write_text(
        "services:\n  redis:\n    image: redis:7.4.11\n    secrets: [pw]\n"
        "    command: sh -c 'exec redis-server --requirepass \"$$(cat /run/secrets/pw)\"'\n"
        "secrets:\n  pw:\n    file: ./secrets/pw.txt\n",
        encoding="utf-8",
    )
    report = lint([str(tmp_path)], Settings(select=("RL103", "RL104", "RL105")), root=str(tmp_path), environ={})
    assert [(f.rule_id, Path(f.span.file).name, f.span.start_line) for f in report.findings] == [("RL103", "compose.yaml", 5)]
    from redislint.output import render

    for fmt in ("text", "json", "sarif", "github"):
        assert "s3cr3t-pass" not in render(report, fmt)


def test_inline_config_content_is_linted_at_its_lines(tmp_path: Path) -> None:
    """`configs: {x: {content: |...}}` mounted where the command loads its config: linted like a file,
    findings at the lines of the compose file's content block."""
    (tmp_path / "compose.yaml").write_text(
        textwrap.dedent(
            """\
            services:
              redis:
                image: redis:7.4.11
                command: ["redis-server", "/usr/local/etc/redis/redis.conf"]
                configs:
                  - source: redis_conf
                    target: /usr/local/etc/redis/redis.conf
                mem_limit: 1g
            configs:
              redis_conf:
                content: |
                  appendonly maybe
                  maxmemory 2gb
            """
        ),
        encoding="utf-8",
    )
    report = lint([str(tmp_path)], Settings(select=("RL003", "RL402", "RL401", "RL009")), root=str(tmp_path), environ={})
    got = [(f.rule_id, f.span.start_line, f.span.start_col) for f in report.findings]
    assert got == [("RL003", 12, 18), ("RL402", 13, 17)]


def test_findings_about_a_service_anchor_where_it_is_defined(tmp_path: Path) -> None:
    """With an override file, a finding about the service points at its definition in the main file;
    a value the override adds points at the override."""
    (tmp_path / "compose.yaml").write_text("services:\n  redis:\n    image: redis:7.4.11\n", encoding="utf-8")
    (tmp_path / "compose.override.yaml").write_text('services:\n  redis:\n    ports:\n      - "6379:6379"\n', encoding="utf-8")
    report = lint([str(tmp_path)], Settings(select=("RL803", "RL701")), root=str(tmp_path), environ={})
    got = sorted((f.rule_id, Path(f.span.file).name, f.span.start_line) for f in report.findings)
    assert got == [("RL701", "compose.override.yaml", 4), ("RL803", "compose.yaml", 2)]


def test_password_values_know_every_place_a_config_holds_a_password() -> None:
    """One extractor serves masking, RL102 and RL103 (`sentinel sentinel-pass PW` has two arguments)."""
    from redislint.parsers.redis_conf import parse_conf
    from redislint.redis.passwords import password_values

    conf = parse_conf(
        "/x/sentinel.conf",
        "requirepass a1\nmasterauth a2\nprimaryauth a3\nuser app on >a4 ~* +@all\n"
        "sentinel auth-pass mymaster a5\nsentinel sentinel-pass a6\ntls-key-file-pass a7\n",
        "sentinel",
    )
    assert [v.text for _what, v in password_values(conf.directives)] == ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]


def test_rl205_names_only_the_fixes_the_release_lacks(tmp_path: Path) -> None:
    # 7.4.6 already fixes CVE-2025-49844 (and 46817-46819); it lacks the 2026 fixes of 7.4.9
    write(tmp_path, {"compose.yaml": """
        services:
          cache:
            image: redis:7.4.6-bookworm
        """})
    report = lint([str(tmp_path)], Settings(select=("RL205",)), root=str(tmp_path), environ={})
    [f] = report.findings
    assert (f.rule_id, f.span.start_line, f.severity.name) == ("RL205", 3, "HIGH")
    assert f.message == (
        "Redis 7.4.6 is older than 7.4.9, the first 7.4.x release with every known security fix; "
        "it lacks the fixes for CVE-2026-23631, CVE-2026-23479, CVE-2026-25243"
    )


def test_rl009_warns_that_loading_a_loopback_only_conf_locks_clients_out() -> None:
    root = Path(__file__).parent.parent / "fixtures" / "RL009" / "bad" / "mounted_unused_loopback"
    report = lint([str(root)], Settings(select=("RL009",)), root=str(root), environ={})
    [f] = report.findings
    assert (f.rule_id, os.path.relpath(f.span.file, root), f.span.start_line) == ("RL009", "compose.yaml", 7)
    assert f.fix is not None and f.fix.startswith("First change its 'bind'")
    assert [(os.path.relpath(r.span.file, root), r.span.start_line) for r in f.related][-1] == ("redis.conf", 1)


def test_keydb_platform_tag_is_a_pinned_release_that_follows_redis_6_2(tmp_path: Path) -> None:
    # KeyDB tags put the platform first (x86_64_v6.3.4): a pinned release, not a moving tag (no RL801);
    # KeyDB 6.x follows Redis 6.2, whose rules apply to it
    from redislint.api import load_project

    write(tmp_path, {"compose.yaml": """
        services:
          kv:
            image: eqalpha/keydb:x86_64_v6.3.4
            command: keydb-server --server-threads 2 --requirepass ${KV_PASSWORD:?set it}
        """})
    assert found(tmp_path, "RL801", "RL205") == set()
    project, _ = load_project([str(tmp_path)], str(tmp_path), environ={})
    [node] = project.nodes
    assert (node.product, node.version, node.image.version if node.image else None) == ("keydb", (6, 2), (6, 3, 4))


# --------------------------------------------------------------------------- RL508
def test_sentinels_of_one_container_ip_are_one_finding_with_the_others_related(tmp_path: Path) -> None:
    """Three Sentinel files monitor the master at the same Docker-assigned address: one finding, on the
    first, and the two other lines are its related locations (a fix of one file alone is not enough)."""
    files = {"compose.yaml": "services:\n"}
    for i in (1, 2, 3):
        files["compose.yaml"] += (
            f"  sentinel{i}:\n    image: redis:7.2.6\n    command: [\"redis-sentinel\", \"/etc/s/sentinel.conf\"]\n"
            f"    volumes: [\"./s{i}:/etc/s\"]\n"
        )
        files[f"s{i}/sentinel.conf"] = "port 26379\nsentinel monitor mymaster 172.26.0.3 6379 2\n"
    write(tmp_path, files)
    report = lint([str(tmp_path)], Settings(select=("RL508",)), root=str(tmp_path), environ={})
    (f,) = [f for f in report.findings if f.evidence.startswith("container-ip:")]
    assert (os.path.relpath(f.span.file, tmp_path), f.span.start_line, f.severity.label) == ("s1/sentinel.conf", 2, "medium")
    assert [(os.path.relpath(r.span.file, tmp_path), r.span.start_line, r.message) for r in f.related] == [
        ("s2/sentinel.conf", 2, "Sentinel service 'sentinel2' monitors it at 172.26.0.3 too"),
        ("s3/sentinel.conf", 2, "Sentinel service 'sentinel3' monitors it at 172.26.0.3 too"),
    ]
