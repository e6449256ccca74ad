"""The unified model: stacks, services, nodes with their effective config, groups; every value with
its Span. Model classes derive from :class:`redislint.model.base.Record` (see there for why they are
neither pydantic models nor dataclasses)."""
