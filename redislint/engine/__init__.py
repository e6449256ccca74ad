"""The engine: rule declarations and scopes (``rule``), the catalog (``registry``), the runner with
crash isolation and suppressions, findings, the run context and the report renderers read."""
