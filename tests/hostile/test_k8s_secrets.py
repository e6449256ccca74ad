"""A password planted in a Kubernetes manifest never appears in any output (issue 16, hostile input).

Each case is a small repository of manifests holding one unique password in one secret position: a
Secret's ``data`` (base64: neither the text nor its encoding may show) or ``stringData``, an env
``value:``, a ConfigMap's redis.conf, sentinel.conf or ACL lines, ``--requirepass`` in ``args`` or a
shell command, a probe's ``redis-cli -a``. As in ``test_mask_planted.py``, the report is rendered in
every format, then again with a finding quoting the password on every line of every file; and
``redislint fix`` prints its diff: the password may show in none, in any letter case."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest

from redislint.api import lint
from redislint.engine.context import Settings
from tests.hostile.test_mask_planted import all_outputs, assert_absent, with_every_line, write


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def sts(container: str = "", pod: str = "", image: str = "redis:7.4.9") -> str:
    return (
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: redis, namespace: cache}\nspec:\n  serviceName: redis\n  replicas: 1\n"
        "  template:\n    metadata:\n      labels: {app: redis}\n    spec:\n      containers:\n      - name: redis\n"
        f"        image: {image}\n{container}{pod}"
    )


CONF_MOUNT = (
    "        args: [/etc/redis/redis.conf]\n        volumeMounts:\n        - {name: config, mountPath: /etc/redis}\n"
    "      volumes:\n      - name: config\n        configMap: {name: redis}\n"
)
ENV_ARGS = '        args: ["--requirepass", "$(REDIS_PASSWORD)"]\n'


def secret(body: str, name: str = "redis-auth") -> str:
    return f"---\napiVersion: v1\nkind: Secret\nmetadata: {{name: {name}, namespace: cache}}\ntype: Opaque\n{body}"


def configmap(key: str, text: str) -> str:
    lines = "".join(f"    {ln}\n" for ln in text.splitlines())
    return f"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: redis, namespace: cache}}\ndata:\n  {key}: |\n{lines}"


SECRET_REF = "        env:\n        - name: REDIS_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: redis-auth, key: password}\n"

USERSPEC = '{"name":"u","password":["Pw7fN1json"]}'
"""An operator's user spec (Spotahome's ``authV2``) in a Secret no container reads."""

# (case id, files, the password, other texts that must not appear either)
CASES: list[tuple[str, dict[str, str], str, list[str]]] = [
    ("secret-data", {"redis.yaml": sts(ENV_ARGS + SECRET_REF) + secret(f"data:\n  password: {b64('Pw7fK1data')}\n")}, "Pw7fK1data", [b64("Pw7fK1data")]),
    ("secret-data-folded", {"redis.yaml": sts(ENV_ARGS + SECRET_REF) + secret(f"data:\n  password: >-\n    {b64('Pw7fK2fold')[:8]}\n    {b64('Pw7fK2fold')[8:]}\n")}, "Pw7fK2fold", [b64("Pw7fK2fold")[:8], b64("Pw7fK2fold")[8:]]),
    ("secret-string-data", {"redis.yaml": sts(ENV_ARGS + SECRET_REF) + secret("stringData:\n  password: Pw7fK3strd\n")}, "Pw7fK3strd", []),
    ("secret-unused", {"redis.yaml": sts() + secret(f"data:\n  token: {b64('Pw7fK4unus')}\n  other: Pw7fK4notb64!\n")}, "Pw7fK4unus", [b64("Pw7fK4unus"), "Pw7fK4notb64"]),
    ("secret-unused-userspec", {"redis.yaml": sts() + secret(f"data:\n  userspec: {b64(USERSPEC)}\n", name="users")}, "Pw7fN1json", [b64(USERSPEC)]),
    ("secret-env-from", {"redis.yaml": sts("        envFrom:\n        - secretRef: {name: redis-auth}\n", image="bitnami/redis:7.2")
                         + secret("stringData:\n  REDIS_PASSWORD: Pw7fK5envf\n")}, "Pw7fK5envf", []),
    ("env-value", {"redis.yaml": sts(ENV_ARGS + "        env:\n        - name: REDIS_PASSWORD\n          value: Pw7fK6envv\n")}, "Pw7fK6envv", []),
    ("env-value-bitnami", {"redis.yaml": sts("        env:\n        - {name: REDIS_PASSWORD, value: 'Pw7fK7bitn'}\n", image="bitnami/redis:7.2")}, "Pw7fK7bitn", []),
    ("env-value-quoted", {"redis.yaml": sts(ENV_ARGS + '        env:\n        - name: REDIS_PASSWORD\n          value: "Pw7fK8quo\\"te"\n')}, 'Pw7fK8quo"te', []),
    ("args-escaped", {"redis.yaml": sts('        args: ["--requirepass", "Pw7fM3es\\"c\\u0041", "--masterauth", "\\x50w7fM3es\\"cA"]\n')}, 'Pw7fM3es"cA', ["w7fM3es"]),
    ("env-escaped", {"redis.yaml": sts(ENV_ARGS + '        env:\n        - name: REDIS_PASSWORD\n          value: "\\x50w7fM4esc"\n')}, "Pw7fM4esc", ["w7fM4esc"]),
    ("args-requirepass", {"redis.yaml": sts('        args: ["--requirepass", "Pw7fK9args", "--appendonly", "yes"]\n')}, "Pw7fK9args", []),
    ("args-equals", {"redis.yaml": sts('        args: ["--requirepass=Pw7fL1equa"]\n')}, "Pw7fL1equa", []),
    ("args-scalar", {"redis.yaml": sts("        command: [redis-server]\n        args: --requirepass Pw7fL2scal --maxmemory 1gb\n")}, "Pw7fL2scal", []),
    ("command-shell", {"redis.yaml": sts('        command: [sh, -c, "exec redis-server --requirepass Pw7fL3shel --masterauth Pw7fL3shel"]\n')}, "Pw7fL3shel", []),
    ("args-block", {"redis.yaml": sts("        command: [sh, -c]\n        args:\n        - |\n          redis-server \\\n            --requirepass Pw7fL4bloc\n")}, "Pw7fL4bloc", []),
    ("probe-cli", {"redis.yaml": sts('        args: ["--requirepass", "Pw7fL5prob"]\n        readinessProbe:\n          exec:\n            command: [redis-cli, -a, Pw7fL5prob, ping]\n')}, "Pw7fL5prob", []),
    ("configmap-requirepass", {"redis.yaml": sts(CONF_MOUNT) + configmap("redis.conf", "appendonly yes\nrequirepass Pw7fL6conf\nmasterauth Pw7fL6conf\n")}, "Pw7fL6conf", []),
    ("configmap-acl", {"redis.yaml": sts(CONF_MOUNT) + configmap("redis.conf", "user app on >Pw7fL7acl1 ~* +@all\n")}, "Pw7fL7acl1", []),
    ("configmap-sentinel", {"redis.yaml": sts("        command: [redis-sentinel, /etc/redis/sentinel.conf]\n" + CONF_MOUNT.replace("        args: [/etc/redis/redis.conf]\n", ""))
                            + configmap("sentinel.conf", "sentinel monitor m redis-0.redis 6379 2\nsentinel auth-pass m Pw7fL8sent\n")}, "Pw7fL8sent", []),
    ("secret-conf-file", {"redis.yaml": sts(CONF_MOUNT.replace("configMap: {name: redis}", "secret: {secretName: redis-auth}"))
                          + secret(f"data:\n  redis.conf: {b64('requirepass Pw7fL9file' + chr(10))}\n")}, "Pw7fL9file", [b64("requirepass Pw7fL9file\n")]),
    ("broken-yaml", {"redis.yaml": sts('        args: ["--requirepass", "Pw7fM1brok"\n        image: [\n')}, "Pw7fM1brok", []),
    ("secret-last-applied", {"redis.yaml": sts(ENV_ARGS + SECRET_REF) + secret(
        "stringData:\n  password: Pw7fM5appl\n", name="redis-auth").replace(
        "metadata: {name: redis-auth, namespace: cache}", "metadata:\n  name: redis-auth\n  namespace: cache\n  annotations:\n"
        "    kubectl.kubernetes.io/last-applied-configuration: |\n      {\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"password\":\"Pw7fM5appl\"}}")},
     "Pw7fM5appl", []),
    ("list-kind", {"redis.yaml": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: redis-auth, namespace: cache}\n"
                   f"  data: {{password: {b64('Pw7fM2list')}}}\n---\n" + sts(ENV_ARGS + SECRET_REF)}, "Pw7fM2list", [b64("Pw7fM2list")]),
]


@pytest.mark.parametrize(("files", "password", "others"), [pytest.param(f, p, o, id=i) for i, f, p, o in CASES])
def test_planted_password_appears_in_no_output(tmp_path: Path, files: dict[str, str], password: str, others: list[str], request: pytest.FixtureRequest) -> None:
    write(tmp_path, files)
    report = lint([str(tmp_path)], Settings(), root=str(tmp_path), environ={})
    assert report.files, "the manifest was not read"
    secrets = [password, *others]
    assert_absent(all_outputs(report), secrets)
    quote = not request.node.callspec.id.startswith("broken")
    assert_absent(all_outputs(with_every_line(report, password, quote=quote)), secrets)


@pytest.mark.parametrize(("files", "password", "others"), [pytest.param(f, p, o, id=i) for i, f, p, o in CASES if i in ("secret-data", "env-value", "args-requirepass", "configmap-requirepass", "command-shell")])
def test_planted_password_not_in_the_cli_nor_a_fix_diff(tmp_path: Path, files: dict[str, str], password: str, others: list[str]) -> None:
    write(tmp_path, files)
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C.UTF-8"}
    for args in (["check", ".", "--format", "text"], ["check", ".", "--format", "sarif"], ["fix", "--diff", "--unsafe-fixes", "."]):
        proc = subprocess.run([sys.executable, "-m", "redislint", *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120, check=False)
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode in (0, 1), (args, proc.stderr)
        out = (proc.stdout + proc.stderr).lower()
        for s in (password, *others):
            assert s.lower() not in out, f"{args} shows the password"


def test_the_cases_are_unique() -> None:
    assert len({i for i, *_ in CASES}) == len(CASES)
    assert len({p for _i, _f, p, _o in CASES}) == len(CASES)


def test_a_redis_conf_in_a_secrets_base64_data_is_read_decoded(tmp_path: Path) -> None:
    """The server's config file mounted from a Secret's ``data`` was linted as its base64 text: an
    unknown directive (RL002) and no password (RL101) on a config that sets one. Its findings are on
    the Secret's value, whose line is never shown."""
    files = next(f for i, f, _p, _o in CASES if i == "secret-conf-file")
    write(tmp_path, files)
    report = lint([str(tmp_path)], Settings(select=("RL002", "RL101", "RL103")), root=str(tmp_path), environ={})
    assert {(f.rule_id, f.span.start_line, f.severity.label) for f in report.findings} == {("RL103", 26, "medium")}
    assert "Pw7fL9file" in report.secrets
