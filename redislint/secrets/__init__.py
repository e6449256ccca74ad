"""Secrets: what a secret is, where the secrets of a run are written, and how they are masked.

- :mod:`~redislint.secrets.names`: the one definition of a secret by name (variables, keys, config
  directives and command-line options whose value is a password);
- :mod:`~redislint.secrets.collect`: the :class:`~redislint.secrets.collect.Secrets` collected at link
  time from the parsed values (config directives, command lines, compose scalars);
- :mod:`~redislint.secrets.files`: the secrets of whole files (``.env``, ``env_file``, Dockerfiles,
  compose secret files, config lines Redis refuses);
- :mod:`~redislint.secrets.mask`: the :class:`~redislint.secrets.mask.Masker` every printed text and
  code frame goes through (it imports only the model: the engine and the renderers use it).
"""
