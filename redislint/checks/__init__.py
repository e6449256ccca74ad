"""The rules: one module per rule, ``rlNNN_<name>.py`` (a rule made of separate checks adds
``rlNNN_<part>.py`` modules); ``_*.py`` modules hold predicates several rules share. The registry
(:mod:`redislint.engine.registry`) imports them; a rule reads only the model (see ARCHITECTURE.md)."""
