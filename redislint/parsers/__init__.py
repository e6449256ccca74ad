"""The parsers, one module per file format (compose YAML, redis.conf and sentinel.conf, Dockerfiles,
command lines, shell, variable interpolation): each says what its file says, every value with a span,
and never guesses what a deployment means (that is the link stage's job)."""
