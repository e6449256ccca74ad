"""The planted-password cases of ``test_mask_planted.py``: one small repository per secret position
(redis.conf, ACL files, Sentinel, compose services, env files, Dockerfiles, scripts...), each holding a
unique password, and the other passwords some cases hold besides. Data, not tests."""

from __future__ import annotations

COMPOSE_HEAD = "services:\n  cache:\n    image: redis:7.4.2\n"


def conf_case(body: str) -> dict[str, str]:
    return {"redis.conf": body}


def compose_case(service_body: str, **extra: str) -> dict[str, str]:
    return {"compose.yaml": COMPOSE_HEAD + service_body, **extra}


# (case id, files, the password as the program would see it, fragments that must not appear)
CASES: list[tuple[str, dict[str, str], str]] = [
    # --- redis.conf ------------------------------------------------------------------------
    ("conf-requirepass", conf_case("port 6379\nrequirepass Pw7fA1conf\n"), "Pw7fA1conf"),
    ("conf-masterauth", conf_case("replicaof 10.0.0.1 6379\nmasterauth Pw7fA2mast\n"), "Pw7fA2mast"),
    ("conf-primaryauth", conf_case("primaryauth Pw7fA3prim\n"), "Pw7fA3prim"),
    ("conf-tls-key-pass", conf_case("tls-key-file-pass Pw7fA4tlsk\n"), "Pw7fA4tlsk"),
    ("conf-tls-client-key-pass", conf_case("tls-client-key-file-pass Pw7fA5tlsc\n"), "Pw7fA5tlsc"),
    ("conf-acl-user", conf_case("user bob on >Pw7fA6acl1 ~* +@all\n"), "Pw7fA6acl1"),
    (
        "conf-acl-hash",
        conf_case("user bob on #0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 ~* +@all\n"),
        "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ),
    (
        "aclfile",
        {"redis.conf": "aclfile users.acl\n", "users.acl": "user carol on >Pw7fA7aclf ~* +@all\n"},
        "Pw7fA7aclf",
    ),
    (
        "sentinel-auth-pass",
        {"sentinel.conf": "sentinel monitor m 10.0.0.1 6379 2\nsentinel auth-pass m Pw7fA8sent\n"},
        "Pw7fA8sent",
    ),
    (
        "sentinel-sentinel-pass",
        {"sentinel.conf": "sentinel monitor m 10.0.0.1 6379 2\nsentinel sentinel-pass Pw7fA9snsp\n"},
        "Pw7fA9snsp",
    ),
    ("conf-misspelt", conf_case("requirepas Pw7fB1miss\n"), "Pw7fB1miss"),
    ("conf-misspelt-2", conf_case("masterauht Pw7fB2miss\n"), "Pw7fB2miss"),
    (
        "sentinel-auth-pas-misspelt",
        {"sentinel.conf": "sentinel monitor m 10.0.0.1 6379 2\nsentinel auth-pas m Pw7fB3miss\n"},
        "Pw7fB3miss",
    ),
    (
        "sentinel-auth-pass-no-master",
        {"sentinel.conf": "sentinel monitor m 10.0.0.1 6379 2\nsentinel auth-pass Pw7fB4nomr\n"},
        "Pw7fB4nomr",
    ),
    ("conf-line-below", conf_case("requirepass\nPw7fB5alone\n"), "Pw7fB5alone"),
    ("conf-equals", conf_case("requirepass=Pw7fB6equa\n"), "Pw7fB6equa"),
    ("conf-vertical-tab", conf_case("requirepass\x0bPw7fB7vtab\n"), "Pw7fB7vtab"),
    ("conf-nbsp", conf_case("requirepass\xa0Pw7fB8nbsp\n"), "Pw7fB8nbsp"),
    ("conf-spaces-unquoted", conf_case("requirepass Pw7fB9sp1 Qz4kSp2x Rt6mSp3y\n"), "Pw7fB9sp1 Qz4kSp2x Rt6mSp3y"),
    ("conf-quoted-spaces", conf_case('requirepass "Pw7fC1qs Qz4kQs2x"\n'), "Pw7fC1qs Qz4kQs2x"),
    ("conf-escaped-single", conf_case("requirepass 'Pw7fC2esc\\'Qz4kEsc2'\n"), "Pw7fC2esc'Qz4kEsc2"),
    ("conf-escaped-double-acl", conf_case('user bob on ">Pw7fC3dq\\"Qz4kDq2x" ~* +@all\n'), 'Pw7fC3dq"Qz4kDq2x'),
    ("conf-x1c", conf_case('requirepass "Pw7fC4fs\x1cQz4kFs2x"\n'), "Pw7fC4fs\x1cQz4kFs2x"),
    ("conf-x0c", conf_case('requirepass "Pw7fC5ff\x0cQz4kFf2x"\n'), "Pw7fC5ff\x0cQz4kFf2x"),
    ("conf-cr-in-quotes", conf_case('requirepass "Pw7fC6cr\rQz4kCr2x"\n'), "Pw7fC6cr\rQz4kCr2x"),
    ("conf-u2028", conf_case('requirepass "Pw7fC7ls\u2028Qz4kLs2x"\n'), "Pw7fC7ls\u2028Qz4kLs2x"),
    ("conf-hex-escape", conf_case('requirepass "Pw7fC8hx\\x41Qz4kHx2x"\n'), "Pw7fC8hxAQz4kHx2x"),
    # --- compose command lines -----------------------------------------------------------------
    ("cmd-string", compose_case("    command: redis-server --requirepass Pw7fD1str\n"), "Pw7fD1str"),
    ("cmd-string-equals", compose_case("    command: redis-server --requirepass=Pw7fD2equ\n"), "Pw7fD2equ"),
    ("cmd-list-equals", compose_case('    command: ["redis-server", "--masterauth=Pw7fD3leq"]\n'), "Pw7fD3leq"),
    (
        "cmd-sh-c-equals",
        compose_case('    command: ["sh", "-c", "exec redis-server --masterauth=Pw7fD4shc --port 6379"]\n'),
        "Pw7fD4shc",
    ),
    (
        "cmd-sh-c-string",
        compose_case("    command: sh -c 'redis-server --requirepass Pw7fD5shs'\n"),
        "Pw7fD5shs",
    ),
    (
        "cmd-yaml-doubled-quote",
        compose_case("    command:\n      - redis-server\n      - --requirepass\n      - 'Pw7fD6yq''Qz4kYq2x'\n"),
        "Pw7fD6yq'Qz4kYq2x",
    ),
    (
        "cmd-folded",
        compose_case("    command: >-\n      redis-server --port 6379\n      --requirepass Pw7fD7fold\n"),
        "Pw7fD7fold",
    ),
    (
        "cmd-flow-next-line",
        compose_case('    command: ["redis-server", "--requirepass",\n      "Pw7fD8flow"]\n'),
        "Pw7fD8flow",
    ),
    (
        "cmd-comment-between",
        compose_case("    command:\n      - redis-server\n      - --requirepass\n      # the password\n      - Pw7fD9cmnt\n"),
        "Pw7fD9cmnt",
    ),
    ("cmd-one-item", compose_case('    command: ["redis-server", "--requirepass Pw7fE1item"]\n'), "Pw7fE1item"),
    (
        "cmd-sentinel-auth-pass",
        compose_case("    command: redis-sentinel /etc/s.conf --sentinel auth-pass m Pw7fE2sent\n"),
        "Pw7fE2sent",
    ),
    (
        "cmd-misspelt",
        compose_case("    command: redis-server --requirepas Pw7fE3miss\n"),
        "Pw7fE3miss",
    ),
    (
        "exporter-flag",
        {
            "compose.yaml": "services:\n  exporter:\n    image: oliver006/redis_exporter:v1.62.0\n"
            "    command: [\"--redis.addr=redis://cache:6379\", \"--redis.password\", \"Pw7fE4expo\"]\n"
        },
        "Pw7fE4expo",
    ),
    (
        "exporter-env",
        {
            "compose.yaml": "services:\n  exporter:\n    image: oliver006/redis_exporter:v1.62.0\n"
            "    environment:\n      REDIS_ADDR: redis://cache:6379\n      REDIS_PASSWORD: Pw7fE5expe\n"
        },
        "Pw7fE5expe",
    ),
    (
        "healthcheck-a",
        compose_case('    healthcheck:\n      test: ["CMD", "redis-cli", "-a", "Pw7fE6hcka", "ping"]\n'),
        "Pw7fE6hcka",
    ),
    (
        "healthcheck-shell-pass",
        compose_case('    healthcheck:\n      test: ["CMD-SHELL", "redis-cli --pass Pw7fE7hcks ping | grep PONG"]\n'),
        "Pw7fE7hcks",
    ),
    (
        "healthcheck-url",
        compose_case("    healthcheck:\n      test: redis-cli -u redis://app:Pw7fE8hcku@localhost:6379 ping\n"),
        "Pw7fE8hcku",
    ),
    (
        "cli-acl-setuser",
        compose_case('    command: ["redis-cli", "ACL", "SETUSER", "bob", "on", ">Pw7fE9aclc"]\n'),
        "Pw7fE9aclc",
    ),
    # --- environment, .env, Dockerfile, secret files ---------------------------------------------
    ("env-map", compose_case("    environment:\n      REDIS_PASSWORD: Pw7fF1envm\n"), "Pw7fF1envm"),
    ("env-list", compose_case("    environment:\n      - APP_TOKEN=Pw7fF2envl\n"), "Pw7fF2envl"),
    ("env-api-key", compose_case("    environment:\n      STRIPE_API_KEY: Pw7fF3envk\n"), "Pw7fF3envk"),
    ("env-url", compose_case("    environment:\n      CACHE_URL: redis://:Pw7fF4envu@cache:6379/0\n"), "Pw7fF4envu"),
    (
        "env-args",
        compose_case('    environment:\n      REDIS_ARGS: "--requirepass Pw7fF5envr"\n'),
        "Pw7fF5envr",
    ),
    (
        "dotenv-secret-name",
        compose_case("    environment:\n      REDIS_PASSWORD: ${REDIS_PASSWORD}\n", **{".env": "REDIS_PASSWORD=Pw7fF6dotn\n"}),
        "Pw7fF6dotn",
    ),
    (
        "dotenv-used-as-password",
        compose_case("    command: redis-server --requirepass ${REDIS_ARG}\n", **{".env": "REDIS_ARG=Pw7fF7dotu\n"}),
        "Pw7fF7dotu",
    ),
    (
        "dotenv-default",
        compose_case("    command: redis-server --requirepass ${PW:-Pw7fF8dflt}\n"),
        "Pw7fF8dflt",
    ),
    (
        "env-file",
        compose_case("    env_file: redis.env\n", **{"redis.env": "REDIS_PASSWORD='Pw7fF9envf'\n"}),
        "Pw7fF9envf",
    ),
    (
        "dockerfile-env",
        {
            "compose.yaml": "services:\n  cache:\n    build: .\n",
            "Dockerfile": "FROM redis:7.4.2\nENV REDIS_PASSWORD Pw7fG1dock\nARG ADMIN_TOKEN=Pw7fG2dock\n"
            'CMD ["redis-server", "--requirepass", "Pw7fG3dock"]\n',
        },
        "Pw7fG1dock",
    ),
    (
        "secret-file",
        {
            "compose.yaml": COMPOSE_HEAD
            + "    command: redis-server /run/secrets/pw.conf\n    secrets: [pw.conf]\n"
            "secrets:\n  pw.conf:\n    file: ./pw.conf\n",
            "pw.conf": "Pw7fG4secf\n",
        },
        "Pw7fG4secf",
    ),
]

CASES += [
    (
        "yaml-anchor-alias",
        {
            # (an alias as a command argument is part C's Span.join crash: here it is an environment value)
            "compose.yaml": "x-pw: &pw Pw7fH1anch\n" + COMPOSE_HEAD + "    environment:\n      REDIS_PASSWORD: *pw\n"
        },
        "Pw7fH1anch",
    ),
    (
        "override-file",
        {
            "compose.yaml": COMPOSE_HEAD,
            "compose.override.yaml": "services:\n  cache:\n    command: redis-server --requirepass Pw7fH2ovrd\n",
        },
        "Pw7fH2ovrd",
    ),
    (
        "cmd-sh-c-cli-a",
        compose_case('    command: ["sh", "-c", "redis-server & sleep 1; redis-cli -a Pw7fH3shca ping; wait"]\n'),
        "Pw7fH3shca",
    ),
    ("env-rediscli-auth", compose_case("    environment:\n      REDISCLI_AUTH: Pw7fH4auth\n"), "Pw7fH4auth"),
    (
        "cmd-tls-key-pass",
        compose_case("    command: redis-server --tls-key-file-pass Pw7fH5tlsp --tls-port 6380\n"),
        "Pw7fH5tlsp",
    ),
    (
        "cmd-sentinel-pass",
        compose_case("    command: redis-sentinel /s.conf --sentinel sentinel-pass Pw7fH6snps\n"),
        "Pw7fH6snps",
    ),
    (
        "dotenv-in-healthcheck",
        compose_case(
            '    healthcheck:\n      test: ["CMD", "redis-cli", "-a", "${HC}", "ping"]\n', **{".env": "HC=Pw7fH7hcdv\n"}
        ),
        "Pw7fH7hcdv",
    ),
    (
        "dotenv-quoted-spaces",
        compose_case("    environment:\n      A: b\n", **{".env": 'export APP_SECRET="Pw7fH8dq Qz4kDv2x"\n'}),
        "Pw7fH8dq Qz4kDv2x",
    ),
    (
        "conf-mixed-case-directive",
        conf_case("RequirePass Pw7fH9MiXd\nMASTERAUTH=Pw7fI1UpEq\n"),
        "Pw7fH9MiXd",
    ),
    (
        "bind-mounted-conf",
        {
            "compose.yaml": COMPOSE_HEAD
            + "    command: redis-server /usr/local/etc/redis/redis.conf\n"
            "    volumes:\n      - ./conf/redis.conf:/usr/local/etc/redis/redis.conf:ro\n",
            "conf/redis.conf": "requirepass Pw7fI2bind\nmaxmemory 1x\n",
        },
        "Pw7fI2bind",
    ),
    (
        "include-secret-file",
        {
            "compose.yaml": COMPOSE_HEAD
            + "    command: redis-server /usr/local/etc/redis/redis.conf\n"
            "    volumes:\n      - ./redis.conf:/usr/local/etc/redis/redis.conf:ro\n"
            "    secrets: [auth]\n"
            "secrets:\n  auth:\n    file: ./auth.conf\n",
            "redis.conf": "include /run/secrets/auth\n",
            "auth.conf": "requirepass Pw7fI3incl\nPw7fI4bare\n",
        },
        "Pw7fI3incl",
    ),
    (
        "exporter-url",
        {
            "compose.yaml": "services:\n  exporter:\n    image: oliver006/redis_exporter:v1.62.0\n"
            "    environment:\n      REDIS_ADDR: redis://default:Pw7fI5expu@cache:6379\n"
        },
        "Pw7fI5expu",
    ),
    (
        "exporter-single-dash",
        {
            "compose.yaml": "services:\n  exporter:\n    image: oliver006/redis_exporter:v1.62.0\n"
            "    command: -redis.password=Pw7fI6expd\n"
        },
        "Pw7fI6expd",
    ),
]

CASES += [
    (
        "inline-config-content",
        {
            "compose.yaml": COMPOSE_HEAD
            + "    command: redis-server /etc/redis.conf\n    configs:\n      - source: rc\n        target: /etc/redis.conf\n"
            "configs:\n  rc:\n    content: |\n      port 6379\n      requirepass Pw7fI7inln\n      maxmemory 1x\n"
        },
        "Pw7fI7inln",
    ),
    (
        "inline-config-unused",
        {
            "compose.yaml": COMPOSE_HEAD
            + "configs:\n  rc:\n    content: |\n      requirepas Pw7fI8inlu\n"
        },
        "Pw7fI8inlu",
    ),
]

CASES += [
    ("conf-unbalanced-quote", conf_case('requirepass "Pw7fJ3unbl\nport 6379\n'), "Pw7fJ3unbl"),
    ("conf-unbalanced-acl", conf_case("user bob on '>Pw7fJ4unba ~* +@all\n"), "Pw7fJ4unba"),
    (
        "yaml-invalid-control-char",
        compose_case("    command: redis-server --requirepass Pw7fJ5yctl\x1cQz4kYc2x\n"),
        "Pw7fJ5yctl\x1cQz4kYc2x",
    ),
    (
        "yaml-syntax-error",
        compose_case("    command: [redis-server, --requirepass, Pw7fJ6ysyn\n    ports: [\n"),
        "Pw7fJ6ysyn",
    ),
]

CASES += [
    (
        "extends-other-file",
        {
            "compose.yaml": "services:\n  cache:\n    extends:\n      file: base.yaml\n      service: base\n",
            "base.yaml": "services:\n  base:\n    image: redis:7.4.2\n"
            "    command: redis-server --requirepass Pw7fK2extd\n    environment:\n      REDIS_PASSWORD: Pw7fK3extd\n",
        },
        "Pw7fK2extd",
    ),
    (
        "include-compose-file",
        {
            "compose.yaml": "include:\n  - other.yaml\nservices:\n  web:\n    image: nginx:1.27\n",
            "other.yaml": "services:\n  cache:\n    image: redis:7.4.2\n    command: redis-server --requirepass Pw7fK4incl\n",
        },
        "Pw7fK4incl",
    ),
    (
        "merge-key",
        {
            "compose.yaml": "x-common: &common\n  environment:\n    REDIS_PASSWORD: Pw7fK5merg\n"
            + COMPOSE_HEAD
            + "    <<: *common\n"
        },
        "Pw7fK5merg",
    ),
]

EXTRA_PASSWORDS = {
    "extends-other-file": ["Pw7fK3extd"],
    "conf-mixed-case-directive": ["Pw7fI1UpEq"],
    "include-secret-file": ["Pw7fI4bare"],"dockerfile-env": ["Pw7fG2dock", "Pw7fG3dock"]}
