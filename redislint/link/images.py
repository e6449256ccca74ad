"""Link stage: images built from a Dockerfile of the repository.

A Dockerfile no compose service builds is read as the workload it describes: an image run as it is
(``docker build . && docker run IMAGE``), with the server its ENTRYPOINT/CMD starts, the config it
COPYs, its HEALTHCHECK, USER, VOLUME and EXPOSE. It becomes a service of platform ``image`` in a stack
of its own, so that the rules about servers, probes, users and data directories apply to it; what
only a run says (limits, restart policy, published ports) is unknown there and rules about it skip
that platform. A compose service that builds a Dockerfile and writes no ``healthcheck:`` runs the
image's HEALTHCHECK: it gets it too."""

from __future__ import annotations

import os

from redislint.model.compose import Build, Healthcheck, Service, Stack
from redislint.model.dockerfile import Dockerfile
from redislint.model.span import Span
from redislint.model.values import Value
from redislint.model.workload import Workload


def dockerfile_healthcheck(df: Dockerfile) -> Healthcheck | None:
    """The image's HEALTHCHECK as a compose healthcheck (None: none, or not readable)."""
    if df.healthcheck_span is None or df.healthcheck_test is None:
        return None
    sp = df.healthcheck_span
    if df.healthcheck_shell:
        text = df.healthcheck_test[0]
        return Healthcheck(span=sp, form="CMD-SHELL", test=(Value(text=text, span=sp, raw=text),))
    return Healthcheck(span=sp, form="CMD", test=tuple(Value(text=a, span=sp, raw=a) for a in df.healthcheck_test))


def image_service(df: Dockerfile, root: str) -> tuple[Stack, Service]:
    """The service (platform ``image``) a lone Dockerfile describes, in a stack of its own."""
    folder = os.path.dirname(df.path)
    rel = os.path.relpath(df.path, root) if root else os.path.basename(df.path)
    name = rel.replace(os.sep, "/") if not rel.startswith("..") else os.path.basename(df.path)
    base = Span.point(df.path, max(df.base_line, 1), df.base_col, len(df.base or "") or 1)
    svc = Service(
        name=name,
        span=base,
        file=df.path,
        project_dir=folder,
        build=Build(context=folder, dockerfile=df.path, span=base),
        healthcheck=dockerfile_healthcheck(df),
        user=Value(text=df.user, span=df.user_span, raw=df.user) if df.user and df.user_span is not None else None,
        platform="image",
        workload=Workload(run_settings_known=False),
    )
    stack = Stack(name=name, dir=folder, files=[df.path], platform="image")
    stack.services[name] = svc
    svc.stack = stack
    return stack, svc
