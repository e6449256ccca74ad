"""What redislint knows about Redis and Valkey themselves, independent of any deployment: versions,
the directives each version knows, how the server reads numbers and sizes, the argument grammar of
each directive (types, special directives, ACL rules, Sentinel statements), the checks over a whole
config file, and the command tables.

Modules, by subject:

- :mod:`~redislint.redis.versions`: a server version and the version gates of values
- :mod:`~redislint.redis.directives`: the directive names per version, aliases, "did you mean"
- :mod:`~redislint.redis.numbers`: numbers and sizes as the C library and ``util.c`` parse them
- :mod:`~redislint.redis.commands`: the command tables, Sentinel command tables and ACL categories of
  each release line, read from the real servers (``redislint/data/*commands-*.txt``, ``acl-categories-*``)
- :mod:`~redislint.redis.directive_types`: the argument type of each directive (``directive-types.csv``)
- :mod:`~redislint.redis.words`: how the server cuts a config line into arguments (``sdssplitargs``)
- :mod:`~redislint.redis.problems`: the wording helpers every check uses (the problem record is the
  model's, :mod:`redislint.model.problems`)
- :mod:`~redislint.redis.arguments`: one argument against its type (int, memory, enum, flags...)
- :mod:`~redislint.redis.special`: the directives with a grammar of their own (save, bind, ...)
- :mod:`~redislint.redis.acl`: the ACL rules of a ``user`` line
- :mod:`~redislint.redis.acl_commands`: which commands a user's rules let it run (command categories)
- :mod:`~redislint.redis.sentinel`: ``sentinel`` statements, and their masters across a file
- :mod:`~redislint.redis.file_checks`: fatal combinations of lines in one file
- :mod:`~redislint.redis.validate`: the entry points (one directive, a whole file)
- :mod:`~redislint.redis.passwords`: where a config holds passwords, the well-known default and
  sample passwords
- :mod:`~redislint.redis.exporter`: the metrics redis_exporter exports, the alerts every deployment needs

Layering: this package imports only the standard library, :mod:`redislint.datafiles` (its tables
are package data) and the model's record modules (``model.base``, ``model.span``, ``model.values``,
``model.conf``, ``model.problems``); it imports no parser: the config parser
(:mod:`redislint.parsers.redis_conf`) uses its tokenizer, :mod:`~redislint.redis.words`. It never imports the project model, the link stage, the engine, rules or outputs: they import it.
:mod:`~redislint.redis.numbers` and :mod:`~redislint.redis.commands` import nothing of redislint
but the data files.
"""
