"""``redislint audit``: the catalog's checks on running servers, and the drift between a running
server and the repository. The only part of redislint that imports a Redis client (redis-py), and
only when ``audit`` runs: ``--version`` and ``check`` never load it."""
